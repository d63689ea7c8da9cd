package io.jstruct;

/**
 * Float codes: {@code e} (binary16, see {@link Half}), {@code f} (binary32) and {@code d}
 * (binary64). They pack any {@code Number} or {@code Boolean} and unpack as {@code Double}.
 *
 * <p>The one overflow rule: standard {@code e} and {@code f} refuse a finite value too large for
 * them; native {@code f} ({@code checked} false) writes infinity, as CPython's native table does;
 * native {@code e} refuses too. When the value was an integer, CPython reports the overflow as
 * {@code int too large to convert}.
 *
 * @param code the format code
 * @param size bytes per value: 2, 4 or 8
 * @param checked whether a 4-byte value too large for a float is an error
 */
record FloatCodec(String code, int size, boolean checked) implements Codec {
  @Override
  public FieldKind kind() {
    return FieldKind.FLOAT;
  }

  @Override
  public Class<?> javaType() {
    return Double.class;
  }

  /** Checks {@code value} and returns it as a double. */
  double value(Object value) {
    double x = Values.toDouble(value);
    checkDouble(x, value);
    return x;
  }

  /** Throws pack's error if {@code x} overflows this code; {@code value} is what was packed. */
  void checkDouble(double x, Object value) {
    if (size == 2) {
      try {
        Half.toBits(x);
      } catch (StructError e) {
        throw overflow(value, e);
      }
    } else if (size == 4 && checked && Float.isInfinite((float) x) && !Double.isInfinite(x)) {
      throw overflow(value, new StructError("float too large to pack with f format"));
    }
  }

  private static StructError overflow(Object value, StructError floatError) {
    boolean integral = Values.isIntegral(value) && !(value instanceof Boolean);
    return integral ? new StructError("int too large to convert") : floatError;
  }

  @Override
  public void check(Object value) {
    value(value);
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    putDouble(a, at, big, Values.toDouble(value));
  }

  /** Writes a double that passed the check. */
  void putDouble(byte[] a, int at, boolean big, double x) {
    ByteIo.put(a, at, size, big, bits(x));
  }

  /** The IEEE bits of {@code x} in this width. */
  long bits(double x) {
    if (size == 2) {
      return Half.toBits(x);
    } else if (size == 4) {
      return Float.floatToRawIntBits((float) x);
    }
    return Double.doubleToRawLongBits(x);
  }

  double getDouble(byte[] a, int at, boolean big) {
    return fromBits(ByteIo.get(a, at, size, big, false));
  }

  /** The value of IEEE {@code bits} of this width. */
  double fromBits(long bits) {
    if (size == 2) {
      return Half.toDouble((int) bits);
    } else if (size == 4) {
      return Float.intBitsToFloat((int) bits);
    }
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    return getDouble(a, at, big);
  }
}
