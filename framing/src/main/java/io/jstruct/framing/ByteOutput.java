package io.jstruct.framing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A blocking sink of bytes: an {@link OutputStream} or a {@link WritableByteChannel}. */
abstract class ByteOutput {

  /** Writes all {@code length} bytes, blocking as needed. */
  abstract void write(byte[] b, int offset, int length) throws IOException;

  abstract void flush() throws IOException;

  abstract void close() throws IOException;

  static ByteOutput of(OutputStream out) {
    if (out == null) {
      throw new FramingArgumentException("output stream is null");
    }
    return new ByteOutput() {
      @Override
      void write(byte[] b, int offset, int length) throws IOException {
        out.write(b, offset, length);
      }

      @Override
      void flush() throws IOException {
        out.flush();
      }

      @Override
      void close() throws IOException {
        out.close();
      }
    };
  }

  static ByteOutput of(WritableByteChannel out) {
    if (out == null) {
      throw new FramingArgumentException("channel is null");
    }
    return new ByteOutput() {
      @Override
      void write(byte[] b, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(b, offset, length);
        while (buffer.hasRemaining()) {
          if (out.write(buffer) == 0) {
            throw new IllegalStateException("the channel took no bytes: blocking writers need a "
                + "blocking channel");
          }
        }
      }

      @Override
      void flush() {}

      @Override
      void close() throws IOException {
        out.close();
      }
    };
  }
}
