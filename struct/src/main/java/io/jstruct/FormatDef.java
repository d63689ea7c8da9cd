package io.jstruct;

/**
 * One row of a format table, as {@code formatdef} is in CPython's {@code _struct.c}: what one
 * format code means in one mode.
 *
 * @param code the format code: one letter, or two ({@code Zd})
 * @param size bytes per value; for {@code s} and {@code p} the repeat count is the size instead
 * @param alignment native alignment in bytes, or 0 where the mode does not align
 * @param codec what the code's values are; null for {@code x s p}, see {@link #codecFor}
 */
record FormatDef(String code, int size, int alignment, Codec codec) {
  /** A code whose values are all alike. */
  static FormatDef of(int alignment, Codec codec) {
    return new FormatDef(codec.code(), codec.size(), alignment, codec);
  }

  /** {@code x}, {@code s} or {@code p}: a byte that is no value, or bytes sized by the count. */
  static FormatDef bytes(String code) {
    return new FormatDef(code, 1, 0, null);
  }

  boolean isPad() {
    return code.equals("x");
  }

  /** Whether the repeat count is the size of one value ({@code s}, {@code p}). */
  boolean countIsSize() {
    return codec == null && !isPad();
  }

  /** The codec of an item of this code with repeat count {@code count}. */
  Codec codecFor(int count) {
    return countIsSize() ? new BytesCodec(code, count) : codec;
  }
}
