package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A frame reduced to what both readers give: header values and payload bytes. */
final class Decoded {
  final List<Object> header;
  final byte[] payload;

  Decoded(Object[] header, byte[] payload) {
    this.header = deep(header);
    this.payload = payload;
  }

  private static List<Object> deep(Object[] values) {
    List<Object> list = new ArrayList<>();
    for (Object v : values) {
      list.add(v instanceof byte[] ? Arrays.toString((byte[]) v) : v);
    }
    return list;
  }

  /** Takes a decoded frame's values and bytes, and releases it. */
  static Decoded take(StructFrame frame) {
    try {
      return new Decoded(frame.header(), ByteBufUtil.getBytes(frame.payload()));
    } finally {
      frame.release();
    }
  }

  /** What framing's blocking reader reads from {@code bytes}. */
  static List<Decoded> blocking(FrameFormat format, byte[] bytes) throws IOException {
    List<Decoded> frames = new ArrayList<>();
    try (FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes), format)) {
      for (Frame f; (f = reader.read()) != null; ) {
        frames.add(new Decoded(f.header(), f.payload()));
      }
    }
    return frames;
  }

  /** Feeds {@code bytes} to a channel in chunks ending at {@code cuts}; takes every frame out. */
  static List<Decoded> netty(EmbeddedChannel channel, byte[] bytes, int... cuts) {
    List<Decoded> frames = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= cuts.length; i++) {
      int to = i < cuts.length ? cuts[i] : bytes.length;
      // pooled, as a socket's reads are: only allocator-made buffers are tracked for leaks
      ByteBuf chunk = PooledByteBufAllocator.DEFAULT.buffer(to - from)
          .writeBytes(bytes, from, to - from);
      channel.writeInbound(chunk);
      drain(channel, frames);
      from = to;
    }
    return frames;
  }

  static void drain(EmbeddedChannel channel, List<Decoded> into) {
    for (Object m; (m = channel.readInbound()) != null; ) {
      into.add(take((StructFrame) m));
    }
  }

  static void assertSame(List<Decoded> expected, List<Decoded> actual) {
    assertEquals(expected.size(), actual.size(), "frame count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).header, actual.get(i).header, "header of frame " + i);
      assertArrayEquals(expected.get(i).payload, actual.get(i).payload, "payload of frame " + i);
    }
  }

  static void releaseAll(EmbeddedChannel channel) {
    for (Object m; (m = channel.readInbound()) != null; ) {
      ReferenceCountUtil.release(m);
    }
    for (Object m; (m = channel.readOutbound()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }
}
