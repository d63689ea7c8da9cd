package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Discard mode, after Netty's {@code testDiscardTooLongFrame1/2}: a 32-byte frame with a limit
 * of 16 is reported and skipped, and the frames after it decode, however the bytes are split,
 * with the report at the header (fail fast) or after the skipped payload.
 */
class DiscardTest {
  private static final byte[] GOOD = "HELLO".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] SECOND = {9};

  private static FrameFormat format(boolean failFast) {
    return FrameFormat.builder("!I").maxFrameLength(16).discardTooLongFrames(failFast).build();
  }

  /** A 32-byte frame, then "HELLO", then {9}: 4 + 32 + 4 + 5 + 4 + 1 bytes. */
  private static byte[] wire() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Struct.pack("!I", 32L));
    for (int i = 0; i < 32; i++) {
      out.write(0xa0 + (i & 0xf)); // not a plausible header, should the skip go wrong
    }
    out.writeBytes(Struct.pack("!I", 5L));
    out.writeBytes(GOOD);
    out.writeBytes(Struct.pack("!I", 1L));
    out.writeBytes(SECOND);
    return out.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readerSkipsTheTooLongFrameSplitAtEveryByte(boolean failFast) throws IOException {
    byte[] wire = wire();
    for (int cut = 0; cut <= wire.length; cut++) {
      ChunkedInputStream in = new ChunkedInputStream(wire, new int[] {cut});
      FrameReader reader = new FrameReader(in, format(failFast));
      FrameTooLongException e = assertThrows(FrameTooLongException.class, reader::read);
      assertTrue(e.skipped());
      assertEquals("declared length 32 gives a payload of 32 bytes, over the maximum of 16; "
          + "discard mode skips the frame and goes on", e.getMessage());
      // Fail fast reports before the payload is read; otherwise after it is skipped.
      assertEquals(failFast ? 4 : 36, in.position(), "cut " + cut);
      assertArrayEquals(GOOD, reader.readPayload(), "cut " + cut);
      assertArrayEquals(SECOND, reader.readPayload(), "cut " + cut);
      assertNull(reader.read());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readerKeepsDiscardingAcrossATimeoutAtEveryByte(boolean failFast) throws IOException {
    byte[] wire = wire();
    for (int at = 1; at < wire.length; at++) {
      FrameReader reader = new FrameReader(
          new ChunkedInputStream(wire, new int[0], at), format(failFast));
      List<Object> events = new ArrayList<>();
      while (true) {
        try {
          StreamedFrame frame = reader.readStreamed();
          if (frame == null) {
            break;
          }
          events.add(new String(readRetrying(frame.payload()),
              java.nio.charset.StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
          continue; // the reader keeps its place: call again
        } catch (FrameTooLongException e) {
          assertTrue(e.skipped());
          events.add("too long");
        }
      }
      assertEquals(List.of("too long", "HELLO", "\t"), events, "timeout at " + at);
    }
  }

  /** All of {@code in}, calling again after each timeout, as a caller of a socket would. */
  private static byte[] readRetrying(java.io.InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8];
    while (true) {
      int n;
      try {
        n = in.read(buffer, 0, buffer.length);
      } catch (SocketTimeoutException e) {
        continue;
      }
      if (n < 0) {
        return out.toByteArray();
      }
      out.write(buffer, 0, n);
    }
  }

  /** Feeds the wire in two chunks split at every byte, and one byte at a time. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void decoderSkipsTheTooLongFrameSplitAtEveryByte(boolean failFast) throws FramingException {
    byte[] wire = wire();
    for (int cut = 0; cut <= wire.length; cut++) {
      FrameDecoder decoder = new FrameDecoder(format(failFast));
      int reports = 0;
      List<byte[]> frames = new ArrayList<>();
      for (int[] range : new int[][] {{0, cut}, {cut, wire.length}}) {
        try {
          decoder.feed(wire, range[0], range[1] - range[0]);
        } catch (FrameTooLongException e) {
          assertTrue(e.skipped());
          reports++;
        }
        for (Frame f; (f = decoder.poll()) != null; ) {
          frames.add(f.payload());
        }
      }
      assertEquals(1, reports, "cut " + cut);
      assertEquals(2, frames.size(), "cut " + cut);
      assertArrayEquals(GOOD, frames.get(0));
      assertArrayEquals(SECOND, frames.get(1));
      assertEquals(0, decoder.partialBytes());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void decoderReportsAtTheHeaderOrAfterTheSkip(boolean failFast) throws FramingException {
    byte[] wire = wire();
    FrameDecoder decoder = new FrameDecoder(format(failFast));
    List<Integer> reportedAt = new ArrayList<>();
    List<Integer> frameAt = new ArrayList<>();
    for (int i = 0; i < wire.length; i++) {
      try {
        decoder.feed(wire, i, 1);
      } catch (FrameTooLongException e) {
        reportedAt.add(i);
      }
      if (decoder.poll() != null) {
        frameAt.add(i);
      }
    }
    // The header's last byte is 3, the skipped payload's last byte 35; the good frames end at
    // 44 (header 36-39, "HELLO" 40-44) and 49 (header 45-48, one byte).
    assertEquals(List.of(failFast ? 3 : 35), reportedAt);
    assertEquals(List.of(44, 49), frameAt);
  }

  @Test
  void decoderGoesOnAfterSeveralTooLongFramesInOneDirectBuffer() throws FramingException {
    byte[] wire = wire();
    ByteBuffer direct = ByteBuffer.allocateDirect(wire.length * 3);
    direct.put(wire).put(wire).put(wire).flip();
    FrameDecoder decoder = new FrameDecoder(format(false));
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> decoder.feed(direct));
    assertEquals(2, e.getSuppressed().length, "one report, two more suppressed");
    assertEquals(6, decoder.framesReady());
  }

  @Test
  void lengthIncludingTheHeaderIsSkippedByItsPayloadOnly() throws IOException {
    FrameFormat format = FrameFormat.builder("<BH").lengthIncludesHeader(true)
        .maxFrameLength(4).discardTooLongFrames(true).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Struct.pack("<BH", 1, 3 + 10));
    out.writeBytes(new byte[10]);
    new FrameWriter(out, format).write(Frame.of(new byte[] {1, 2}, 7));
    FrameReader reader = new FrameReader(ChunkedInputStream.whole(out.toByteArray()), format);
    assertTrue(assertThrows(FrameTooLongException.class, reader::read).skipped());
    Frame frame = reader.read();
    assertArrayEquals(new byte[] {1, 2}, frame.payload());
    assertEquals(7, frame.header()[0]);
    FrameDecoder decoder = new FrameDecoder(format);
    assertTrue(assertThrows(FrameTooLongException.class, () -> decoder.feed(out.toByteArray()))
        .skipped());
    assertArrayEquals(new byte[] {1, 2}, decoder.poll().payload());
  }

  /** Lengths that cannot be trusted are fatal even in discard mode. */
  @Test
  void untrustworthyLengthsStayFatal() throws IOException {
    FrameFormat signed = FrameFormat.builder("!i").maxFrameLength(16)
        .discardTooLongFrames(false).build();
    byte[] negative = Struct.pack("!i", -1);
    FrameReader reader = new FrameReader(ChunkedInputStream.whole(negative), signed);
    assertFalse(assertThrows(FrameTooLongException.class, reader::read).skipped());
    assertThrows(FramingException.class, reader::read);
    FrameDecoder decoder = new FrameDecoder(signed);
    assertFalse(assertThrows(FrameTooLongException.class, () -> decoder.feed(negative))
        .skipped());
    FramingException refused = assertThrows(FramingException.class,
        () -> decoder.feed(new byte[1]));
    assertTrue(refused.getMessage().startsWith("this decoder failed earlier"));

    FrameFormat including = FrameFormat.builder("!H").lengthIncludesHeader(true)
        .maxFrameLength(16).discardTooLongFrames(true).build();
    FrameReader small = new FrameReader(ChunkedInputStream.whole(new byte[] {0, 1}), including);
    assertFalse(assertThrows(FrameTooLongException.class, small::read).skipped());
  }

  @Test
  void offByDefaultATooLongFrameIsFatal() throws IOException {
    FrameFormat format = FrameFormat.builder("!I").maxFrameLength(16).build();
    assertFalse(format.discardsTooLongFrames());
    FrameReader reader = new FrameReader(ChunkedInputStream.whole(wire()), format);
    assertFalse(assertThrows(FrameTooLongException.class, reader::read).skipped());
    assertThrows(FramingException.class, reader::read);
  }

  @Test
  void theStreamEndingInsideTheSkippedPayloadIsTruncation() throws IOException {
    byte[] cut = java.util.Arrays.copyOf(wire(), 20);
    FrameReader fast = new FrameReader(ChunkedInputStream.whole(cut), format(true));
    assertTrue(assertThrows(FrameTooLongException.class, fast::read).skipped());
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class, fast::read);
    assertEquals("the stream ended while discarding a too-long frame, 16 bytes before its end",
        e.getMessage());
    FrameReader after = new FrameReader(ChunkedInputStream.whole(cut), format(false));
    assertThrows(TruncatedFrameException.class, after::read);
    assertThrows(FramingException.class, after::read);
  }

  @Test
  void theFormatSaysItsMode() {
    assertTrue(format(true).discardsTooLongFrames());
    assertTrue(format(true).failsFast());
    assertFalse(format(false).failsFast());
    assertEquals("FrameFormat{header='!I', lengthField=0, maxFrameLength=16, "
        + "discardTooLongFrames(failFast=false)}", format(false).toString());
  }
}
