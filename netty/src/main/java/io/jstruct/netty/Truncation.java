package io.jstruct.netty;

import io.jstruct.framing.TruncatedFrameException;
import io.netty.handler.codec.CorruptedFrameException;

/** The error for a channel that closed inside a frame, as the decoders report it. */
final class Truncation {
  private Truncation() {}

  static CorruptedFrameException of(String problem) {
    TruncatedFrameException cause =
        new TruncatedFrameException(problem + " when the channel's input ended");
    return new CorruptedFrameException(cause.getMessage(), cause);
  }
}
