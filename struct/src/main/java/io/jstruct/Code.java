package io.jstruct;

/**
 * One compiled run of a format, as {@code formatcode} is in CPython: {@code "3i"} is one code of
 * three values, {@code "10s"} one code of one 10-byte value. Pad bytes ({@code x}) compile to no
 * code at all; they are only gaps between offsets.
 */
final class Code {
  final FormatDef def;
  /** {@link FormatDef#op}, copied here so the hot loops read one object. */
  final int op;
  /** Where the first value starts, from the start of the struct. */
  final int offset;
  /** Bytes per value: the def's size, or the repeat count for {@code s} and {@code p}. */
  final int size;
  /** How many values; always 1 for {@code s} and {@code p}. */
  final int repeat;
  /** Index of the first value in the unpacked tuple. */
  final int firstItem;

  Code(FormatDef def, int offset, int size, int repeat, int firstItem) {
    this.def = def;
    this.op = def.op;
    this.offset = offset;
    this.size = size;
    this.repeat = repeat;
    this.firstItem = firstItem;
  }

  /**
   * {@code i@4(4)}: code, offset and size of each value; a long run is folded into
   * {@code 1000×i@0(4 each)}.
   */
  @Override
  public String toString() {
    if (repeat > 8) {
      return repeat + "\u00d7" + def.code + "@" + offset + "(" + size + " each)";
    }
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < repeat; r++) {
      s.append(r == 0 ? "" : " ").append(def.code).append('@').append(offset + r * size)
          .append('(').append(size).append(')');
    }
    return s.toString();
  }
}
