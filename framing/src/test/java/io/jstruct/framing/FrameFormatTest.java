package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jstruct.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FrameFormatTest {

  private static String error(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  void describesItself() {
    FrameFormat format = FrameFormat.builder("!BBI").build();
    assertEquals("!BBI", format.headerFormat());
    assertEquals(6, format.headerSize());
    assertEquals(16 * 1024 * 1024, format.maxFrameLength());
    assertEquals(2, format.lengthField());
    assertEquals(-1, format.checksumField());
    assertEquals(2, format.valueCount());
    assertEquals(4, FrameFormat.lengthPrefixed("i").headerSize());
    assertEquals(8, FrameFormat.lengthPrefixed("!Q").headerSize());
  }

  @Test
  void defaultLengthFieldIsTheLastIntegerOtherThanTheChecksum() {
    assertEquals(0, FrameFormat.builder("!Hd").build().lengthField());
    assertEquals(0, FrameFormat.builder("!IQ").checksumField(1).build().lengthField());
    assertEquals(2, FrameFormat.builder("!c3sHd?").build().lengthField());
  }

  @Test
  void programmerErrorsAreClearAtBuildTime() {
    assertEquals("invalid header format '!Z': bad char in struct format",
        error(() -> FrameFormat.lengthPrefixed("!Z")));
    assertEquals("header format '!d?' has no integer field to hold the length",
        error(() -> FrameFormat.builder("!d?").build()));
    assertEquals("length field 0 of '!dI' is not an integer field",
        error(() -> FrameFormat.builder("!dI").lengthField(0).build()));
    assertEquals("length field 3 is out of range: '!BBI' has 3 items",
        error(() -> FrameFormat.builder("!BBI").lengthField(3).build()));
    assertEquals("checksum field 0 of '!HI' cannot hold a CRC32C (0 to 4294967295): use I, L or Q",
        error(() -> FrameFormat.builder("!HI").checksumField(0).build()));
    assertEquals("checksum field 0 of '!iI' cannot hold a CRC32C (0 to 4294967295): use I, L or Q",
        error(() -> FrameFormat.builder("!iI").checksumField(0).build()));
    assertEquals("item 0 cannot be both the length and the checksum field",
        error(() -> FrameFormat.builder("!I").lengthField(0).checksumField(0).build()));
    assertEquals("a length prefix is one integer field; '!BI' has 2 items: use "
        + "FrameFormat.builder", error(() -> FrameFormat.lengthPrefixed("!BI")));
    assertEquals("maxFrameLength must be >= 0, got -1",
        error(() -> FrameFormat.builder("!I").maxFrameLength(-1)));
    assertEquals("header format is null", error(() -> FrameFormat.builder(null)));
  }

  @Test
  void nativeFormatsFollowThePlatform() throws IOException {
    FrameFormat big = FrameFormat.builder("i").platform(Platform.LP64_BIG_ENDIAN).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out, big).write(new byte[] {42});
    assertArrayEquals(new byte[] {0, 0, 0, 1, 42}, out.toByteArray());
    out.reset();
    new FrameWriter(out, FrameFormat.lengthPrefixed("i")).write(new byte[] {42});
    byte[] expected = Platform.host().byteOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
        ? new byte[] {1, 0, 0, 0, 42} : new byte[] {0, 0, 0, 1, 42};
    assertArrayEquals(expected, out.toByteArray());
  }

  @Test
  void receivedFrameHeaderHoldsTheDeclaredLength() throws IOException {
    FrameFormat format = FrameFormat.builder("!H").lengthIncludesHeader(true).build();
    Frame frame = new FrameReader(ChunkedInputStream.whole(new byte[] {0, 5, 1, 2, 3}), format)
        .read();
    assertArrayEquals(new Object[] {5}, frame.header());
    assertArrayEquals(new byte[] {1, 2, 3}, frame.payload());
    assertEquals("Frame{header=[5], payloadLength=3}", frame.toString());
  }

  private static String wire(FrameFormat format, Frame frame) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out, format).write(frame);
    return java.util.HexFormat.ofDelimiter(" ").formatHex(out.toByteArray());
  }

  @Test
  void theJavadocDiagramsAreTrue() throws IOException {
    byte[] hello = "HELLO".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals("00 00 00 05 e8 8e 8c 58 48 45 4c 4c 4f", wire(
        FrameFormat.builder("!II").lengthField(0).checksumField(1).build(), Frame.of(hello)));
    assertEquals("01 00 00 00 00 05 48 45 4c 4c 4f",
        wire(FrameFormat.builder("!BBI").build(), Frame.of(hello, 1, 0)));
    assertEquals("05 00 00 00 48 45 4c 4c 4f", wire(FrameFormat.builder("i")
        .platform(Platform.LP64_LITTLE_ENDIAN).build(), Frame.of(hello)));
  }
}
