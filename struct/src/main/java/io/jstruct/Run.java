package io.jstruct;

/**
 * One item of a format with its repeat count, as {@code formatcode} is in CPython: {@code "3i"} is
 * one run of three values, {@code "10s"} one run of one 10-byte value. Pad bytes ({@code x}) make
 * no run; they are only gaps between offsets.
 */
final class Run {
  final Codec codec;
  /** Where the first value starts, from the start of the struct. */
  final int offset;
  /** Bytes per value. */
  final int size;
  /** How many values; always 1 for {@code s} and {@code p}. */
  final int repeat;
  /** Index of the first value in the unpacked tuple. */
  final int firstItem;

  Run(Codec codec, int offset, int repeat, int firstItem) {
    this.codec = codec;
    this.offset = offset;
    this.size = codec.size();
    this.repeat = repeat;
    this.firstItem = firstItem;
  }

  /**
   * {@code i@4(4)}: code, offset and size of each value; a long run is folded into
   * {@code 1000×i@0(4 each)}.
   */
  @Override
  public String toString() {
    String code = codec.code();
    if (repeat > 8) {
      return repeat + "\u00d7" + code + "@" + offset + "(" + size + " each)";
    }
    StringBuilder s = new StringBuilder();
    for (int r = 0; r < repeat; r++) {
      s.append(r == 0 ? "" : " ").append(code).append('@').append(offset + r * size)
          .append('(').append(size).append(')');
    }
    return s.toString();
  }
}
