package io.jstruct.framing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** A blocking source of bytes: an {@link InputStream} or a {@link ReadableByteChannel}. */
abstract class ByteInput {

  /** Reads at least one byte into {@code b}, blocking as needed; -1 at the end of the stream. */
  abstract int read(byte[] b, int offset, int length) throws IOException;

  abstract void close() throws IOException;

  static ByteInput of(InputStream in) {
    if (in == null) {
      throw new FramingArgumentException("input stream is null");
    }
    return new ByteInput() {
      @Override
      int read(byte[] b, int offset, int length) throws IOException {
        return in.read(b, offset, length);
      }

      @Override
      void close() throws IOException {
        in.close();
      }
    };
  }

  static ByteInput of(ReadableByteChannel in) {
    if (in == null) {
      throw new FramingArgumentException("channel is null");
    }
    return new ByteInput() {
      @Override
      int read(byte[] b, int offset, int length) throws IOException {
        int n = in.read(ByteBuffer.wrap(b, offset, length));
        if (n == 0 && length > 0) {
          throw new IllegalStateException("the channel returned no bytes: blocking readers need a "
              + "blocking channel; use FrameDecoder for non-blocking I/O");
        }
        return n;
      }

      @Override
      void close() throws IOException {
        in.close();
      }
    };
  }
}
