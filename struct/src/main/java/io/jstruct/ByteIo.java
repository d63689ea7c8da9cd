package io.jstruct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Multi-byte loads and stores at an absolute index of a {@code byte[]} or a {@code ByteBuffer}, in
 * either byte order. Each branch uses a constant {@link VarHandle}, which the JIT turns into one
 * (possibly byte-swapped) load or store; where {@code big} is a constant the branch folds away.
 * Callers have checked bounds for the whole struct.
 */
final class ByteIo {
  private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteIo() {}

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }

  /** The low {@code size} bytes of {@code bits}, for size 1, 2, 4 or 8. */
  static void put(byte[] a, int at, int size, boolean big, long bits) {
    switch (size) {
      case 1:
        a[at] = (byte) bits;
        break;
      case 2:
        if (big) {
          SHORT_BE.set(a, at, (short) bits);
        } else {
          SHORT_LE.set(a, at, (short) bits);
        }
        break;
      case 4:
        if (big) {
          INT_BE.set(a, at, (int) bits);
        } else {
          INT_LE.set(a, at, (int) bits);
        }
        break;
      default:
        if (big) {
          LONG_BE.set(a, at, bits);
        } else {
          LONG_LE.set(a, at, bits);
        }
    }
  }

  /** {@code size} bytes, sign-extended if {@code signed}, else zero-extended. */
  static long get(byte[] a, int at, int size, boolean big, boolean signed) {
    switch (size) {
      case 1:
        return signed ? a[at] : a[at] & 0xff;
      case 2:
        short s = big ? (short) SHORT_BE.get(a, at) : (short) SHORT_LE.get(a, at);
        return signed ? s : s & 0xffff;
      case 4:
        int i = big ? (int) INT_BE.get(a, at) : (int) INT_LE.get(a, at);
        return signed ? i : i & 0xffff_ffffL;
      default:
        return big ? (long) LONG_BE.get(a, at) : (long) LONG_LE.get(a, at);
    }
  }

  /** As {@link #put}, into a buffer at an absolute index, whatever the buffer's own order. */
  static void put(ByteBuffer b, int at, int size, boolean big, long bits) {
    switch (size) {
      case 1:
        b.put(at, (byte) bits);
        break;
      case 2:
        short s = (short) bits;
        b.putShort(at, big == (b.order() == ByteOrder.BIG_ENDIAN) ? s : Short.reverseBytes(s));
        break;
      case 4:
        int i = (int) bits;
        b.putInt(at, big == (b.order() == ByteOrder.BIG_ENDIAN) ? i : Integer.reverseBytes(i));
        break;
      default:
        b.putLong(at, big == (b.order() == ByteOrder.BIG_ENDIAN) ? bits : Long.reverseBytes(bits));
    }
  }

  /** As {@link #get}, from a buffer at an absolute index, whatever the buffer's own order. */
  static long get(ByteBuffer b, int at, int size, boolean big, boolean signed) {
    boolean same = big == (b.order() == ByteOrder.BIG_ENDIAN);
    switch (size) {
      case 1:
        return signed ? b.get(at) : b.get(at) & 0xff;
      case 2:
        short s = same ? b.getShort(at) : Short.reverseBytes(b.getShort(at));
        return signed ? s : s & 0xffff;
      case 4:
        int i = same ? b.getInt(at) : Integer.reverseBytes(b.getInt(at));
        return signed ? i : i & 0xffff_ffffL;
      default:
        return same ? b.getLong(at) : Long.reverseBytes(b.getLong(at));
    }
  }
}
