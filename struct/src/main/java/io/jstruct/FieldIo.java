package io.jstruct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads and writes one value of one {@link Code} at an absolute index of a {@code byte[]}: the
 * inner step of every pack and unpack loop.
 *
 * <p>Multi-byte integers and floats go through byte-array view {@link VarHandle}s, which the JIT
 * turns into single (possibly byte-swapped) loads and stores, as fast as hand-written
 * {@code ByteBuffer} code. Callers check bounds once for the whole struct before calling here.
 *
 * <p>Packing is split in two, as CPython's is not: {@link #check} throws for any value that cannot
 * be packed and writes nothing; {@link #write} then never fails. A struct is written only after all
 * its values passed the check, so a failed {@code pack_into} leaves the buffer as it was.
 */
final class FieldIo {
  // Package-visible for the field accessors (IntField ...), which each use one as a constant.
  static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
  static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

  private FieldIo() {}

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }

  /** Throws the StructError CPython raises if {@code value} cannot be packed as {@code code}. */
  static void check(Code code, Object value) {
    int op = code.op;
    if (Op.isInteger(op)) {
      Values.checkInteger(code.def, value);
      return;
    }
    switch (op) {
      case Op.BOOL:
        return; // every object has a truth value
      case Op.CHAR:
        Values.toChar(value);
        return;
      case Op.BYTES:
      case Op.PASCAL:
        Values.toBytes(code.def.code, value);
        return;
      case Op.F16_BE:
      case Op.F16_LE:
        double half = Values.toDouble(value);
        try {
          Half.toBits(half);
        } catch (StructError e) {
          throw Values.floatOverflow(value, e);
        }
        return;
      case Op.F32_BE:
      case Op.F32_LE:
        double single = Values.toDouble(value);
        try {
          checkFloat(single);
        } catch (StructError e) {
          throw Values.floatOverflow(value, e);
        }
        return;
      case Op.F32_BE_UNCHECKED:
      case Op.F32_LE_UNCHECKED:
      case Op.F64_BE:
      case Op.F64_LE:
        Values.toDouble(value);
        return;
      default:
        throw new AssertionError("op " + op);
    }
  }

  /** Standard {@code f}: a finite double that rounds to an infinite float is an error. */
  static void checkFloat(double x) {
    if (Double.isInfinite((float) x) && !Double.isInfinite(x)) {
      throw new StructError("float too large to pack with f format");
    }
  }

  /** Writes a value that {@link #check} accepted. */
  static void write(byte[] a, int at, Code code, Object value) {
    int op = code.op;
    if (Op.isInteger(op)) {
      writeInteger(a, at, op, Values.integerBits(value));
    } else if (Op.isFloat(op)) {
      writeFloat(a, at, op, Values.toDouble(value));
    } else {
      switch (op) {
        case Op.BOOL:
          a[at] = Values.isTrue(value) ? (byte) 1 : (byte) 0;
          break;
        case Op.CHAR:
          a[at] = Values.toChar(value);
          break;
        case Op.BYTES:
          writeBytes(a, at, code.size, (byte[]) value);
          break;
        case Op.PASCAL:
          writePascal(a, at, code.size, (byte[]) value);
          break;
        default:
          throw new AssertionError("op " + op);
      }
    }
  }

  static void writeInteger(byte[] a, int at, int op, long bits) {
    switch (op) {
      case Op.I8:
      case Op.U8:
        a[at] = (byte) bits;
        break;
      case Op.I16_BE:
      case Op.U16_BE:
        SHORT_BE.set(a, at, (short) bits);
        break;
      case Op.I16_LE:
      case Op.U16_LE:
        SHORT_LE.set(a, at, (short) bits);
        break;
      case Op.I32_BE:
      case Op.U32_BE:
        INT_BE.set(a, at, (int) bits);
        break;
      case Op.I32_LE:
      case Op.U32_LE:
        INT_LE.set(a, at, (int) bits);
        break;
      case Op.I64_BE:
      case Op.U64_BE:
        LONG_BE.set(a, at, bits);
        break;
      case Op.I64_LE:
      case Op.U64_LE:
        LONG_LE.set(a, at, bits);
        break;
      default:
        throw new AssertionError("op " + op);
    }
  }

  /** Writes a double that passed the op's overflow check. */
  static void writeFloat(byte[] a, int at, int op, double x) {
    switch (op) {
      case Op.F16_BE:
        SHORT_BE.set(a, at, (short) Half.toBits(x));
        break;
      case Op.F16_LE:
        SHORT_LE.set(a, at, (short) Half.toBits(x));
        break;
      case Op.F32_BE:
      case Op.F32_BE_UNCHECKED:
        INT_BE.set(a, at, Float.floatToRawIntBits((float) x));
        break;
      case Op.F32_LE:
      case Op.F32_LE_UNCHECKED:
        INT_LE.set(a, at, Float.floatToRawIntBits((float) x));
        break;
      case Op.F64_BE:
        LONG_BE.set(a, at, Double.doubleToRawLongBits(x));
        break;
      case Op.F64_LE:
        LONG_LE.set(a, at, Double.doubleToRawLongBits(x));
        break;
      default:
        throw new AssertionError("op " + op);
    }
  }

  /** {@code s}: the bytes, cut or padded with zeros to exactly {@code size}. */
  static void writeBytes(byte[] a, int at, int size, byte[] value) {
    int n = Math.min(value.length, size);
    System.arraycopy(value, 0, a, at, n);
    Arrays.fill(a, at + n, at + size, (byte) 0);
  }

  /**
   * {@code p}: a length byte, then the bytes, cut to {@code size - 1} and padded with zeros. As in
   * CPython the length byte saturates at 255 even when more bytes fit ({@code 300p}), and
   * {@code 0p} writes nothing.
   */
  static void writePascal(byte[] a, int at, int size, byte[] value) {
    if (size == 0) {
      return;
    }
    int n = Math.min(value.length, size - 1);
    a[at] = (byte) Math.min(n, 255);
    System.arraycopy(value, 0, a, at + 1, n);
    Arrays.fill(a, at + 1 + n, at + size, (byte) 0);
  }

  /** Reads one value, boxed as {@link Struct#unpack} returns it. */
  static Object read(byte[] a, int at, Code code) {
    int op = code.op;
    switch (op) {
      case Op.BOOL:
        return a[at] != 0;
      case Op.CHAR:
        return new byte[] {a[at]};
      case Op.BYTES:
        return Arrays.copyOfRange(a, at, at + code.size);
      case Op.PASCAL:
        return readPascal(a, at, code.size);
      case Op.I8:
      case Op.I16_BE:
      case Op.I16_LE:
      case Op.U8:
      case Op.U16_BE:
      case Op.U16_LE:
      case Op.I32_BE:
      case Op.I32_LE:
        return (int) readInteger(a, at, op);
      case Op.U32_BE:
      case Op.U32_LE:
      case Op.I64_BE:
      case Op.I64_LE:
        return readInteger(a, at, op);
      case Op.U64_BE:
      case Op.U64_LE:
        return FormatDef.unsigned64(readInteger(a, at, op));
      default:
        return readFloat(a, at, op);
    }
  }

  /** An integer's value; unsigned 64-bit values come back as their bits. */
  static long readInteger(byte[] a, int at, int op) {
    switch (op) {
      case Op.I8:
        return a[at];
      case Op.U8:
        return a[at] & 0xff;
      case Op.I16_BE:
        return (short) SHORT_BE.get(a, at);
      case Op.I16_LE:
        return (short) SHORT_LE.get(a, at);
      case Op.U16_BE:
        return (short) SHORT_BE.get(a, at) & 0xffff;
      case Op.U16_LE:
        return (short) SHORT_LE.get(a, at) & 0xffff;
      case Op.I32_BE:
        return (int) INT_BE.get(a, at);
      case Op.I32_LE:
        return (int) INT_LE.get(a, at);
      case Op.U32_BE:
        return (int) INT_BE.get(a, at) & 0xffffffffL;
      case Op.U32_LE:
        return (int) INT_LE.get(a, at) & 0xffffffffL;
      case Op.I64_BE:
      case Op.U64_BE:
        return (long) LONG_BE.get(a, at);
      case Op.I64_LE:
      case Op.U64_LE:
        return (long) LONG_LE.get(a, at);
      default:
        throw new AssertionError("op " + op);
    }
  }

  static double readFloat(byte[] a, int at, int op) {
    switch (op) {
      case Op.F16_BE:
        return Half.toDouble((short) SHORT_BE.get(a, at) & 0xffff);
      case Op.F16_LE:
        return Half.toDouble((short) SHORT_LE.get(a, at) & 0xffff);
      case Op.F32_BE:
      case Op.F32_BE_UNCHECKED:
        return Float.intBitsToFloat((int) INT_BE.get(a, at));
      case Op.F32_LE:
      case Op.F32_LE_UNCHECKED:
        return Float.intBitsToFloat((int) INT_LE.get(a, at));
      case Op.F64_BE:
        return Double.longBitsToDouble((long) LONG_BE.get(a, at));
      case Op.F64_LE:
        return Double.longBitsToDouble((long) LONG_LE.get(a, at));
      default:
        throw new AssertionError("op " + op);
    }
  }

  /** {@code p}: the length byte, capped at {@code size - 1}, says how many bytes follow. */
  static byte[] readPascal(byte[] a, int at, int size) {
    if (size == 0) {
      return new byte[0]; // CPython 3.11 raises SystemError here, reading past the buffer
    }
    int n = Math.min(a[at] & 0xff, size - 1);
    return Arrays.copyOfRange(a, at + 1, at + 1 + n);
  }
}
