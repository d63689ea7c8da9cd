package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Jackson is optional because exactly one class links it: every other compiled class of the
 * module is free of {@code com/fasterxml} references, so a fixed-header user can never load
 * Jackson by accident. The {@code without-jackson} surefire execution checks the same at run
 * time.
 */
class JacksonLinkTest {

  @Test
  void onlyHeaderJsonLinksJackson() throws IOException, URISyntaxException {
    Path classes = Path.of(FrameFormat.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).resolve("io/jstruct/framing");
    List<String> linking;
    try (Stream<Path> files = Files.list(classes)) {
      linking = files.filter(f -> f.toString().endsWith(".class"))
          .filter(JacksonLinkTest::mentionsJackson)
          .map(f -> f.getFileName().toString())
          .sorted()
          .collect(Collectors.toList());
    }
    assertEquals(List.of("HeaderJson$PythonEscapes.class",
        "HeaderJson$PythonSeparators.class", "HeaderJson.class"), linking);
  }

  @Test
  void theCheckSeesAReference() {
    // The scan would pass vacuously if it could not see a reference where one is.
    Path self = Path.of("target/classes/io/jstruct/framing/HeaderJson.class");
    assertTrue(mentionsJackson(self));
  }

  private static boolean mentionsJackson(Path classFile) {
    try {
      // Class names sit in the constant pool as modified UTF-8, which is ASCII for these.
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains("com/fasterxml/");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
