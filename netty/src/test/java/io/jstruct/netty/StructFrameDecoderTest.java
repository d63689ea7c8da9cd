package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.framing.ChecksumMismatchException;
import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.TruncatedFrameException;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The decoder reads what framing's blocking FrameReader reads, however the bytes arrive. */
class StructFrameDecoderTest {
  static Stream<FrameFormat> formats() {
    return Formats.all().stream();
  }

  @ParameterizedTest
  @MethodSource("formats")
  void splitAtEveryByteGivesTheBlockingReadersFrames(FrameFormat format) throws Exception {
    Random random = new Random(format.toString().hashCode());
    List<Frame> frames = Formats.frames(format, random, 3, 40);
    byte[] bytes = Formats.write(format, frames);
    List<Decoded> expected = Decoded.blocking(format, bytes);
    assertEquals(3, expected.size());
    for (int cut = 0; cut <= bytes.length; cut++) {
      EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
      Decoded.assertSame(expected, Decoded.netty(channel, bytes, cut));
      assertFalse(channel.finish());
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void oneByteAtATimeAndRandomGlueGiveTheBlockingReadersFrames(FrameFormat format)
      throws Exception {
    Random random = new Random(0L);
    List<Frame> frames = Formats.frames(format, random, 30, 300);
    byte[] bytes = Formats.write(format, frames);
    List<Decoded> expected = Decoded.blocking(format, bytes);
    int[] everyByte = new int[bytes.length];
    Arrays.setAll(everyByte, i -> i);
    EmbeddedChannel single = new EmbeddedChannel(new StructFrameDecoder(format));
    Decoded.assertSame(expected, Decoded.netty(single, bytes, everyByte));
    assertFalse(single.finish());
    for (int run = 0; run < 20; run++) {
      int[] cuts = random.ints(random.nextInt(20), 0, bytes.length + 1).sorted().toArray();
      EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
      Decoded.assertSame(expected, Decoded.netty(channel, bytes, cuts));
      assertFalse(channel.finish());
    }
  }

  @ParameterizedTest
  @MethodSource("formats")
  void payloadsAreSlicesOfTheReceivedBufferNotCopies(FrameFormat format) throws Exception {
    byte[] bytes = Formats.write(format, Formats.frames(format, new Random(1), 2, 50));
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    var in = Unpooled.buffer(bytes.length).writeBytes(bytes);
    channel.writeInbound(in.retain());
    StructFrame first = channel.readInbound();
    try {
      assertTrue(first.payload().unwrap() != null, "a slice wraps the cumulation buffer");
      in.setByte(format.headerSize(), in.getByte(format.headerSize()) + 1);
      if (first.payload().isReadable()) {
        assertEquals(in.getByte(format.headerSize()), first.payload().getByte(0),
            "a write to the received buffer shows in the payload: it is not a copy");
      }
    } finally {
      first.release();
      in.release();
      Decoded.releaseAll(channel);
      channel.finishAndReleaseAll();
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void tooLongFrameIsDiscardedAndTheNextOneDecodesAtEverySplit(boolean failFast)
      throws Exception {
    FrameFormat big = FrameFormat.lengthPrefixed("!I");
    FrameFormat small = FrameFormat.builder("!I").maxFrameLength(16).build();
    byte[] tooLong = Formats.write(big, List.of(Frame.of(new byte[32])));
    byte[] good = Formats.write(big, List.of(Frame.of("HELLO".getBytes(StandardCharsets.UTF_8))));
    byte[] bytes = concat(tooLong, good);
    for (int cut = 0; cut <= bytes.length; cut++) {
      EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(small, failFast));
      DecoderException error = null;
      List<Decoded> frames = new java.util.ArrayList<>();
      for (int[] range : new int[][] {{0, cut}, {cut, bytes.length}}) {
        try {
          channel.writeInbound(Unpooled.wrappedBuffer(bytes, range[0], range[1] - range[0]));
        } catch (DecoderException e) {
          assertNull(error, "one error for one frame");
          error = e;
          if (failFast) {
            assertTrue(range[1] >= 4, "failFast reports when the header is whole");
          } else {
            assertTrue(range[1] >= tooLong.length, "reported once the frame is discarded");
          }
        }
        Decoded.drain(channel, frames);
      }
      TooLongFrameException e = assertInstanceOf(TooLongFrameException.class, error);
      assertInstanceOf(FrameTooLongException.class, e.getCause());
      assertTrue(e.getMessage().startsWith(e.getCause().getMessage()), e.getMessage());
      assertEquals(1, frames.size(), "split at " + cut);
      assertEquals("HELLO", new String(frames.get(0).payload, StandardCharsets.UTF_8));
      assertFalse(channel.finish());
    }
  }

  @Test
  void negativeLengthFailsForGoodWithTheBlockingReadersMessage() {
    FrameFormat format = FrameFormat.lengthPrefixed("!i");
    byte[] bytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe, 0, 0, 0, 1, 'A'};
    FramingException blocking = assertThrows(FrameTooLongException.class,
        () -> new FrameReader(new ByteArrayInputStream(bytes), format).read());
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    CorruptedFrameException e = assertThrows(CorruptedFrameException.class,
        () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
    assertInstanceOf(FrameTooLongException.class, e.getCause());
    assertEquals(blocking.getMessage(), e.getCause().getMessage());
    // the stream cannot be resynchronised: a good frame after it is dropped, not misread
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 1, 'B'}));
    assertNull(channel.readInbound());
    assertFalse(channel.finish());
  }

  @Test
  void checksumMismatchDropsTheFrameAndDecodingGoesOn() throws Exception {
    FrameFormat format = FrameFormat.builder("!II").lengthField(0).checksumField(1).build();
    byte[] bytes = Formats.write(format, List.of(Frame.of("HELLO".getBytes(StandardCharsets.UTF_8)),
        Frame.of("WORLD".getBytes(StandardCharsets.UTF_8))));
    bytes[8] ^= 1; // first payload's first byte
    FramingException blocking = assertThrows(ChecksumMismatchException.class,
        () -> new FrameReader(new ByteArrayInputStream(bytes), format).read());
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    CorruptedFrameException e = assertThrows(CorruptedFrameException.class,
        () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
    assertEquals(blocking.getMessage(), e.getCause().getMessage());
    channel.writeInbound(Unpooled.EMPTY_BUFFER); // the rest is still in the cumulation
    StructFrame next = channel.readInbound();
    assertEquals("WORLD", new String(Decoded.take(next).payload, StandardCharsets.UTF_8));
    assertFalse(channel.finish());
  }

  @Test
  void inputEndingInsideAFrameIsReportedAsTruncated() {
    FrameFormat format = FrameFormat.lengthPrefixed("!I");
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 5, 'H', 'E'}));
    DecoderException e = assertThrows(DecoderException.class, channel::finish);
    assertInstanceOf(TruncatedFrameException.class, e.getCause());
    assertEquals("expected 5 bytes of payload, got 2 when the channel's input ended",
        e.getCause().getMessage());
  }

  @Test
  void directBuffersDecodeAsHeapBuffersDo() throws Exception {
    FrameFormat format = FrameFormat.builder("!BBI").build();
    byte[] bytes = Formats.write(format, Formats.frames(format, new Random(7), 5, 100));
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    channel.writeInbound(Unpooled.directBuffer(bytes.length).writeBytes(bytes));
    List<Decoded> frames = new java.util.ArrayList<>();
    Decoded.drain(channel, frames);
    Decoded.assertSame(Decoded.blocking(format, bytes), frames);
    assertFalse(channel.finish());
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }
}
