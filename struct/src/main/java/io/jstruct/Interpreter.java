package io.jstruct;

import java.util.Arrays;

/**
 * Runs any layout by walking its runs and calling each field's {@link Codec}: what a struct uses
 * while cold, and always for a layout too large to generate code for.
 */
final class Interpreter implements Plan {
  private final Layout layout;

  Interpreter(Layout layout) {
    this.layout = layout;
  }

  @Override
  public void pack(Object[] values, byte[] buffer, int start) {
    Run[] runs = layout.runs;
    for (Run run : runs) {
      Codec codec = run.codec;
      for (int r = 0, item = run.firstItem; r < run.repeat; r++) {
        codec.check(values[item++]);
      }
    }
    if (layout.hasGaps) {
      Arrays.fill(buffer, start, start + layout.size, (byte) 0); // pad bytes are zeros
    }
    boolean big = layout.big;
    for (Run run : runs) {
      Codec codec = run.codec;
      int at = start + run.offset;
      for (int r = 0, item = run.firstItem; r < run.repeat; r++, at += run.size) {
        codec.write(buffer, at, big, values[item++]);
      }
    }
  }

  @Override
  public byte[] toBytes(Object[] values) {
    byte[] out = new byte[layout.size];
    pack(values, out, 0);
    return out;
  }

  @Override
  public Object[] unpackExact(byte[] data) {
    return data.length == layout.size ? unpack(data, 0) : null;
  }

  @Override
  public Object[] unpack(byte[] buffer, int start) {
    Object[] values = new Object[layout.itemCount];
    boolean big = layout.big;
    for (Run run : layout.runs) {
      Codec codec = run.codec;
      int at = start + run.offset;
      for (int r = 0, item = run.firstItem; r < run.repeat; r++, at += run.size) {
        values[item++] = codec.read(buffer, at, big);
      }
    }
    return values;
  }
}
