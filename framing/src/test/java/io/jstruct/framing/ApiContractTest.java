package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jstruct.Struct;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's tools read from the module: the nullness contract (JSpecify, so that Kotlin
 * sees {@code read()} may return null) and javadoc that passes doclint with no warning.
 */
class ApiContractTest {

  @Test
  void thePackageIsNullMarked() {
    assertTrue(FrameReader.class.getPackage().isAnnotationPresent(NullMarked.class));
  }

  /** Exactly the documented "nothing here" answers are {@code @Nullable}. */
  @Test
  void exactlyTheDocumentedReturnsAreNullable() throws Exception {
    List<String> nullable = new ArrayList<>();
    for (Class<?> type : publicClasses()) {
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers())
            && m.getAnnotatedReturnType().isAnnotationPresent(Nullable.class)) {
          nullable.add(type.getSimpleName() + "." + m.getName());
        }
      }
    }
    nullable.sort(null);
    assertEquals(List.of("FrameDecoder.poll", "FrameReader.read", "FrameReader.readPayload",
        "FrameReader.readStreamed", "HeaderDictReader.read", "HeaderDictReader.readStreamed"),
        nullable);
  }

  @Test
  void headerDictValuesMayBeJsonNull() throws Exception {
    AnnotatedType map = HeaderDictFrame.class.getMethod("header").getAnnotatedReturnType();
    AnnotatedType value = ((java.lang.reflect.AnnotatedParameterizedType) map)
        .getAnnotatedActualTypeArguments()[1];
    assertTrue(value.isAnnotationPresent(Nullable.class));
  }

  /** {@code javadoc -Xdoclint:all -Werror} over the module's sources, in process. */
  @Test
  void javadocHasNoDoclintWarning(@TempDir Path out) throws Exception {
    ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow();
    String classPath = Stream.of(Struct.class, ObjectMapper.class, JsonFactory.class,
            JsonAutoDetect.class, NullMarked.class)
        .map(ApiContractTest::location)
        .collect(Collectors.joining(File.pathSeparator));
    Path sources = Path.of("src/main/java");
    List<String> args = new ArrayList<>(List.of("-quiet", "-Xdoclint:all", "-Werror",
        "-d", out.toString(),
        // with module-info.java, the module and its dependencies' modules; else the class path
        Files.exists(sources.resolve("module-info.java")) ? "--module-path" : "-cp", classPath));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintWriter writer = new PrintWriter(log, true, StandardCharsets.UTF_8);
    int rc = javadoc.run(writer, writer, args.toArray(new String[0]));
    assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
    assertTrue(Files.exists(out.resolve("io/jstruct/framing/FrameReader.html"))
        || Files.exists(out.resolve("io.jstruct.framing/io/jstruct/framing/FrameReader.html")));
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Class<?>> publicClasses() throws IOException, URISyntaxException {
    Path dir = Path.of(location(FrameFormat.class)).resolve("io/jstruct/framing");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.equals("package-info.class")) {
          try {
            Class<?> type = Class.forName("io.jstruct.framing." + name.replace(".class", ""));
            if (Modifier.isPublic(type.getModifiers())) {
              classes.add(type);
            }
          } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
          }
        }
      }
    }
    assertTrue(classes.size() >= 19, classes.toString()); // the scan sees them all
    return classes;
  }
}
