package io.jstruct;

/**
 * What kind of value a {@link StructField} holds, and so how {@code pack} checks it and what
 * {@code unpack} gives back. One kind may have several codes and widths: {@code b h i l q n} are
 * all {@link #SIGNED_INTEGER}, told apart by {@link StructField#size()}.
 */
public enum FieldKind {
  /** {@code b h i l q n}: two's complement; packs any integral value in the code's range. */
  SIGNED_INTEGER,
  /**
   * {@code B H I L Q N P}: packs any integral value in the code's range ({@code P} also takes
   * negative values of the signed pointer-sized range, as CPython does) and unpacks non-negative.
   */
  UNSIGNED_INTEGER,
  /** {@code e f d}: IEEE 754 binary16, binary32 or binary64; unpacks as {@code Double}. */
  FLOAT,
  /** {@code ?}: one byte, 0 or 1 when packed, any non-zero byte is true when unpacked. */
  BOOL,
  /** {@code c}: one byte, packed from and unpacked to a {@code byte[]} of length 1. */
  CHAR,
  /** {@code s}: the repeat count's number of bytes, cut or zero-padded. */
  BYTES,
  /** {@code p}: a length byte, then the bytes, cut to the count minus one and zero-padded. */
  PASCAL_STRING,
  /**
   * {@code F Zf D Zd}: two IEEE floats of one width, real part then imaginary part, each in the
   * format's byte order; unpacks as {@link Complex}.
   */
  COMPLEX
}
