package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import io.jstruct.StructError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Lengths a reader must refuse, ends inside frames, and the state each error leaves. */
class HostileInputTest {

  private static FrameReader reader(FrameFormat format, byte[] wire) {
    return new FrameReader(ChunkedInputStream.whole(wire), format);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  @Test
  void httpRequestOnAFramedPortSaysItLooksLikeText() throws IOException {
    byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    FrameReader reader = reader(FrameFormat.lengthPrefixed("i"), http);
    FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
    assertEquals("declared length 542393671 gives a payload of 542393671 bytes, over the maximum"
        + " of 16777216; the header bytes look like text 'GET ': the peer probably speaks another"
        + " protocol", e.getMessage());
    FrameDecoder decoder = new FrameDecoder(FrameFormat.lengthPrefixed("!I"));
    FrameTooLongException d = assertThrows(FrameTooLongException.class, () -> decoder.feed(http));
    assertTrue(d.getMessage().contains("declared length 1195725856 "), d.getMessage());
    assertTrue(d.getMessage().contains("look like text 'GET '"), d.getMessage());
  }

  @Test
  void binaryRejectionsGiveNoTextHint() {
    FrameReader reader = reader(FrameFormat.lengthPrefixed("!I"),
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
    assertEquals("declared length 4294967295 gives a payload of 4294967295 bytes, over the "
        + "maximum of 16777216", e.getMessage());
  }

  @Test
  void controlCharactersInTextAreShownEscaped() {
    byte[] wire = "\r\nOK".getBytes(StandardCharsets.US_ASCII);
    FrameReader reader = reader(FrameFormat.lengthPrefixed("<I"), wire);
    FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
    assertTrue(e.getMessage().endsWith("look like text '\\r\\nOK': the peer probably speaks "
        + "another protocol"), e.getMessage());
  }

  @Test
  void negativeSignedLengthIsRefused() {
    FrameReader reader = reader(FrameFormat.lengthPrefixed("<h"), Struct.pack("<h", -5));
    FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
    assertEquals("declared length -5 is negative", e.getMessage());
  }

  @Test
  void unsigned64BitLengthBeyondLongIsRefused() {
    byte[] wire = new byte[8];
    java.util.Arrays.fill(wire, (byte) 0xfe);
    FrameFormat format = FrameFormat.builder("!Q").maxFrameLength(Long.MAX_VALUE).build();
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> new FrameDecoder(format).feed(wire));
    assertEquals("declared length 18374403900871474942 is beyond any frame this reader can hold",
        e.getMessage());
  }

  @Test
  void lengthSmallerThanTheHeaderItCountsIsRefused() {
    FrameFormat format = FrameFormat.builder("!I").lengthIncludesHeader(true).build();
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> reader(format, Struct.pack("!I", 3L)).read());
    assertEquals("declared length 3 gives a negative payload length (-1): it must count the "
        + "4-byte header", e.getMessage());
  }

  @Test
  void lengthOverACustomMaximumIsRefusedAtTheBoundary() throws IOException {
    FrameFormat format = FrameFormat.builder("!H").maxFrameLength(10).build();
    byte[] ten = new byte[10];
    assertArrayEquals(ten, reader(format, concat(Struct.pack("!H", 10), ten)).readPayload());
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> reader(format, concat(Struct.pack("!H", 11), new byte[11])).read());
    assertEquals("declared length 11 gives a payload of 11 bytes, over the maximum of 10",
        e.getMessage());
  }

  @Test
  void afterARefusedLengthTheReaderIsUnusable() throws IOException {
    ChunkedInputStream in = ChunkedInputStream.whole(concat(Struct.pack("!I", 1L << 30),
        Struct.pack("!I", 1L), new byte[] {7}));
    FrameReader reader = new FrameReader(in, FrameFormat.lengthPrefixed("!I"));
    assertThrows(FrameTooLongException.class, reader::read);
    assertEquals(4, in.position(), "positioned after the header, payload not read");
    FramingException again = assertThrows(FramingException.class, reader::read);
    assertTrue(again.getMessage().startsWith("this reader failed earlier and is unusable: "
        + "declared length 1073741824"), again.getMessage());
    assertThrows(FramingException.class, reader::readStreamed);
    assertEquals(4, in.position());
  }

  @Test
  void afterARefusedLengthTheDecoderKeepsEarlierFramesAndRefusesInput() throws IOException {
    FrameDecoder decoder = new FrameDecoder(FrameFormat.lengthPrefixed("!I"));
    byte[] chunk = concat(Struct.pack("!I", 2L), new byte[] {1, 2}, Struct.pack("!I", -1L & 0xffffffffL));
    assertThrows(FrameTooLongException.class, () -> decoder.feed(chunk));
    assertArrayEquals(new byte[] {1, 2}, decoder.poll().payload());
    assertNull(decoder.poll());
    FramingException again = assertThrows(FramingException.class,
        () -> decoder.feed(new byte[] {0}));
    assertTrue(again.getMessage().startsWith("this decoder failed earlier"), again.getMessage());
  }

  @Test
  void endInsideAHeaderSaysHowMuchCame() throws IOException {
    FrameReader reader = reader(FrameFormat.lengthPrefixed("!I"),
        concat(Struct.pack("!I", 1L), new byte[] {9}, new byte[] {0, 0}));
    assertArrayEquals(new byte[] {9}, reader.readPayload());
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class, reader::read);
    assertEquals("expected 4 bytes of header, got 2", e.getMessage());
    assertThrows(FramingException.class, reader::read);
  }

  @Test
  void endInsideAPayloadSaysHowMuchCame() {
    FrameReader reader = reader(FrameFormat.lengthPrefixed("i"),
        concat(Struct.pack("i", 1000), new byte[100]));
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class, reader::read);
    assertEquals("expected 1000 bytes of payload, got 100", e.getMessage());
  }

  @Test
  void endInsideAStreamedPayloadSaysHowMuchCame() throws IOException {
    FrameReader reader = reader(FrameFormat.lengthPrefixed("i"),
        concat(Struct.pack("i", 1000), new byte[100]));
    StreamedFrame frame = reader.readStreamed();
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class,
        () -> frame.payload().readAllBytes());
    assertEquals("expected 1000 bytes of payload, got 100", e.getMessage());
    assertThrows(FramingException.class, reader::read);
  }

  @Test
  void aHugeClaimWithFewBytesGrowsWithTheBytesNotTheClaim() {
    // 1 GiB claimed, 10 bytes sent: the buffer stays at its first 64 KiB.
    FrameFormat format = FrameFormat.builder("!I").maxFrameLength(1L << 30).build();
    FrameDecoder decoder = new FrameDecoder(format);
    assertDoesNotThrowFraming(() -> decoder.feed(concat(Struct.pack("!I", 1L << 30),
        new byte[10])));
    assertEquals(14, decoder.partialBytes());
    PayloadBuffer buffer = new PayloadBuffer();
    buffer.start(1 << 30);
    buffer.append(new byte[10], 0, 10);
    assertEquals(PayloadBuffer.FIRST_CAPACITY, buffer.capacity());
    buffer.append(new byte[PayloadBuffer.FIRST_CAPACITY], 0, PayloadBuffer.FIRST_CAPACITY);
    assertEquals(2 * PayloadBuffer.FIRST_CAPACITY, buffer.capacity());
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class,
        () -> reader(format, concat(Struct.pack("!I", 1L << 30), new byte[10])).read());
    assertEquals("expected 1073741824 bytes of payload, got 10", e.getMessage());
  }

  @Test
  void payloadBufferEndsAtExactlyTheDeclaredLength() {
    PayloadBuffer buffer = new PayloadBuffer();
    int length = 3 * PayloadBuffer.FIRST_CAPACITY + 5;
    buffer.start(length);
    byte[] data = new byte[length];
    new java.util.Random(1).nextBytes(data);
    for (int off = 0; off < length; off += 1000) {
      buffer.append(data, off, Math.min(1000, length - off));
    }
    assertTrue(buffer.complete());
    assertArrayEquals(data, buffer.take());
  }

  private interface FramingCall {
    void run() throws FramingException;
  }

  private static void assertDoesNotThrowFraming(FramingCall call) {
    try {
      call.run();
    } catch (FramingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void checksumMismatchDropsTheFrameAndReadingGoesOn() throws IOException {
    FrameFormat format = FrameFormat.builder("!II").lengthField(0).checksumField(1).build();
    byte[] good = {1, 2, 3};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, format);
    writer.write(good);
    writer.write(good);
    writer.write(new byte[] {4});
    byte[] wire = out.toByteArray();
    wire[11 + 8 + 1] ^= 1; // damage the second frame's payload
    FrameReader reader = reader(format, wire);
    assertArrayEquals(good, reader.readPayload());
    ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, reader::read);
    assertTrue(e.getMessage().startsWith("CRC32C of the 3-byte payload is "), e.getMessage());
    assertArrayEquals(new byte[] {4}, reader.readPayload());
    assertNull(reader.read());

    FrameDecoder decoder = new FrameDecoder(format);
    assertThrows(ChecksumMismatchException.class, () -> decoder.feed(wire));
    assertArrayEquals(good, decoder.poll().payload());
    assertArrayEquals(new byte[] {4}, decoder.poll().payload());
    assertNull(decoder.poll());

    StreamedFrame first = reader(format, wire).readStreamed();
    assertArrayEquals(good, first.payload().readAllBytes());
    FrameReader streamed = reader(format, wire);
    streamed.readStreamed().close();
    StreamedFrame damaged = streamed.readStreamed();
    assertThrows(ChecksumMismatchException.class, () -> damaged.payload().readAllBytes());
    assertArrayEquals(new byte[] {4}, streamed.readPayload());
  }

  @Test
  void writerRefusesBeforeWritingAnything() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter small = new FrameWriter(out, FrameFormat.lengthPrefixed("<H"));
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> small.write(new byte[70_000]));
    assertEquals("payload of 70000 bytes needs a declared length of 70000, which the length "
        + "field (item 0 of '<H') cannot hold: it takes 0 to 65535", e.getMessage());
    FrameWriter capped = new FrameWriter(out, FrameFormat.builder("!I").maxFrameLength(4).build());
    assertThrows(FrameTooLongException.class, () -> capped.write(new byte[5]));
    FrameWriter typed = new FrameWriter(out, FrameFormat.builder("!BBI").build());
    StructError bad = assertThrows(StructError.class,
        () -> typed.write(Frame.of(new byte[3], 1, 256)));
    assertEquals("'B' format requires 0 <= number <= 255", bad.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> typed.write(Frame.of(new byte[3], 1)));
    assertTrue(count.getMessage().contains("takes 2 values"), count.getMessage());
    assertEquals(0, out.size());
  }

  @Test
  void streamedWriteThatEndsEarlyFailsAndMarksTheStreamCorrupt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, FrameFormat.lengthPrefixed("!I"));
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class,
        () -> writer.write(new java.io.ByteArrayInputStream(new byte[10]), 20));
    assertEquals("payload stream ended early: expected 20 bytes, got 10; the header was already "
        + "sent, so the output stream is corrupt", e.getMessage());
    assertEquals(14, out.size());
    FramingException again = assertThrows(FramingException.class,
        () -> writer.write(new byte[1]));
    assertTrue(again.getMessage().startsWith("the output stream is corrupt"), again.getMessage());
  }
}
