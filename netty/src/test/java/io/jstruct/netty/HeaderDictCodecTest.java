package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.framing.MalformedHeaderException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header-dict frames read and written as framing's blocking HeaderDictReader/Writer do. */
class HeaderDictCodecTest {
  private static final HeaderDictFormat FORMAT = HeaderDictFormat.standard();

  private static byte[] written(HeaderDictFormat format, Object... headerAndPayload)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (HeaderDictWriter writer = new HeaderDictWriter(out, format)) {
      for (int i = 0; i < headerAndPayload.length; i += 2) {
        @SuppressWarnings("unchecked")
        Map<String, ?> header = (Map<String, ?>) headerAndPayload[i];
        writer.write(header, (byte[]) headerAndPayload[i + 1]);
      }
    }
    return out.toByteArray();
  }

  private static Map<String, Object> header(Object... kv) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put((String) kv[i], kv[i + 1]);
    }
    return map;
  }

  private static List<Object[]> decode(EmbeddedChannel channel, byte[] bytes, int cut) {
    List<Object[]> frames = new ArrayList<>();
    for (int[] range : new int[][] {{0, cut}, {cut, bytes.length}}) {
      int n = range[1] - range[0];
      channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer(n).writeBytes(bytes, range[0], n));
      for (HeaderDictMessage m; (m = channel.readInbound()) != null; ) {
        frames.add(new Object[] {m.header(), ByteBufUtil.getBytes(m.payload())});
        m.release();
      }
    }
    return frames;
  }

  @Test
  void splitAtEveryByteGivesTheBlockingReadersFrames() throws Exception {
    byte[] bytes = written(FORMAT,
        header("filename", "a.txt", "note", "caf\u00e9 \u2603"), "hello world".getBytes(StandardCharsets.UTF_8),
        header(), new byte[0],
        header("nested", List.of(1, 2, Map.of("k", true)), "n", null), new byte[] {1, 2, 3});
    List<HeaderDictFrame> expected = new ArrayList<>();
    try (HeaderDictReader reader = new HeaderDictReader(new ByteArrayInputStream(bytes), FORMAT)) {
      for (HeaderDictFrame f; (f = reader.read()) != null; ) {
        expected.add(f);
      }
    }
    assertEquals(3, expected.size());
    for (int cut = 0; cut <= bytes.length; cut++) {
      EmbeddedChannel channel = new EmbeddedChannel(new HeaderDictFrameDecoder(FORMAT));
      List<Object[]> frames = decode(channel, bytes, cut);
      assertEquals(expected.size(), frames.size(), "split at " + cut);
      for (int i = 0; i < frames.size(); i++) {
        assertEquals(expected.get(i).header(), frames.get(i)[0]);
        assertArrayEquals(expected.get(i).payload(), (byte[]) frames.get(i)[1]);
      }
      assertFalse(channel.finish());
    }
  }

  @Test
  void encoderWritesTheBlockingWritersBytes() throws Exception {
    Map<String, Object> h = header("filename", "\u00e9t\u00e9.txt", "total_size", 5);
    byte[] expected = written(FORMAT, h, "HELLO".getBytes(StandardCharsets.UTF_8));
    EmbeddedChannel channel = new EmbeddedChannel(new HeaderDictFrameEncoder(FORMAT));
    channel.writeOutbound(HeaderDictMessage.of(h, Unpooled.copiedBuffer("HELLO", StandardCharsets.UTF_8)));
    assertArrayEquals(expected, StructFrameEncoderTest.drain(channel));
    EncoderException e = assertThrows(EncoderException.class, () -> channel.writeOutbound(
        HeaderDictMessage.of(header("total_size", 9), Unpooled.copiedBuffer(new byte[2]))));
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertFalse(channel.finish());
  }

  @Test
  void badJsonFailsForGoodWithTheBlockingReadersMessage() throws Exception {
    byte[] json = "{\"total_size\": 1, \"total_size\": 2}".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = StructFrameDecoderTest.concat(
        io.jstruct.Struct.pack("i", json.length), json, new byte[] {'x'},
        written(FORMAT, header(), new byte[] {'y'}));
    FramingException blocking = assertThrows(MalformedHeaderException.class,
        () -> new HeaderDictReader(new ByteArrayInputStream(bytes), FORMAT).read());
    EmbeddedChannel channel = new EmbeddedChannel(new HeaderDictFrameDecoder(FORMAT));
    CorruptedFrameException e = assertThrows(CorruptedFrameException.class,
        () -> channel.writeInbound(Unpooled.wrappedBuffer(bytes)));
    assertEquals(blocking.getMessage(), e.getCause().getMessage());
    assertNull(channel.readInbound(), "nothing after a frame of unknown extent");
    assertFalse(channel.finish());
  }

  @Test
  void tooLongPayloadIsDiscardedAndTheNextFrameDecodes() throws Exception {
    HeaderDictFormat small = HeaderDictFormat.builder().maxPayloadLength(4).build();
    byte[] bytes = StructFrameDecoderTest.concat(
        written(FORMAT, header("name", "big"), new byte[10]),
        written(FORMAT, header("name", "ok"), new byte[] {'O', 'K'}));
    for (boolean failFast : new boolean[] {true, false}) {
      for (int cut = 0; cut <= bytes.length; cut++) {
        EmbeddedChannel channel = new EmbeddedChannel(new HeaderDictFrameDecoder(small, failFast));
        List<Object[]> frames = new ArrayList<>();
        DecoderException error = null;
        for (int[] range : new int[][] {{0, cut}, {cut, bytes.length}}) {
          try {
            frames.addAll(decode(channel, java.util.Arrays.copyOfRange(bytes, range[0], range[1]),
                range[1] - range[0]));
          } catch (DecoderException e) {
            error = e;
            for (HeaderDictMessage m; (m = channel.readInbound()) != null; ) {
              frames.add(new Object[] {m.header(), ByteBufUtil.getBytes(m.payload())});
              m.release();
            }
          }
        }
        TooLongFrameException e = assertInstanceOf(TooLongFrameException.class, error);
        assertInstanceOf(FrameTooLongException.class, e.getCause());
        assertEquals(1, frames.size(), "split at " + cut);
        assertEquals("ok", ((Map<?, ?>) frames.get(0)[0]).get("name"));
        assertFalse(channel.finish());
      }
    }
  }
}
