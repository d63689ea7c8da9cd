package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jstruct.StructError;
import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.FramingArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoder writes what framing's blocking FrameWriter writes, without copying payloads. */
class StructFrameEncoderTest {
  static Stream<FrameFormat> formats() {
    return Formats.all().stream();
  }

  @ParameterizedTest
  @MethodSource("formats")
  void writesTheBlockingWritersBytes(FrameFormat format) throws Exception {
    List<Frame> frames = Formats.frames(format, new Random(3), 20, 200);
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameEncoder(format));
    for (Frame f : frames) {
      Object[] values = f.header(); // a frame made with of(): the caller's values
      channel.writeOutbound(StructFrame.of(Unpooled.wrappedBuffer(f.payload()), values));
    }
    assertArrayEquals(Formats.write(format, frames), drain(channel));
    assertFalse(channel.finish());
  }

  @ParameterizedTest
  @MethodSource("formats")
  void decodedFramesRelayUnchanged(FrameFormat format) throws Exception {
    byte[] bytes = Formats.write(format, Formats.frames(format, new Random(4), 10, 100));
    EmbeddedChannel in = new EmbeddedChannel(new StructFrameDecoder(format));
    EmbeddedChannel out = new EmbeddedChannel(new StructFrameEncoder(format));
    in.writeInbound(Unpooled.wrappedBuffer(bytes));
    for (Object m; (m = in.readInbound()) != null; ) {
      out.writeOutbound(m); // the encoder releases the frame, the payload slice goes on
    }
    assertArrayEquals(bytes, drain(out));
    assertFalse(in.finish());
    assertFalse(out.finish());
  }

  @Test
  void plainByteBufsGetAZeroHeaderAndAreNotCopied() {
    FrameFormat format = FrameFormat.builder("!BBI").build();
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameEncoder(format));
    ByteBuf payload = Unpooled.copiedBuffer(new byte[] {'H', 'I'});
    channel.writeOutbound(payload);
    ByteBuf header = channel.readOutbound();
    ByteBuf body = channel.readOutbound();
    try {
      assertEquals("0000" + "00000002", ByteBufUtil.hexDump(header));
      assertSame(payload, body, "the payload goes out as it is");
    } finally {
      header.release();
      body.release();
    }
    assertFalse(channel.finish());
  }

  @Test
  void tooLongPayloadFailsTheWriteWithTheBlockingWritersException() {
    FrameFormat format = FrameFormat.builder("B").build();
    byte[] payload = new byte[300];
    FrameTooLongException blocking = assertThrows(FrameTooLongException.class,
        () -> new FrameWriter(new ByteArrayOutputStream(), format).write(payload));
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameEncoder(format));
    ByteBuf buf = Unpooled.wrappedBuffer(payload);
    EncoderException e = assertThrows(EncoderException.class, () -> channel.writeOutbound(buf));
    assertInstanceOf(FrameTooLongException.class, e.getCause());
    assertEquals(blocking.getMessage(), e.getCause().getMessage());
    assertEquals(0, buf.refCnt(), "a refused message is released");
    assertFalse(channel.finish());
  }

  @Test
  void wrongValuesFailTheWriteAndTheChannelGoesOn() {
    FrameFormat format = FrameFormat.builder("!BBI").build();
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameEncoder(format));
    EncoderException count = assertThrows(EncoderException.class,
        () -> channel.writeOutbound(StructFrame.of(Unpooled.buffer(), 1)));
    assertInstanceOf(FramingArgumentException.class, count.getCause());
    EncoderException range = assertThrows(EncoderException.class,
        () -> channel.writeOutbound(StructFrame.of(Unpooled.buffer(), 1, 256)));
    assertInstanceOf(StructError.class, range.getCause());
    channel.writeOutbound(StructFrame.of(Unpooled.wrappedBuffer(new byte[] {'A'}), 1, 2));
    assertEquals("0102" + "00000001" + "41", ByteBufUtil.hexDump(drain(channel)));
    assertFalse(channel.finish());
  }

  /** Every outbound buffer's bytes, in order; releases them. */
  static byte[] drain(EmbeddedChannel channel) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Object m; (m = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) m;
      try {
        all.writeBytes(ByteBufUtil.getBytes(buf));
      } finally {
        buf.release();
      }
    }
    return all.toByteArray();
  }
}
