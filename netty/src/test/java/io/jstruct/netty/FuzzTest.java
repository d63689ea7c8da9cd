package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jstruct.framing.ChecksumMismatchException;
import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.TruncatedFrameException;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated input gives only the documented exceptions, and up to the first error the
 * same frames and the same failure as framing's blocking reader.
 */
class FuzzTest {
  static Stream<FrameFormat> formats() {
    return Formats.all().stream();
  }

  @ParameterizedTest
  @MethodSource("formats")
  void mutatedStreamsAgreeWithTheBlockingReader(FrameFormat format) throws Exception {
    Random random = new Random(42);
    for (int run = 0; run < 120; run++) {
      List<Frame> frames = Formats.frames(format, random, 1 + random.nextInt(4), 60);
      byte[] bytes = Formats.write(format, frames);
      int flips = random.nextInt(4);
      for (int i = 0; i < flips && bytes.length > 0; i++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)); // cut short
      }
      if (random.nextInt(8) == 0) {
        bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
      }
      compare(format, bytes, random);
    }
  }

  private static void compare(FrameFormat format, byte[] bytes, Random random)
      throws IOException {
    List<Decoded> expected = new ArrayList<>();
    FramingException blockingError = null;
    try (FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), format)) {
      for (Frame f; (f = reader.read()) != null; ) {
        expected.add(new Decoded(f.header(), f.payload()));
      }
    } catch (FramingException e) {
      blockingError = e;
    }
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(format));
    List<Decoded> actual = new ArrayList<>();
    DecoderException nettyError = null;
    int at = 0;
    while (at < bytes.length && nettyError == null) {
      int n = 1 + random.nextInt(bytes.length - at);
      try {
        channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer(n).writeBytes(bytes, at, n));
      } catch (DecoderException e) {
        nettyError = e;
      }
      Decoded.drain(channel, actual);
      at += n;
    }
    if (nettyError == null) {
      try {
        channel.finish();
      } catch (DecoderException e) {
        nettyError = e;
      }
      Decoded.drain(channel, actual);
    }
    Decoded.releaseAll(channel);
    try {
      channel.finishAndReleaseAll();
    } catch (DecoderException later) {
      assertDocumented(later); // after the first error: only the kinds documented
    }
    if (blockingError == null) {
      assertEquals(null, nettyError, "the blocking reader read the whole stream");
      Decoded.assertSame(expected, actual);
      return;
    }
    assertTrue(nettyError != null, "the blocking reader failed with " + blockingError);
    // frames before the error are the same; the decoder may go on after a recoverable one
    Decoded.assertSame(expected, actual.subList(0, Math.min(actual.size(), expected.size())));
    assertEquals(blockingError.getMessage().replace(" when the channel's input ended", ""),
        nettyError.getCause().getMessage().replace(" when the channel's input ended", ""),
        "same failure");
    assertDocumented(nettyError);
    assertEquals(blockingError.getClass(), nettyError.getCause().getClass());
  }

  static void assertDocumented(DecoderException e) {
    Throwable cause = e.getCause();
    if (e instanceof TooLongFrameException) {
      assertInstanceOf(FrameTooLongException.class, cause);
    } else if (e instanceof CorruptedFrameException) {
      assertTrue(cause instanceof FrameTooLongException
          || cause instanceof ChecksumMismatchException
          || cause instanceof TruncatedFrameException, String.valueOf(cause));
    } else {
      fail("undocumented exception", e);
    }
  }
}
