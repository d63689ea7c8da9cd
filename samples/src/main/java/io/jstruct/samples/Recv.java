package io.jstruct.samples;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Python's {@code conn.recv(bufsize)} on a Java stream, for a server that keeps what it receives:
 * each call returns whatever has arrived, up to {@code bufsize} bytes, or {@code b''} (an empty
 * array) once the peer has closed. The whole conversation is capped: once more than
 * {@code maxTotal} bytes have come, the next recv throws instead of reading, so a client cannot
 * grow what the server keeps without bound.
 *
 * <p>One per connection; not thread-safe.
 */
final class Recv {
  private final InputStream in;
  private final long maxTotal;
  private long total;

  Recv(InputStream in, long maxTotal) {
    this.in = in;
    this.maxTotal = maxTotal;
  }

  /** Up to {@code bufsize} bytes, at least one; empty at the end of the stream. */
  byte[] recv(int bufsize) throws IOException {
    if (total > maxTotal) {
      throw new IOException("more than " + maxTotal + " bytes: a demo, not a sink");
    }
    byte[] buffer = new byte[bufsize];
    int n = in.read(buffer);
    if (n < 0) {
      return new byte[0];
    }
    total += n;
    return n == bufsize ? buffer : Arrays.copyOf(buffer, n);
  }
}
