package io.jstruct.framing;

import java.io.IOException;
import java.util.Arrays;

/**
 * Collects one payload of a known length, growing with the bytes that arrive rather than with
 * the length the header claims: it starts at 64 KiB (or the length, if smaller) and doubles, but
 * never past the length, so the last array is exactly the payload and a peer that claims 16 MiB
 * and sends 10 bytes costs 64 KiB. The copies made while growing add up to less than the payload.
 *
 * <p>Resumable: after an exception from the source (a socket timeout) the bytes so far are kept
 * and the next fill continues.
 */
final class PayloadBuffer {
  static final int FIRST_CAPACITY = 64 * 1024;
  private static final byte[] EMPTY = {};

  private byte[] buffer;
  private int filled;
  private int length = -1;

  void start(int payloadLength) {
    this.length = payloadLength;
    this.filled = 0;
    this.buffer = payloadLength == 0 ? EMPTY : new byte[Math.min(payloadLength, FIRST_CAPACITY)];
  }

  boolean started() {
    return length >= 0;
  }

  int length() {
    return length;
  }

  int filled() {
    return filled;
  }

  /** The buffer's current size, for tests of the growth policy. */
  int capacity() {
    return buffer == null ? 0 : buffer.length;
  }

  boolean complete() {
    return filled == length;
  }

  /** Reads until complete; false if the source ended first. */
  boolean fillFrom(ByteInput in) throws IOException {
    while (filled < length) {
      if (filled == buffer.length) {
        grow();
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        return false;
      }
      filled += n;
    }
    return true;
  }

  /** Takes up to the rest of the payload from {@code src}; returns how many bytes it took. */
  int append(byte[] src, int offset, int count) {
    int wanted = Math.min(count, length - filled);
    int copied = 0;
    while (copied < wanted) {
      if (filled == buffer.length) {
        grow();
      }
      int n = Math.min(wanted - copied, buffer.length - filled);
      System.arraycopy(src, offset + copied, buffer, filled, n);
      filled += n;
      copied += n;
    }
    return wanted;
  }

  private void grow() {
    int capacity = (int) Math.min(length, Math.max(2L * buffer.length, FIRST_CAPACITY));
    buffer = Arrays.copyOf(buffer, capacity);
  }

  /**
   * The bytes of an incomplete payload so far, in an array of at least {@link #filled()} bytes
   * (read {@code filled()} first); the buffer is then empty until the next {@link #start}.
   */
  byte[] takePartial() {
    byte[] partial = buffer;
    buffer = null;
    length = -1;
    filled = 0;
    return partial;
  }

  /** The complete payload; the buffer is then empty until the next {@link #start}. */
  byte[] take() {
    byte[] payload = buffer;
    buffer = null;
    length = -1;
    filled = 0;
    return payload;
  }
}
