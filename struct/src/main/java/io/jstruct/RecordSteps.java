package io.jstruct;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-component steps of a record codec, made from the struct's own per-kind codecs (the
 * {@link Codec} of each {@link StructField}): the same checks, messages, reads and writes as
 * {@code pack} and {@code unpack}, but on a record's unboxed components, with no {@code Object[]}.
 * Each step is a static method here, bound by {@link RecordCodec} to its codec, offset and byte
 * order, which through a {@code static final} binding the JIT sees as constants.
 *
 * <p>This is the one file of the record code that reaches into the field model's package-private
 * codecs (everything else reads only {@code Struct.fields()}).
 */
final class RecordSteps {
  static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  private RecordSteps() {}

  // ---------------------------------------------------------------------------------------------
  // Reads: (byte[] a, int base) -> value, base being where the struct starts (checked to fit)

  static long getBits(IntegerCodec c, int at, boolean big, byte[] a, int base) {
    return c.getBits(a, base + at, big);
  }

  static double getDouble(FloatCodec c, int at, boolean big, byte[] a, int base) {
    return c.getDouble(a, base + at, big);
  }

  /**
   * An {@code s} field straight to a String, without the copy of its bytes that reading it as
   * bytes first would make: the field's bytes, trailing NULs stripped, decoded.
   */
  static String decodeBytes(java.nio.charset.Charset charset, int at, int size, byte[] a,
      int base) {
    int start = base + at;
    int end = start + size;
    while (end > start && a[end - 1] == 0) {
      end--;
    }
    return new String(a, start, end - start, charset);
  }

  static Object read(Codec c, int at, boolean big, byte[] a, int base) {
    return c.read(a, base + at, big);
  }

  // ---------------------------------------------------------------------------------------------
  // Checks, all made before any byte is written: value -> void, throwing pack's StructError

  static void checkRange(IntegerCodec c, long value) {
    if (!c.accepts(value)) {
      throw new StructError(c.rangeMessage());
    }
  }

  static void checkDouble(FloatCodec c, double x) {
    c.checkDouble(x, x); // the value, for the message, is a float: "float too large to pack..."
  }

  static void check(Codec c, Object value) {
    c.check(value);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes of checked values, which cannot fail: (value, byte[] a, int base) -> void

  static void putBits(IntegerCodec c, int at, boolean big, long bits, byte[] a, int base) {
    c.putBits(a, base + at, big, bits);
  }

  static void putDouble(FloatCodec c, int at, boolean big, double x, byte[] a, int base) {
    c.putDouble(a, base + at, big, x);
  }

  static void write(Codec c, int at, boolean big, Object value, byte[] a, int base) {
    c.write(a, base + at, big, value);
  }

  /** Pad and alignment bytes are zeros, as CPython writes them. */
  static void zero(int from, int to, byte[] a, int base) {
    Arrays.fill(a, base + from, base + to, (byte) 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Binding a step to its field

  /** {@code (byte[], int) type}: reads {@code field} as the component type. */
  static MethodHandle reader(StructField field, Class<?> type, MethodHandle fromValue,
      java.nio.charset.Charset charset) {
    Codec codec = field.codec();
    Object[] bound = {codec, field.offset(), field.order() == ByteOrder.BIG_ENDIAN};
    try {
      if (type == String.class && field.kind() == FieldKind.BYTES) {
        return MethodHandles.insertArguments(find("decodeBytes", String.class,
            java.nio.charset.Charset.class, int.class, int.class, byte[].class, int.class), 0,
            charset, field.offset(), field.size());
      }
      if (codec instanceof IntegerCodec && type.isPrimitive()) {
        MethodHandle get = MethodHandles.insertArguments(find("getBits", long.class,
            IntegerCodec.class, int.class, boolean.class, byte[].class, int.class), 0, bound);
        // exact: RecordTypes admitted the type only where every value of the code fits (or, for
        // a long, where it holds the bits)
        return MethodHandles.explicitCastArguments(get, get.type().changeReturnType(type));
      }
      if (codec instanceof FloatCodec && type.isPrimitive()) {
        MethodHandle get = MethodHandles.insertArguments(find("getDouble", double.class,
            FloatCodec.class, int.class, boolean.class, byte[].class, int.class), 0, bound);
        return MethodHandles.explicitCastArguments(get, get.type().changeReturnType(type));
      }
      MethodHandle read = MethodHandles.insertArguments(find("read", Object.class, Codec.class,
          int.class, boolean.class, byte[].class, int.class), 0, bound);
      return MethodHandles.filterReturnValue(read, fromValue);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * {@code (component) void}: pack's check of the component's value, or null where no value of
   * the component's type can fail it (an {@code int} for {@code i}, a {@code double} for
   * {@code d}).
   */
  static MethodHandle check(StructField field, Class<?> type, MethodHandle toValue) {
    Codec codec = field.codec();
    try {
      if (codec instanceof IntegerCodec && type.isPrimitive()) {
        if (bitsOrWithin(field, type)) {
          return null;
        }
        MethodHandle check = find("checkRange", void.class, IntegerCodec.class, long.class)
            .bindTo(codec);
        return check.asType(MethodType.methodType(void.class, type));
      }
      if (codec instanceof FloatCodec && type.isPrimitive()) {
        if (codec.size() == 8 || type == float.class && codec.size() == 4) {
          return null; // every double fits d, every float fits f
        }
        MethodHandle check = find("checkDouble", void.class, FloatCodec.class, double.class)
            .bindTo(codec);
        return check.asType(MethodType.methodType(void.class, type));
      }
      if (type == boolean.class) {
        return null; // ? packs any truth value
      }
      MethodHandle check = find("check", void.class, Codec.class, Object.class).bindTo(codec);
      return MethodHandles.filterArguments(check, 0, toValue);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code (component, byte[], int) void}: writes a checked value of the component. */
  static MethodHandle writer(StructField field, Class<?> type, MethodHandle toValue) {
    Codec codec = field.codec();
    Object[] bound = {codec, field.offset(), field.order() == ByteOrder.BIG_ENDIAN};
    try {
      if (codec instanceof IntegerCodec && type.isPrimitive()) {
        MethodHandle put = MethodHandles.insertArguments(find("putBits", void.class,
            IntegerCodec.class, int.class, boolean.class, long.class, byte[].class, int.class),
            0, bound);
        return put.asType(put.type().changeParameterType(0, type));
      }
      if (codec instanceof FloatCodec && type.isPrimitive()) {
        MethodHandle put = MethodHandles.insertArguments(find("putDouble", void.class,
            FloatCodec.class, int.class, boolean.class, double.class, byte[].class, int.class),
            0, bound);
        return put.asType(put.type().changeParameterType(0, type));
      }
      MethodHandle write = MethodHandles.insertArguments(find("write", void.class, Codec.class,
          int.class, boolean.class, Object.class, byte[].class, int.class), 0, bound);
      return MethodHandles.filterArguments(write, 0, toValue);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The byte ranges {@code [from, to)} of a struct of {@code size} bytes that no field covers
   * (pad bytes and alignment gaps), which a record's pack zeroes: a record has no component for them.
   */
  static List<int[]> gaps(List<StructField> fields, int size) {
    boolean[] covered = new boolean[size];
    for (StructField field : fields) {
      Arrays.fill(covered, field.offset(), field.offset() + field.size(), true);
    }
    List<int[]> gaps = new ArrayList<>();
    for (int from = 0; from < size; from++) {
      if (!covered[from]) {
        int to = from;
        while (to < size && !covered[to]) {
          to++;
        }
        gaps.add(new int[] {from, to});
        from = to;
      }
    }
    return gaps;
  }

  /** {@code (byte[], int) void} zeroing {@code [from, to)} of the struct. */
  static MethodHandle zeroer(int from, int to) {
    try {
      return MethodHandles.insertArguments(
          find("zero", void.class, int.class, int.class, byte[].class, int.class), 0, from, to);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Whether no value of an integer component can fail the field's range check: a long bound to
   * an unsigned 64-bit field (its bits), or a type whose every value is in the field's range.
   */
  static boolean bitsOrWithin(StructField field, Class<?> type) {
    if (type == long.class && field.kind() == FieldKind.UNSIGNED_INTEGER && field.size() == 8) {
      return true;
    }
    int bits = type == byte.class ? 8 : type == short.class ? 16 : type == int.class ? 32 : 64;
    java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(bits - 1)
        .subtract(java.math.BigInteger.ONE);
    return field.min().compareTo(max.negate().subtract(java.math.BigInteger.ONE)) <= 0
        && field.max().compareTo(max) >= 0;
  }

  private static MethodHandle find(String name, Class<?> returnType, Class<?>... parameters)
      throws ReflectiveOperationException {
    return LOOKUP.findStatic(RecordSteps.class, name, MethodType.methodType(returnType, parameters));
  }
}
