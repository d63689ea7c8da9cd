package io.jstruct;

/** {@code c}: one byte, packed from and unpacked to a {@code byte[]} of length 1. */
record CharCodec() implements Codec {
  static final CharCodec INSTANCE = new CharCodec();

  @Override
  public String code() {
    return "c";
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public FieldKind kind() {
    return FieldKind.CHAR;
  }

  @Override
  public Class<?> javaType() {
    return byte[].class;
  }

  /** The one byte of a {@code c} value. */
  static byte toByte(Object value) {
    if (value instanceof byte[] && ((byte[]) value).length == 1) {
      return ((byte[]) value)[0];
    }
    throw new StructError("char format requires a bytes object of length 1");
  }

  @Override
  public void check(Object value) {
    toByte(value);
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    a[at] = toByte(value);
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    return new byte[] {a[at]};
  }
}
