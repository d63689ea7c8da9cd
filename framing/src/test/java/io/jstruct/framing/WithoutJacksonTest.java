package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code without-jackson} surefire execution, where jackson-databind, -core and
 * -annotations are off the class path (see framing/pom.xml): fixed headers work, and header
 * dicts fail with an error that names the missing dependency.
 */
class WithoutJacksonTest {

  @Test
  void jacksonIsReallyAbsent() {
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.fasterxml.jackson.databind.ObjectMapper"));
    assertThrows(ClassNotFoundException.class,
        () -> Class.forName("com.fasterxml.jackson.core.JsonFactory"));
  }

  @Test
  void fixedHeadersNeedNoJson() throws IOException {
    FrameFormat format = FrameFormat.builder("!BI").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out, format).write(Frame.of(new byte[] {1, 2, 3}, 9));
    Frame frame = new FrameReader(new ByteArrayInputStream(out.toByteArray()), format).read();
    assertArrayEquals(new byte[] {1, 2, 3}, frame.payload());
    assertEquals(9, frame.header()[0]);
    FrameDecoder decoder = new FrameDecoder(format);
    decoder.feed(out.toByteArray());
    assertArrayEquals(new byte[] {1, 2, 3}, decoder.poll().payload());
  }

  @Test
  void headerDictsNameTheMissingDependency() {
    FramingArgumentException standard = assertThrows(FramingArgumentException.class,
        HeaderDictFormat::standard);
    assertMessage(standard);
    FramingArgumentException built = assertThrows(FramingArgumentException.class,
        () -> HeaderDictFormat.builder().prefixFormat("!I").build());
    assertMessage(built);
    // Asking again gives the same clear error, not a NoClassDefFoundError from a failed holder.
    assertMessage(assertThrows(FramingArgumentException.class, HeaderDictFormat::standard));
  }

  private static void assertMessage(FramingArgumentException e) {
    assertTrue(e.getMessage().startsWith("header dicts need Jackson, an optional dependency of "
        + "jstruct-framing that is missing: add com.fasterxml.jackson.core:jackson-databind"),
        e.getMessage());
  }
}
