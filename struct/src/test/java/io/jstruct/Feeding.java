package io.jstruct;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

/**
 * How a test stream hands out its bytes, as Okio's {@code ONE_BYTE_AT_A_TIME} factory does: whole,
 * one byte per read, or random pieces (seed 0, so every run is the same).
 */
enum Feeding {
  WHOLE,
  ONE_BYTE_AT_A_TIME,
  RANDOM_CHUNKS;

  InputStream stream(byte[] data) {
    Random random = new Random(0);
    return new InputStream() {
      private int position;

      @Override
      public int read() {
        throw new AssertionError("readers must not read byte by byte");
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (position == data.length) {
          return -1;
        }
        int n = Math.min(len, data.length - position);
        if (Feeding.this == ONE_BYTE_AT_A_TIME) {
          n = Math.min(n, 1);
        } else if (Feeding.this == RANDOM_CHUNKS) {
          n = Math.min(n, 1 + random.nextInt(40));
        }
        System.arraycopy(data, position, b, off, n);
        position += n;
        return n;
      }
    };
  }
}
