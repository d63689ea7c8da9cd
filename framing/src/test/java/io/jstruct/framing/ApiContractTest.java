package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * What a user's tools read from the module: the nullness contract (JSpecify, so that Kotlin
 * sees {@code read()} may return null). Javadoc's doclint is checked by the build itself: the
 * javadoc jar fails on any warning ({@code maven.javadoc.failOnWarnings} in the parent pom).
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
