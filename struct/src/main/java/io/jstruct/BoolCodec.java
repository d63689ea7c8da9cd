package io.jstruct;

/**
 * {@code ?}: packs Python's truth value of any object (null, zero and empty are false) as 1 or 0;
 * unpacks any non-zero byte as true.
 */
record BoolCodec() implements Codec {
  static final BoolCodec INSTANCE = new BoolCodec();

  @Override
  public String code() {
    return "?";
  }

  @Override
  public int size() {
    return 1;
  }

  @Override
  public FieldKind kind() {
    return FieldKind.BOOL;
  }

  @Override
  public Class<?> javaType() {
    return Boolean.class;
  }

  @Override
  public void check(Object value) {
    // every object has a truth value
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    a[at] = Values.isTrue(value) ? (byte) 1 : (byte) 0;
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    return a[at] != 0;
  }
}
