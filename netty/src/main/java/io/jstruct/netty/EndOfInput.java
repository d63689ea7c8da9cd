package io.jstruct.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/** The first step of both frame decoders' {@code decodeLast}: decode every whole frame left. */
final class EndOfInput {
  private EndOfInput() {}

  /** A decoder's {@code decode}, which is protected in Netty's package and so passed in. */
  @FunctionalInterface
  interface Step {
    void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception;
  }

  /**
   * Calls {@code step} until {@code in} is empty or a call neither consumes bytes nor emits a
   * frame; what is left is a frame cut short (or input being dropped).
   */
  static void decodeWhole(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, Step step)
      throws Exception {
    while (in.isReadable()) {
      int before = in.readableBytes();
      int frames = out.size();
      step.decode(ctx, in, out);
      if (before == in.readableBytes() && frames == out.size()) {
        break;
      }
    }
  }
}
