package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.framing.FrameFormat;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check every test runs under does catch a leak: a frame nobody releases. */
class LeakCheckTest {
  @Test
  void anUnreleasedFrameIsReported() {
    leakOneFrame();
    List<String> leaks = LeakCheck.collectLeaks(); // consumed here, so this test itself passes
    assertFalse(leaks.isEmpty(), "the detector reported no leak for a frame never released");
    assertTrue(leaks.get(0).contains("ByteBuf"), leaks.get(0));
  }

  private static void leakOneFrame() {
    EmbeddedChannel channel =
        new EmbeddedChannel(new StructFrameDecoder(FrameFormat.lengthPrefixed("!I")));
    channel.writeInbound(PooledByteBufAllocator.DEFAULT.buffer(5)
        .writeBytes(new byte[] {0, 0, 0, 1, 'X'}));
    StructFrame frame = channel.readInbound();
    assertTrue(frame.refCnt() > 0);
    channel.finish(); // the frame is read, never released: its slice keeps the cumulation alive
  }
}
