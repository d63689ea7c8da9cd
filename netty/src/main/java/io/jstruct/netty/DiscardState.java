package io.jstruct.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;

/**
 * A decoder's discard mode, in one place for both frame decoders: the bytes of a too-long frame
 * still to be skipped as they arrive, the error held back until they are gone, and whether the
 * stream is lost for good (all further input dropped). One per decoder, so one per channel.
 */
final class DiscardState {
  /** Bytes of a too-long frame still to be skipped as they arrive. */
  private long bytesToDiscard;
  /** Without failFast: the exception to pass on once the too-long frame is discarded. */
  private TooLongFrameException deferred;
  /** Set when the stream cannot be resynchronised: all further input is dropped. */
  private boolean failed;

  /**
   * Drops all input for good. The caller throws the error that says why.
   *
   * @param in the input, whose readable bytes are skipped
   */
  void fail(ByteBuf in) {
    failed = true;
    in.skipBytes(in.readableBytes());
  }

  /**
   * Starts discarding a too-long frame of {@code length} bytes from {@code in}'s reader index:
   * skips what is there, and passes {@code error} on now ({@code failFast}, or nothing is left to
   * skip) or once the rest has been skipped.
   */
  void start(ChannelHandlerContext ctx, ByteBuf in, long length, boolean failFast,
      TooLongFrameException error) {
    int skipped = (int) Math.min(length, in.readableBytes());
    in.skipBytes(skipped);
    bytesToDiscard = length - skipped;
    if (failFast || bytesToDiscard == 0) {
      ctx.fireExceptionCaught(error);
    } else {
      deferred = error;
    }
  }

  /**
   * Call first in {@code decode}: drops input after a failure and skips a discarded frame's
   * bytes (passing on a deferred error once it is gone).
   *
   * @return true when decoding may go on with the bytes left in {@code in}
   */
  boolean skip(ChannelHandlerContext ctx, ByteBuf in) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return false;
    }
    if (bytesToDiscard == 0) {
      return true;
    }
    int skipped = (int) Math.min(bytesToDiscard, in.readableBytes());
    in.skipBytes(skipped);
    bytesToDiscard -= skipped;
    if (bytesToDiscard > 0) {
      return false;
    }
    if (deferred != null) {
      TooLongFrameException e = deferred;
      deferred = null;
      ctx.fireExceptionCaught(e);
    }
    return true;
  }

  /**
   * Whether input is being dropped (failed, or inside a discarded frame), so bytes held at the
   * end of input are no truncated frame.
   */
  boolean dropping() {
    return failed || bytesToDiscard > 0;
  }
}
