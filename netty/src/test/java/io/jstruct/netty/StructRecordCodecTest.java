package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jstruct.StructError;
import io.jstruct.StructRecord;
import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bound records in and out of a framed pipeline, byte for byte as framing and struct write them. */
class StructRecordCodecTest {
  record Point(int x, int y, long t) {}

  record Named(String name, int level) {}

  private static final FrameFormat FORMAT = FrameFormat.lengthPrefixed("!I");
  private static final StructRecord<Point> POINT = StructRecord.of(Point.class, "!iiq");
  private static final StructRecord<Named> NAMED =
      StructRecord.of(Named.class, "<8sH", StandardCharsets.UTF_8);

  private static EmbeddedChannel pipeline(StructRecord<?> binding) {
    return new EmbeddedChannel(new StructFrameDecoder(FORMAT), new StructFrameEncoder(FORMAT),
        new StructRecordCodec<>(binding));
  }

  @Test
  void recordsComeInFromFramesSplitAnywhere() throws Exception {
    List<Point> points = List.of(new Point(1, 2, 3), new Point(-1, Integer.MAX_VALUE, -5L),
        new Point(0, 0, Long.MIN_VALUE));
    List<Frame> frames = new ArrayList<>();
    for (Point p : points) {
      frames.add(Frame.of(POINT.pack(p)));
    }
    byte[] bytes = Formats.write(FORMAT, frames);
    for (int cut = 0; cut <= bytes.length; cut++) {
      EmbeddedChannel channel = pipeline(POINT);
      for (int[] r : new int[][] {{0, cut}, {cut, bytes.length}}) {
        channel.writeInbound(PooledByteBufAllocator.DEFAULT.directBuffer(r[1] - r[0])
            .writeBytes(bytes, r[0], r[1] - r[0]));
      }
      List<Object> got = new ArrayList<>();
      for (Object m; (m = channel.readInbound()) != null; ) {
        got.add(m);
      }
      assertEquals(points, got, "split at " + cut);
      assertFalse(channel.finish());
    }
  }

  @Test
  void recordsGoOutAsFramesOfTheirPackedBytes() throws Exception {
    EmbeddedChannel channel = pipeline(NAMED);
    Named n = new Named("caf\u00e9", 7);
    channel.writeOutbound(n);
    byte[] expected = Formats.write(FORMAT, List.of(Frame.of(NAMED.pack(n))));
    assertArrayEquals(expected, StructFrameEncoderTest.drain(channel));
    assertFalse(channel.finish());
  }

  @Test
  void aPayloadOfTheWrongSizeIsCorruptAndTheNextRecordStillComes() throws Exception {
    byte[] bytes = Formats.write(FORMAT, List.of(Frame.of(new byte[5]),
        Frame.of(POINT.pack(new Point(4, 5, 6)))));
    StructError struct = assertThrows(StructError.class, () -> POINT.unpack(new byte[5]));
    for (boolean heap : new boolean[] {true, false}) {
      EmbeddedChannel channel = pipeline(POINT);
      var buf = heap ? UnpooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length)
          : PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
      CorruptedFrameException e = assertThrows(CorruptedFrameException.class,
          () -> channel.writeInbound(buf.writeBytes(bytes)));
      assertInstanceOf(StructError.class, e.getCause());
      assertEquals(struct.getMessage(), e.getCause().getMessage());
      channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer(0)); // the rest is cumulated
      assertEquals(new Point(4, 5, 6), channel.readInbound());
      assertFalse(channel.finish());
    }
  }

  @Test
  void aRecordThatCannotBePackedFailsTheWrite() {
    EmbeddedChannel channel = pipeline(NAMED);
    EncoderException e = assertThrows(EncoderException.class,
        () -> channel.writeOutbound(new Named("x", 70_000)));
    StructError cause = assertInstanceOf(StructError.class, e.getCause());
    assertThrows(StructError.class, () -> NAMED.pack(new Named("x", 70_000)), cause.getMessage());
    assertEquals(0, StructFrameEncoderTest.drain(channel).length, "nothing written");
    assertFalse(channel.finish());
  }
}
