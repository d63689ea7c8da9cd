package io.jstruct.framing;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/**
 * Gives {@code data} in pieces ending at the given cuts, as a socket gives a stream, and can
 * throw a {@link SocketTimeoutException} once when it reaches given positions, as a socket with
 * {@code SO_TIMEOUT} does when the peer pauses.
 */
final class ChunkedInputStream extends InputStream {
  private final byte[] data;
  private final int[] cuts;
  private final int[] timeouts;
  private int position;
  private int nextTimeout;

  ChunkedInputStream(byte[] data, int[] cuts, int... timeoutsAt) {
    this.data = data;
    this.cuts = cuts.clone();
    Arrays.sort(this.cuts);
    this.timeouts = timeoutsAt.clone();
    Arrays.sort(this.timeouts);
  }

  static ChunkedInputStream whole(byte[] data) {
    return new ChunkedInputStream(data, new int[0]);
  }

  @Override
  public int read() {
    throw new AssertionError("readers must not read byte by byte");
  }

  @Override
  public int read(byte[] b, int off, int len) throws SocketTimeoutException {
    if (nextTimeout < timeouts.length && timeouts[nextTimeout] == position) {
      nextTimeout++;
      throw new SocketTimeoutException("Read timed out (at byte " + position + ")");
    }
    if (position == data.length) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int end = data.length;
    for (int cut : cuts) {
      if (cut > position) {
        end = Math.min(end, cut);
        break;
      }
    }
    if (nextTimeout < timeouts.length && timeouts[nextTimeout] > position) {
      end = Math.min(end, timeouts[nextTimeout]);
    }
    int n = Math.min(len, end - position);
    System.arraycopy(data, position, b, off, n);
    position += n;
    return n;
  }

  int position() {
    return position;
  }
}
