package io.jstruct;

import java.math.BigInteger;

/**
 * One row of a format table, as {@code formatdef} is in CPython's {@code _struct.c}: what one
 * format character means in one mode.
 *
 * <p>For integer codes it also carries the range that {@code pack} accepts, and the message that
 * reports a value outside it, built once here rather than on every failure.
 */
final class FormatDef {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  final char code;
  /** Bytes per value; for {@code s} and {@code p} the repeat count is the size instead. */
  final int size;
  /** Native alignment in bytes, or 0 where the mode does not align. */
  final int alignment;
  /** One of {@link Op}. */
  final int op;
  /** Smallest integer {@code pack} accepts; unused for other kinds. */
  final BigInteger min;
  /** Largest integer {@code pack} accepts; unused for other kinds. */
  final BigInteger max;
  /** {@code min} and {@code max} as longs, clamped to the long range, for the fast check. */
  final long minLong;
  final long maxLong;
  /** {@code "'i' format requires -2147483648 <= number <= 2147483647"}; null for other kinds. */
  final String rangeMessage;

  private FormatDef(char code, int size, int alignment, int op, BigInteger min, BigInteger max) {
    this.code = code;
    this.size = size;
    this.alignment = alignment;
    this.op = op;
    this.min = min;
    this.max = max;
    this.minLong = min == null ? 0 : clamp(min);
    this.maxLong = max == null ? 0 : clamp(max);
    this.rangeMessage =
        min == null ? null : "'" + code + "' format requires " + min + " <= number <= " + max;
  }

  static FormatDef other(char code, int size, int alignment, int op) {
    return new FormatDef(code, size, alignment, op, null, null);
  }

  static FormatDef integer(char code, int size, int alignment, boolean signed, boolean bigEndian) {
    BigInteger max = BigInteger.ONE.shiftLeft(size * 8 - (signed ? 1 : 0)).subtract(BigInteger.ONE);
    BigInteger min = signed ? max.negate().subtract(BigInteger.ONE) : BigInteger.ZERO;
    return new FormatDef(code, size, alignment, Op.integer(size, signed, bigEndian), min, max);
  }

  /**
   * Native {@code P}: CPython's {@code PyLong_AsVoidPtr} takes any value of the signed or the
   * unsigned pointer-sized integer, so {@code -1} packs as all ones; unpacking is unsigned.
   */
  static FormatDef pointer(int size, boolean bigEndian) {
    BigInteger max = BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE);
    BigInteger min = BigInteger.ONE.shiftLeft(size * 8 - 1).negate();
    return new FormatDef('P', size, size, Op.integer(size, false, bigEndian), min, max);
  }

  boolean isInteger() {
    return min != null;
  }

  /** Whether {@code value} is in the range; for values that fit a long. */
  boolean accepts(long value) {
    return value >= minLong && value <= maxLong;
  }

  /** Whether {@code value} is in the range; for any value. */
  boolean accepts(BigInteger value) {
    return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
  }

  private static long clamp(BigInteger value) {
    if (value.bitLength() < 64) {
      return value.longValue();
    }
    return value.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  /** Unsigned 64-bit values above {@code Long.MAX_VALUE}, for unpacking Q, N, P. */
  static BigInteger unsigned64(long bits) {
    BigInteger value = BigInteger.valueOf(bits);
    return bits >= 0 ? value : value.add(TWO_64);
  }

  @Override
  public String toString() {
    return "'" + code + "'";
  }
}
