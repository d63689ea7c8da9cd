package io.jstruct;

import static java.lang.invoke.MethodType.methodType;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * Compiles a struct's codes into straight-line code: one {@link MethodHandle} that checks then
 * writes every value, and one that reads every value, each a chain of tiny per-field steps with
 * the field's op, offset, item index and range bound in as constants.
 *
 * <p>Why: the generic loop in {@link Struct} dispatches on each code's op at run time, twice per
 * value when packing, and measured 3 to 6 times slower than hand-written {@code ByteBuffer} code.
 * A bound method handle is how the JDK itself generates code without a bytecode library: after a
 * handle has been invoked a hundred-odd times the JVM "customizes" it, compiling its whole tree
 * with every bound argument as a constant, so each field's {@code switch} folds to the one case
 * it takes and the struct packs like code written for its format.
 *
 * <pre>
 *   "!HIq"  packer(values, buffer, start):
 *     checkInteger(values[0], 0..65535)            all checks first: a bad value throws
 *     checkInteger(values[1], 0..4294967295)       before any byte is written
 *     checkInteger(values[2], long range)
 *     writeInteger(buffer, start + 0, U16_BE, values[0])
 *     writeInteger(buffer, start + 2, U32_BE, values[1])
 *     writeInteger(buffer, start + 6, I64_BE, values[2])
 * </pre>
 *
 * <p>Pad bytes (alignment, {@code x}) are zeroed gap by gap, not the whole struct first.
 *
 * <p>The steps call the same {@link FieldIo} and {@link Values} code as the generic loop, so both
 * behave identically; only formats of at most {@link #MAX_VALUES} values are compiled this way
 * (handle chains grow with the value count), larger ones keep the loop.
 */
final class FieldHandles {
  static final int MAX_VALUES = 64;
  /** Larger structs spend their time copying bytes, not dispatching. */
  static final int MAX_SIZE = 1 << 16;

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  /** (Object[] values)void */
  private static final MethodType CHECK = methodType(void.class, Object[].class);
  /** (Object[] values, byte[] buffer, int start)void, for writing and for reading. */
  private static final MethodType ACCESS =
      methodType(void.class, Object[].class, byte[].class, int.class);

  private static final MethodHandle ZERO = find("zero", int.class, int.class);

  private FieldHandles() {}

  /** Whether {@code codes} are few enough values to compile; otherwise use the generic loop. */
  static boolean compilable(Code[] codes, int itemCount) {
    return itemCount <= MAX_VALUES && codes.length <= MAX_VALUES;
  }

  /**
   * {@code (Object[] values, byte[] buffer, int start)void}: checks every value, then zeroes the
   * gaps (if any) and writes every value. The caller has checked the count and the room.
   */
  static MethodHandle packer(Code[] codes, int size) {
    MethodHandle checks = MethodHandles.empty(CHECK);
    MethodHandle writes = MethodHandles.empty(ACCESS);
    int end = size; // the first byte after this code's values: the gap before it is zeroed
    for (int c = codes.length - 1; c >= 0; c--) {
      Code code = codes[c];
      int codeEnd = code.offset + code.size * code.repeat;
      if (codeEnd < end) {
        writes = MethodHandles.foldArguments(writes, bind(ZERO, codeEnd, end - codeEnd));
      }
      end = code.offset;
      for (int r = code.repeat - 1; r >= 0; r--) {
        int item = code.firstItem + r;
        int offset = code.offset + r * code.size;
        checks = MethodHandles.foldArguments(checks, check(code, item));
        writes = MethodHandles.foldArguments(writes, write(code, item, offset));
      }
    }
    if (end > 0) {
      writes = MethodHandles.foldArguments(writes, bind(ZERO, 0, end));
    }
    return MethodHandles.foldArguments(writes, checks);
  }

  /**
   * {@code (byte[] buffer, int start)Object[]}: a new array of every value. The array is made
   * inside the chain, so the JIT knows its exact type and length and the stores into it need no
   * checks.
   */
  static MethodHandle unpacker(Code[] codes, int itemCount) {
    MethodHandle reads = MethodHandles.empty(ACCESS);
    for (int c = codes.length - 1; c >= 0; c--) {
      Code code = codes[c];
      for (int r = code.repeat - 1; r >= 0; r--) {
        reads =
            MethodHandles.foldArguments(
                reads, read(code, code.firstItem + r, code.offset + r * code.size));
      }
    }
    // (values, buffer, start) -> { reads(values, buffer, start); return values; }
    MethodHandle readAndReturn =
        MethodHandles.foldArguments(
            MethodHandles.dropArguments(
                MethodHandles.identity(Object[].class), 1, byte[].class, int.class),
            reads);
    MethodHandle newValues =
        MethodHandles.insertArguments(
            MethodHandles.arrayConstructor(Object[].class), 0, itemCount);
    return MethodHandles.foldArguments(readAndReturn, newValues);
  }

  // ---------------------------------------------------------------------------------------------
  // Choosing each field's step

  private static MethodHandle check(Code code, int item) {
    int op = code.op;
    if (Op.isInteger(op)) {
      FormatDef def = code.def;
      return bind(
          find("checkInteger", CHECK, int.class, long.class, long.class, FormatDef.class),
          item, def.minLong, def.maxLong, def);
    }
    switch (op) {
      case Op.BOOL:
        return MethodHandles.empty(CHECK); // every object has a truth value
      case Op.CHAR:
        return bind(find("checkChar", CHECK, int.class), item);
      case Op.BYTES:
      case Op.PASCAL:
        return bind(find("checkBytes", CHECK, int.class, char.class), item, code.def.code);
      default:
        return bind(find("checkOther", CHECK, int.class, Code.class), item, code);
    }
  }

  private static MethodHandle write(Code code, int item, int offset) {
    int op = code.op;
    if (Op.isInteger(op)) {
      return bind(find("writeInteger", int.class, int.class, int.class), item, offset, op);
    } else if (Op.isFloat(op)) {
      return bind(find("writeFloat", int.class, int.class, int.class), item, offset, op);
    }
    switch (op) {
      case Op.BOOL:
        return bind(find("writeBool", int.class, int.class), item, offset);
      case Op.CHAR:
        return bind(find("writeChar", int.class, int.class), item, offset);
      case Op.BYTES:
        return bind(find("writeBytes", int.class, int.class, int.class), item, offset, code.size);
      case Op.PASCAL:
        return bind(find("writePascal", int.class, int.class, int.class), item, offset, code.size);
      default:
        throw new AssertionError("op " + op);
    }
  }

  private static MethodHandle read(Code code, int item, int offset) {
    int op = code.op;
    String name;
    if (op >= Op.I8 && op <= Op.I32_LE) {
      name = "readInt";
    } else if (op >= Op.U32_BE && op <= Op.I64_LE) {
      name = "readLong";
    } else if (op == Op.U64_BE || op == Op.U64_LE) {
      name = "readUnsigned64";
    } else if (Op.isFloat(op)) {
      name = "readFloat";
    } else if (op == Op.BOOL) {
      return bind(find("readBool", int.class, int.class), item, offset);
    } else if (op == Op.CHAR) {
      return bind(find("readChar", int.class, int.class), item, offset);
    } else if (op == Op.BYTES) {
      return bind(find("readBytes", int.class, int.class, int.class), item, offset, code.size);
    } else {
      return bind(find("readPascal", int.class, int.class, int.class), item, offset, code.size);
    }
    return bind(find(name, int.class, int.class, int.class), item, offset, op);
  }

  private static MethodHandle find(String name, Class<?>... bound) {
    return find(name, ACCESS, bound);
  }

  private static MethodHandle find(String name, MethodType type, Class<?>... bound) {
    try {
      return LOOKUP.findStatic(FieldHandles.class, name, type.appendParameterTypes(bound));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Binds the trailing parameters to constants. */
  private static MethodHandle bind(MethodHandle step, Object... constants) {
    return MethodHandles.insertArguments(
        step, step.type().parameterCount() - constants.length, constants);
  }

  // ---------------------------------------------------------------------------------------------
  // The steps. Each is tiny, so that it inlines into the customized chain with its constants.

  /** Integer and Long take the fast path; every other type goes through {@link Values}. */
  private static void checkInteger(Object[] values, int item, long min, long max, FormatDef def) {
    Object value = values[item];
    long x;
    if (value instanceof Integer) {
      x = (Integer) value;
    } else if (value instanceof Long) {
      x = (Long) value;
    } else {
      Values.checkInteger(def, value);
      return;
    }
    if (x < min || x > max) {
      throw new StructError(def.rangeMessage);
    }
  }

  private static void checkOther(Object[] values, int item, Code code) {
    FieldIo.check(code, values[item]);
  }

  /** Pad bytes are zeros, as in CPython: only the gaps, typically one to seven bytes. */
  private static void zero(Object[] values, byte[] buffer, int start, int from, int length) {
    Arrays.fill(buffer, start + from, start + from + length, (byte) 0);
  }

  private static void writeInteger(Object[] values, byte[] buffer, int start, int item, int offset,
      int op) {
    FieldIo.writeInteger(buffer, start + offset, op, Values.integerBits(values[item]));
  }

  private static void writeFloat(Object[] values, byte[] buffer, int start, int item, int offset,
      int op) {
    FieldIo.writeFloat(buffer, start + offset, op, Values.toDouble(values[item]));
  }

  // Steps of their own for the non-numeric codes: sharing FieldIo's generic switch would share
  // its JIT profile with the interpreter loops, and the compiled chain would inherit every case.

  private static void checkChar(Object[] values, int item) {
    Values.toChar(values[item]);
  }

  private static void checkBytes(Object[] values, int item, char code) {
    Values.toBytes(code, values[item]);
  }

  private static void writeBool(Object[] values, byte[] buffer, int start, int item, int offset) {
    buffer[start + offset] = Values.isTrue(values[item]) ? (byte) 1 : (byte) 0;
  }

  private static void writeChar(Object[] values, byte[] buffer, int start, int item, int offset) {
    buffer[start + offset] = Values.toChar(values[item]);
  }

  private static void writeBytes(Object[] values, byte[] buffer, int start, int item, int offset,
      int size) {
    FieldIo.writeBytes(buffer, start + offset, size, (byte[]) values[item]);
  }

  private static void writePascal(Object[] values, byte[] buffer, int start, int item, int offset,
      int size) {
    FieldIo.writePascal(buffer, start + offset, size, (byte[]) values[item]);
  }

  private static void readInt(Object[] values, byte[] buffer, int start, int item, int offset,
      int op) {
    values[item] = (int) FieldIo.readInteger(buffer, start + offset, op);
  }

  private static void readLong(Object[] values, byte[] buffer, int start, int item, int offset,
      int op) {
    values[item] = FieldIo.readInteger(buffer, start + offset, op);
  }

  private static void readUnsigned64(Object[] values, byte[] buffer, int start, int item,
      int offset, int op) {
    values[item] = FormatDef.unsigned64(FieldIo.readInteger(buffer, start + offset, op));
  }

  private static void readFloat(Object[] values, byte[] buffer, int start, int item, int offset,
      int op) {
    values[item] = FieldIo.readFloat(buffer, start + offset, op);
  }

  private static void readBool(Object[] values, byte[] buffer, int start, int item, int offset) {
    values[item] = buffer[start + offset] != 0;
  }

  private static void readChar(Object[] values, byte[] buffer, int start, int item, int offset) {
    values[item] = new byte[] {buffer[start + offset]};
  }

  private static void readBytes(Object[] values, byte[] buffer, int start, int item, int offset,
      int size) {
    values[item] = Arrays.copyOfRange(buffer, start + offset, start + offset + size);
  }

  private static void readPascal(Object[] values, byte[] buffer, int start, int item, int offset,
      int size) {
    values[item] = FieldIo.readPascal(buffer, start + offset, size);
  }
}
