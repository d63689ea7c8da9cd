package io.jstruct.benchmarks;

import io.jstruct.Complex;
import io.jstruct.StructError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * What a careful Java engineer writes by hand instead of using jstruct: {@code ByteBuffer} absolute
 * gets and puts for one fixed format, with the same checks jstruct makes (item count, room in the
 * buffer, value types, integer ranges, all before any byte is written) and the same
 * {@link StructError} messages, returning the same boxed {@code Object[]}. This is the yardstick
 * the "within 1.1x of hand-written" goal (issue 7) is measured against.
 *
 * <p>Every method takes a {@code ByteBuffer} that wraps the caller's array in the format's byte
 * order, made once, as a hand-written codec would hold it.
 */
final class HandWritten {
  private HandWritten() {}

  // ---------------------------------------------------------------------------------------------
  // "!HIq": 00 01 | 00 00 00 02 | ff .. ff   (14 bytes, big-endian, no padding)

  static void packIntoHIq(ByteBuffer bigEndian, int off, Object... v) {
    checkCount(v, 3);
    checkRoom(bigEndian, off, 14);
    long h = integer(v[0]);
    long i = integer(v[1]);
    long q = integer(v[2]);
    if (h < 0 || h > 0xffff) {
      throw new StructError("'H' format requires 0 <= number <= 65535");
    }
    if (i < 0 || i > 0xffffffffL) {
      throw new StructError("'I' format requires 0 <= number <= 4294967295");
    }
    bigEndian.putShort(off, (short) h);
    bigEndian.putInt(off + 2, (int) i);
    bigEndian.putLong(off + 6, q);
  }

  static Object[] unpackFromHIq(ByteBuffer bigEndian, int off) {
    checkRoom(bigEndian, off, 14);
    return new Object[] {
      bigEndian.getShort(off) & 0xffff,
      bigEndian.getInt(off + 2) & 0xffffffffL,
      bigEndian.getLong(off + 6)
    };
  }

  // ---------------------------------------------------------------------------------------------
  // "<10i": ten little-endian ints, 40 bytes

  static void packInto10i(ByteBuffer littleEndian, int off, Object... v) {
    checkCount(v, 10);
    checkRoom(littleEndian, off, 40);
    for (int k = 0; k < 10; k++) {
      long x = integer(v[k]);
      if (x < Integer.MIN_VALUE || x > Integer.MAX_VALUE) {
        throw new StructError("'i' format requires -2147483648 <= number <= 2147483647");
      }
    }
    for (int k = 0; k < 10; k++) {
      littleEndian.putInt(off + 4 * k, (int) integer(v[k]));
    }
  }

  static Object[] unpackFrom10i(ByteBuffer littleEndian, int off) {
    checkRoom(littleEndian, off, 40);
    Object[] values = new Object[10];
    for (int k = 0; k < 10; k++) {
      values[k] = littleEndian.getInt(off + 4 * k);
    }
    return values;
  }

  // ---------------------------------------------------------------------------------------------
  // "@bhiqd" on LP64 little-endian, C alignment:
  //   b | pad | h h | i i i i | q q q q q q q q | d d d d d d d d     (24 bytes)
  //   0   1     2     4         8                 16

  static void packIntoBhiqd(ByteBuffer littleEndian, int off, Object... v) {
    checkCount(v, 5);
    checkRoom(littleEndian, off, 24);
    long b = integer(v[0]);
    long h = integer(v[1]);
    long i = integer(v[2]);
    long q = integer(v[3]);
    double d = toDouble(v[4]);
    if (b < -128 || b > 127) {
      throw new StructError("'b' format requires -128 <= number <= 127");
    }
    if (h < Short.MIN_VALUE || h > Short.MAX_VALUE) {
      throw new StructError("'h' format requires -32768 <= number <= 32767");
    }
    if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE) {
      throw new StructError("'i' format requires -2147483648 <= number <= 2147483647");
    }
    littleEndian.put(off, (byte) b);
    littleEndian.put(off + 1, (byte) 0);
    littleEndian.putShort(off + 2, (short) h);
    littleEndian.putInt(off + 4, (int) i);
    littleEndian.putLong(off + 8, q);
    littleEndian.putDouble(off + 16, d);
  }

  static Object[] unpackFromBhiqd(ByteBuffer littleEndian, int off) {
    checkRoom(littleEndian, off, 24);
    return new Object[] {
      (int) littleEndian.get(off),
      (int) littleEndian.getShort(off + 2),
      littleEndian.getInt(off + 4),
      littleEndian.getLong(off + 8),
      littleEndian.getDouble(off + 16)
    };
  }

  // ---------------------------------------------------------------------------------------------
  // "!I64s": 4-byte big-endian length, then 64 bytes, cut or zero-padded (68 bytes)

  static void packIntoI64s(ByteBuffer bigEndian, int off, Object... v) {
    checkCount(v, 2);
    checkRoom(bigEndian, off, 68);
    long n = integer(v[0]);
    if (!(v[1] instanceof byte[])) {
      throw new StructError("argument for 's' must be a bytes object");
    }
    byte[] s = (byte[]) v[1];
    if (n < 0 || n > 0xffffffffL) {
      throw new StructError("'I' format requires 0 <= number <= 4294967295");
    }
    bigEndian.putInt(off, (int) n);
    // ByteBuffer's absolute bulk put and get are slow loops on JDK 17; a hand-writer who
    // measured would copy through the backing array, so the yardstick does too.
    int copied = Math.min(s.length, 64);
    int at = bigEndian.arrayOffset() + off + 4;
    System.arraycopy(s, 0, bigEndian.array(), at, copied);
    Arrays.fill(bigEndian.array(), at + copied, at + 64, (byte) 0);
  }

  static Object[] unpackFromI64s(ByteBuffer bigEndian, int off) {
    checkRoom(bigEndian, off, 68);
    int at = bigEndian.arrayOffset() + off + 4;
    byte[] s = Arrays.copyOfRange(bigEndian.array(), at, at + 64);
    return new Object[] {bigEndian.getInt(off) & 0xffffffffL, s};
  }

  // ---------------------------------------------------------------------------------------------
  // "<2Zd": two complex numbers, each real then imaginary, little-endian binary64 (32 bytes)

  static void packInto2Zd(ByteBuffer littleEndian, int off, Object... v) {
    checkCount(v, 2);
    checkRoom(littleEndian, off, 32);
    Complex a = complex(v[0]);
    Complex b = complex(v[1]);
    littleEndian.putDouble(off, a.real());
    littleEndian.putDouble(off + 8, a.imag());
    littleEndian.putDouble(off + 16, b.real());
    littleEndian.putDouble(off + 24, b.imag());
  }

  static Object[] unpackFrom2Zd(ByteBuffer littleEndian, int off) {
    checkRoom(littleEndian, off, 32);
    return new Object[] {
      new Complex(littleEndian.getDouble(off), littleEndian.getDouble(off + 8)),
      new Complex(littleEndian.getDouble(off + 16), littleEndian.getDouble(off + 24))
    };
  }

  // ---------------------------------------------------------------------------------------------
  // MIXED, "<" + 13 x "hiqd": 52 values, 286 bytes, little-endian, no padding

  static final String MIXED = "<" + "hiqd".repeat(13);

  static void packIntoMixed(ByteBuffer littleEndian, int off, Object... v) {
    checkCount(v, 52);
    checkRoom(littleEndian, off, 286);
    for (int k = 0; k < 52; k += 4) {
      long h = integer(v[k]);
      long i = integer(v[k + 1]);
      integer(v[k + 2]);
      toDouble(v[k + 3]);
      if (h < Short.MIN_VALUE || h > Short.MAX_VALUE) {
        throw new StructError("'h' format requires -32768 <= number <= 32767");
      }
      if (i < Integer.MIN_VALUE || i > Integer.MAX_VALUE) {
        throw new StructError("'i' format requires -2147483648 <= number <= 2147483647");
      }
    }
    for (int k = 0, at = off; k < 52; k += 4, at += 22) {
      littleEndian.putShort(at, (short) integer(v[k]));
      littleEndian.putInt(at + 2, (int) integer(v[k + 1]));
      littleEndian.putLong(at + 6, integer(v[k + 2]));
      littleEndian.putDouble(at + 14, toDouble(v[k + 3]));
    }
  }

  static Object[] unpackFromMixed(ByteBuffer littleEndian, int off) {
    checkRoom(littleEndian, off, 286);
    Object[] values = new Object[52];
    for (int k = 0, at = off; k < 52; k += 4, at += 22) {
      values[k] = (int) littleEndian.getShort(at);
      values[k + 1] = littleEndian.getInt(at + 2);
      values[k + 2] = littleEndian.getLong(at + 6);
      values[k + 3] = littleEndian.getDouble(at + 14);
    }
    return values;
  }

  // ---------------------------------------------------------------------------------------------
  // Two more for the megamorphic call site: "<2i" (8 bytes) and ">2q" (16 bytes)

  static void packInto2i(ByteBuffer littleEndian, int off, Object... v) {
    checkCount(v, 2);
    checkRoom(littleEndian, off, 8);
    long a = integer(v[0]);
    long b = integer(v[1]);
    if (a < Integer.MIN_VALUE || a > Integer.MAX_VALUE || b < Integer.MIN_VALUE
        || b > Integer.MAX_VALUE) {
      throw new StructError("'i' format requires -2147483648 <= number <= 2147483647");
    }
    littleEndian.putInt(off, (int) a);
    littleEndian.putInt(off + 4, (int) b);
  }

  static void packInto2q(ByteBuffer bigEndian, int off, Object... v) {
    checkCount(v, 2);
    checkRoom(bigEndian, off, 16);
    long a = integer(v[0]);
    long b = integer(v[1]);
    bigEndian.putLong(off, a);
    bigEndian.putLong(off + 8, b);
  }

  // ---------------------------------------------------------------------------------------------
  // pack and unpack: a new array, or exactly the struct's bytes, around packInto and unpackFrom

  /** A hand-written packInto. */
  interface Packer {
    void packInto(ByteBuffer buffer, int off, Object... v);
  }

  /** A hand-written unpackFrom. */
  interface Unpacker {
    Object[] unpackFrom(ByteBuffer buffer, int off);
  }

  static byte[] pack(int size, ByteOrder order, Packer packer, Object[] v) {
    byte[] out = new byte[size];
    packer.packInto(ByteBuffer.wrap(out).order(order), 0, v);
    return out;
  }

  static Object[] unpack(byte[] data, int size, ByteOrder order, Unpacker unpacker) {
    if (data.length != size) {
      throw new StructError("unpack requires a buffer of " + size + " bytes");
    }
    return unpacker.unpackFrom(ByteBuffer.wrap(data).order(order), 0);
  }

  // ---------------------------------------------------------------------------------------------

  private static Complex complex(Object value) {
    if (value instanceof Complex) {
      return (Complex) value;
    }
    throw new StructError("required argument is not a complex");
  }

  private static void checkCount(Object[] v, int expected) {
    if (v.length != expected) {
      throw new StructError(
          "pack_into expected " + expected + " items for packing (got " + v.length + ")");
    }
  }

  private static void checkRoom(ByteBuffer buffer, int off, int size) {
    if (off < 0 || off > buffer.limit() - size) {
      throw new StructError("no room for " + size + " bytes at offset " + off);
    }
  }

  /** The integer types a caller passes in practice; anything else is refused as jstruct does. */
  static long integer(Object value) {
    if (value instanceof Integer) {
      return (Integer) value;
    } else if (value instanceof Long) {
      return (Long) value;
    }
    throw new StructError("required argument is not an integer");
  }

  static double toDouble(Object value) {
    if (value instanceof Double) {
      return (Double) value;
    } else if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    throw new StructError("required argument is not a float");
  }
}
