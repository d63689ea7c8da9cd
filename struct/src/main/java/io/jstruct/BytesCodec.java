package io.jstruct;

import java.util.Arrays;

/**
 * {@code s} and {@code p}: a {@code byte[]} in a field of the repeat count's size ({@code "10s"} is
 * one value of 10 bytes), cut or zero-padded to fit; a {@code String} is refused, as CPython
 * refuses str.
 *
 * <pre>
 * 's', size n:  | bytes, cut to n, zero-padded |
 * 'p', size n:  | length (min(len, n-1, 255)) | bytes, cut to n-1, zero-padded |
 * </pre>
 *
 * <p>{@code p} as in CPython: the length byte saturates at 255 even when more bytes fit
 * ({@code 300p}); {@code 0p} writes nothing and reads as empty (CPython 3.11 raises SystemError).
 *
 * @param code {@code "s"} or {@code "p"}
 * @param size the field's size in bytes: the repeat count
 * @param pascal whether {@code code} is {@code "p"}: a flag, so that generated code tests a
 *     constant instead of comparing strings on every call
 */
record BytesCodec(String code, int size, boolean pascal) implements Codec {
  BytesCodec(String code, int size) {
    this(code, size, code.equals("p"));
  }

  @Override
  public FieldKind kind() {
    return pascal() ? FieldKind.PASCAL_STRING : FieldKind.BYTES;
  }

  @Override
  public Class<?> javaType() {
    return byte[].class;
  }

  private byte[] toBytes(Object value) {
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new StructError("argument for '" + code + "' must be a bytes object");
  }

  @Override
  public void check(Object value) {
    toBytes(value);
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    byte[] bytes = toBytes(value);
    int start = at;
    int room = size;
    if (pascal()) {
      if (size == 0) {
        return;
      }
      a[at] = (byte) Math.min(Math.min(bytes.length, size - 1), 255);
      start++;
      room--;
    }
    int n = Math.min(bytes.length, room);
    System.arraycopy(bytes, 0, a, start, n);
    Arrays.fill(a, start + n, start + room, (byte) 0);
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    if (!pascal()) {
      return Arrays.copyOfRange(a, at, at + size);
    } else if (size == 0) {
      return new byte[0];
    }
    int n = Math.min(a[at] & 0xff, size - 1);
    return Arrays.copyOfRange(a, at + 1, at + 1 + n);
  }
}
