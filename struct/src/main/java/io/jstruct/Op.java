package io.jstruct;

/**
 * The operation codes of compiled formats: one per (kind, width, byte order), so that the pack and
 * unpack loops are one {@code switch} per value, with no virtual call and no lookup.
 *
 * <p>Naming: {@code I} signed and {@code U} unsigned integers, {@code F} IEEE floats, then the width
 * in bits, then {@code BE} big-endian or {@code LE} little-endian. {@code F32_*_UNCHECKED} is
 * CPython's native {@code f}, which (unlike standard {@code f}) turns a double too large for a float
 * into infinity instead of failing.
 */
final class Op {
  static final int BOOL = 0;
  static final int CHAR = 1;
  static final int BYTES = 2; // 's'
  static final int PASCAL = 3; // 'p'
  static final int I8 = 4;
  static final int U8 = 5;
  static final int I16_BE = 6;
  static final int I16_LE = 7;
  static final int U16_BE = 8;
  static final int U16_LE = 9;
  static final int I32_BE = 10;
  static final int I32_LE = 11;
  static final int U32_BE = 12;
  static final int U32_LE = 13;
  static final int I64_BE = 14;
  static final int I64_LE = 15;
  static final int U64_BE = 16;
  static final int U64_LE = 17;
  static final int F16_BE = 18;
  static final int F16_LE = 19;
  static final int F32_BE = 20;
  static final int F32_LE = 21;
  static final int F32_BE_UNCHECKED = 22;
  static final int F32_LE_UNCHECKED = 23;
  static final int F64_BE = 24;
  static final int F64_LE = 25;

  private Op() {}

  static boolean isInteger(int op) {
    return op >= I8 && op <= U64_LE;
  }

  static boolean isFloat(int op) {
    return op >= F16_BE;
  }

  /** The integer op for a width in bytes, signedness and byte order. */
  static int integer(int size, boolean signed, boolean bigEndian) {
    int op;
    switch (size) {
      case 1:
        return signed ? I8 : U8;
      case 2:
        op = I16_BE;
        break;
      case 4:
        op = I32_BE;
        break;
      case 8:
        op = I64_BE;
        break;
      default:
        throw new AssertionError("integer size " + size);
    }
    return op + (signed ? 0 : 2) + (bigEndian ? 0 : 1);
  }
}
