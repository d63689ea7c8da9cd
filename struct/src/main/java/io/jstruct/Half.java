package io.jstruct;

/**
 * IEEE 754 binary16, the {@code e} format, converted straight from and to {@code double} as
 * CPython's {@code PyFloat_Pack2} and {@code PyFloat_Unpack2} do.
 *
 * <pre>
 *  bit 15   14..10     9..0
 * +------+----------+----------+
 * | sign | exponent | fraction |   bias 15; exponent 0 subnormal, 31 infinity or NaN
 * +------+----------+----------+
 * </pre>
 *
 * <p>Rounding goes directly from the double to 11 significant bits, half to even. Going through
 * {@code float} first would round twice and differ from CPython on some values.
 */
final class Half {
  private static final double TWO_POW_24 = 0x1p24;
  /** CPython's {@code -nan}: the quiet NaN with the sign bit set (negating NaN need not set it). */
  private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);

  private Half() {}

  /** The binary16 bits of {@code x}; throws CPython's error when it is too large. */
  static int toBits(double x) {
    int sign = (Double.doubleToRawLongBits(x) < 0) ? 0x8000 : 0;
    if (Double.isNaN(x)) {
      return sign | 0x7e00; // CPython packs every NaN as the quiet NaN of its sign
    }
    double a = Math.abs(x);
    if (Double.isInfinite(a)) {
      return sign | 0x7c00;
    }
    if (a < 0x1p-14) {
      // Subnormal (or zero): the fraction counts units of 2^-24; 0x400 rounds up to the least normal.
      return sign | (int) Math.rint(a * TWO_POW_24);
    }
    int e = Math.getExponent(a);
    int fraction = (int) Math.rint((a / Math.scalb(1.0, e) - 1.0) * 1024.0);
    if (fraction == 1024) {
      fraction = 0;
      e++;
    }
    if (e > 15) {
      throw new StructError("float too large to pack with e format");
    }
    return sign | ((e + 15) << 10) | fraction;
  }

  /** The value of binary16 {@code bits}; NaN comes back as the quiet NaN of its sign, as in CPython. */
  static double toDouble(int bits) {
    boolean negative = (bits & 0x8000) != 0;
    int e = (bits >>> 10) & 0x1f;
    int fraction = bits & 0x3ff;
    double magnitude;
    if (e == 0x1f) {
      if (fraction != 0) {
        return negative ? NEGATIVE_NAN : Double.NaN;
      }
      magnitude = Double.POSITIVE_INFINITY;
    } else if (e == 0) {
      magnitude = fraction / TWO_POW_24;
    } else {
      magnitude = Math.scalb(1.0 + fraction / 1024.0, e - 15);
    }
    return negative ? -magnitude : magnitude;
  }
}
