package io.jstruct;

/**
 * Complex codes: {@code F} and {@code Zf} (two binary32, 8 bytes), {@code D} and {@code Zd} (two
 * binary64, 16 bytes): the real part, then the imaginary part, each in the format's byte order.
 *
 * <p>One rule makes every other decision: a complex code behaves exactly as two of its float code
 * in the same mode ({@code '<Zf'} as {@code '<ff'}), with the same overflow checks and messages.
 * {@code pack} takes a {@link Complex}, or any {@code Number} or {@code Boolean} as a real part
 * with imaginary part 0 (as CPython takes an int, a float or a bool); anything else is
 * {@code required argument is not a complex}.
 *
 * @param code the format code
 * @param part the float code of one part, in the same mode
 */
record ComplexCodec(String code, FloatCodec part) implements Codec {
  @Override
  public int size() {
    return 2 * part.size();
  }

  @Override
  public FieldKind kind() {
    return FieldKind.COMPLEX;
  }

  @Override
  public Class<?> javaType() {
    return Complex.class;
  }

  @Override
  public void check(Object value) {
    if (value instanceof Complex) {
      Complex c = (Complex) value;
      part.checkDouble(c.real(), c.real());
      part.checkDouble(c.imag(), c.imag());
    } else if (value instanceof Number || value instanceof Boolean) {
      part.value(value);
    } else {
      throw new StructError("required argument is not a complex");
    }
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    double real;
    double imag = 0;
    if (value instanceof Complex) {
      real = ((Complex) value).real();
      imag = ((Complex) value).imag();
    } else {
      real = Values.toDouble(value);
    }
    part.putDouble(a, at, big, real);
    part.putDouble(a, at + part.size(), big, imag);
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    return new Complex(part.getDouble(a, at, big), part.getDouble(a, at + part.size(), big));
  }
}
