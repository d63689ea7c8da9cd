package io.jstruct;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;

/**
 * Where a reader's bytes come from: an {@link InputStream}, a blocking
 * {@link ReadableByteChannel} or a buffer, behind the one call the readers need. Not thread-safe.
 */
abstract class ByteSource implements Closeable {
  /**
   * Reads at least one and at most {@code byteCount} bytes into {@code bytes} at {@code offset},
   * blocking until one is there, or returns -1 at the end of the stream.
   */
  abstract int read(byte[] bytes, int offset, int byteCount) throws IOException;

  static ByteSource of(InputStream in) {
    if (in == null) {
      throw new StructError("in == null");
    }
    return new ByteSource() {
      @Override
      int read(byte[] bytes, int offset, int byteCount) throws IOException {
        int n;
        do {
          n = in.read(bytes, offset, byteCount); // 0 only from a broken stream; ask again
        } while (n == 0);
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  static ByteSource of(ReadableByteChannel channel) {
    if (channel == null) {
      throw new StructError("channel == null");
    }
    return new ByteSource() {
      /** The last array read into, wrapped once rather than on every call. */
      private ByteBuffer wrapped = ByteBuffer.allocate(0);

      @Override
      int read(byte[] bytes, int offset, int byteCount) throws IOException {
        if (wrapped.array() != bytes) {
          wrapped = ByteBuffer.wrap(bytes);
        }
        wrapped.limit(offset + byteCount).position(offset);
        int n = channel.read(wrapped);
        if (n == 0) {
          checkBlocking(channel);
          // A blocking channel may still return 0 (a pipe woken spuriously): ask until it gives.
          while (n == 0) {
            n = channel.read(wrapped);
          }
        }
        return n;
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  /** The remaining bytes of a buffer (its own view: the position moves). */
  static ByteSource of(ByteBuffer buffer) {
    return new ByteSource() {
      @Override
      int read(byte[] bytes, int offset, int byteCount) {
        int n = Math.min(byteCount, buffer.remaining());
        if (n == 0) {
          return -1;
        }
        buffer.get(bytes, offset, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * A non-blocking channel answers "nothing yet" with 0, which a blocking read cannot pass on:
   * refuse it rather than spin.
   */
  static void checkBlocking(Object channel) {
    if (channel instanceof SelectableChannel && !((SelectableChannel) channel).isBlocking()) {
      throw new StructError(
          "channel is in non-blocking mode; structs are read and written on blocking channels "
              + "(decode a non-blocking channel's bytes with unpackFrom or get(ByteBuffer))");
    }
  }
}
