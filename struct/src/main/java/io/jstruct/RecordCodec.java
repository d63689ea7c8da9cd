package io.jstruct;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Builds, once per binding, the method handles that turn a struct's bytes into a record and back:
 * the record's canonical constructor and accessors, each component joined to its field's
 * {@link RecordSteps step} (the struct's own per-kind codec, bound to the field's offset and byte
 * order) through a small converter chosen by the component's type. No reflection runs per call,
 * and no {@code Object[]} on the fast paths.
 *
 * <ul>
 *   <li>{@link #fastUnpacker}: {@code (byte[], int) -> record}, straight from the bytes; where
 *       the {@link RecordGenerator} writes a class for the binding (it calls the same converters
 *       here and steps in {@link RecordSteps}), that class runs instead, and this and
 *       {@link #fastPacker} are not built.
 *   <li>{@link #fastPacker}: {@code (record, byte[], int) -> void}: every check, then every write.
 *   <li>{@link #unpacker} and {@link #toValues}: through unpack's and pack's {@code Object[]},
 *       for what the fast paths leave to the struct: negative offsets, buffers too short (with
 *       CPython's messages), direct buffers.
 * </ul>
 */
final class RecordCodec {
  private static final MethodHandles.Lookup OWN = MethodHandles.lookup();
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private RecordCodec() {}

  // ---------------------------------------------------------------------------------------------
  // Converters, one per component type (bound to a charset or a name where they need one)

  static byte toByte(Object value) {
    return ((Number) value).byteValue();
  }

  static short toShort(Object value) {
    return ((Number) value).shortValue();
  }

  static int toInt(Object value) {
    return ((Number) value).intValue();
  }

  /** Also the bits of {@code Q N P} values, which unpack as BigInteger. */
  static long toLong(Object value) {
    return ((Number) value).longValue();
  }

  static BigInteger toBigInteger(Object value) {
    return value instanceof BigInteger ? (BigInteger) value : BigInteger.valueOf(toLong(value));
  }

  static float toFloat(Object value) {
    return ((Number) value).floatValue();
  }

  static double toDouble(Object value) {
    return ((Number) value).doubleValue();
  }

  static Complex toComplex(Object value) {
    return (Complex) value;
  }

  static boolean toBoolean(Object value) {
    return (Boolean) value;
  }

  /** {@code s p} to String: trailing NULs (the zero padding pack adds) are stripped. */
  static String decode(Charset charset, Object value) {
    byte[] bytes = (byte[]) value;
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, charset);
  }

  /** String to {@code s p}: pack then cuts or zero-pads to the field, as for bytes. */
  static Object encode(Charset charset, String record, String component, String value) {
    if (value == null) {
      throw nullComponent(record, component);
    }
    return value.getBytes(charset);
  }

  /** A long holding the bits of a {@code Q N P} value, as the value pack checks. */
  static Object fromBits(long bits) {
    return bits >= 0 ? (Object) bits : BigInteger.valueOf(bits).add(TWO_64);
  }

  /** Anything else packs as it is; null is refused here, with the component's name. */
  static Object nonNull(String record, String component, Object value) {
    if (value == null) {
      throw nullComponent(record, component);
    }
    return value;
  }

  private static StructError nullComponent(String record, String component) {
    return new StructError("record " + record + ", component " + component + " is null");
  }

  // ---------------------------------------------------------------------------------------------
  // Building

  /** {@code (Object[]) Object}: unpacked values to a record. */
  static MethodHandle unpacker(MethodHandle constructor, RecordComponent[] components,
      Charset charset) {
    MethodHandle[] filters = new MethodHandle[components.length];
    for (int i = 0; i < components.length; i++) {
      filters[i] = fromValue(components[i].getType(), charset);
    }
    MethodHandle filtered = MethodHandles.filterArguments(constructor, 0, filters);
    return filtered.asSpreader(Object[].class, components.length)
        .asType(MethodType.methodType(Object.class, Object[].class));
  }

  /**
   * {@code (byte[], int) Object}: a record straight from the bytes of a struct at an offset
   * (checked to fit), each component read by its field's codec, with no {@code Object[]}.
   */
  static MethodHandle fastUnpacker(MethodHandle constructor, RecordComponent[] components,
      List<StructField> fields, Charset charset) {
    int n = components.length;
    if (n == 0) {
      return MethodHandles.dropArguments(constructor, 0, byte[].class, int.class)
          .asType(MethodType.methodType(Object.class, byte[].class, int.class));
    }
    MethodHandle filtered = constructor;
    for (int i = n - 1; i >= 0; i--) { // from the end, so that earlier positions stay put
      Class<?> type = components[i].getType();
      filtered = MethodHandles.collectArguments(filtered, i,
          RecordSteps.reader(fields.get(i), type, fromValue(type, charset), charset));
    }
    // filtered takes (byte[], int) once per component; feed every pair from the one pair
    int[] reorder = new int[2 * n];
    for (int i = 0; i < n; i++) {
      reorder[2 * i] = 0;
      reorder[2 * i + 1] = 1;
    }
    MethodHandle shared = MethodHandles.permuteArguments(filtered,
        MethodType.methodType(filtered.type().returnType(), byte[].class, int.class), reorder);
    return shared.asType(MethodType.methodType(Object.class, byte[].class, int.class));
  }

  /**
   * {@code (Object, byte[], int) void}: packs a record into a struct at an offset (checked to fit):
   * every component's check first, then the pad bytes zeroed and every component written, so a
   * failed pack writes nothing.
   */
  static MethodHandle fastPacker(Class<?> type, MethodHandle[] accessors,
      RecordComponent[] components, List<StructField> fields, Charset charset, int size) {
    String record = type.getSimpleName();
    java.util.List<MethodHandle> steps = new java.util.ArrayList<>();
    MethodType stepType = MethodType.methodType(void.class, type, byte[].class, int.class);
    for (int i = 0; i < accessors.length; i++) {
      Class<?> component = components[i].getType();
      MethodHandle toValue = toValue(component, record, components[i].getName(), charset);
      // s and p take any bytes, so a String's check is its null check alone, with no encoding
      MethodHandle check = component == String.class
          ? MethodHandles.dropReturn(toValue(Object.class, record, components[i].getName(), null)
              .asType(MethodType.methodType(Object.class, String.class)))
          : RecordSteps.check(fields.get(i), component, toValue);
      if (check != null) {
        steps.add(MethodHandles.dropArguments(
            MethodHandles.filterArguments(check, 0, accessors[i]), 1, byte[].class, int.class));
      }
    }
    for (int[] gap : RecordSteps.gaps(fields, size)) {
      steps.add(MethodHandles.dropArguments(RecordSteps.zeroer(gap[0], gap[1]), 0, type));
    }
    for (int i = 0; i < accessors.length; i++) {
      Class<?> component = components[i].getType();
      MethodHandle toValue = toValue(component, record, components[i].getName(), charset);
      steps.add(MethodHandles.filterArguments(
          RecordSteps.writer(fields.get(i), component, toValue), 0, accessors[i]));
    }
    MethodHandle all = MethodHandles.empty(stepType);
    for (int k = steps.size() - 1; k >= 0; k--) {
      all = MethodHandles.foldArguments(all, steps.get(k));
    }
    return all.asType(MethodType.methodType(void.class, Object.class, byte[].class, int.class));
  }

  /** {@code (Object) Object[]}: a record to the values pack takes. */
  static MethodHandle toValues(Class<?> type, MethodHandle[] accessors,
      RecordComponent[] components, List<StructField> items, Charset charset) {
    int n = accessors.length;
    String record = type.getSimpleName();
    MethodHandle[] getters = new MethodHandle[n];
    try {
      for (int i = 0; i < n; i++) {
        getters[i] = MethodHandles.filterReturnValue(accessors[i],
            packValue(components[i].getType(), record, components[i].getName(), items.get(i),
                charset));
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    MethodHandle collect = MethodHandles.identity(Object[].class).asCollector(Object[].class, n);
    MethodHandle filtered = MethodHandles.filterArguments(collect, 0, getters);
    MethodHandle shared = MethodHandles.permuteArguments(filtered,
        MethodType.methodType(Object[].class, type), new int[n]);
    return shared.asType(MethodType.methodType(Object[].class, Object.class));
  }

  static MethodHandle fromValue(Class<?> type, Charset charset) {
    try {
      if (type == String.class) {
        return MethodHandles.insertArguments(
            OWN.findStatic(RecordCodec.class, "decode",
                MethodType.methodType(String.class, Charset.class, Object.class)), 0, charset);
      }
      if (type == byte[].class) {
        return MethodHandles.identity(Object.class).asType(
            MethodType.methodType(byte[].class, Object.class));
      }
      String name = "to" + Character.toUpperCase(type.getSimpleName().charAt(0))
          + type.getSimpleName().substring(1);
      return OWN.findStatic(RecordCodec.class, name, MethodType.methodType(type, Object.class));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no converter for " + type, e); // RecordTypes admits no other type
    }
  }

  /**
   * {@code (type) Object}: a component's value as pack takes it: boxed, a String encoded, a
   * reference checked for null; a long bound to {@code Q N P} as the unsigned value of its bits.
   */
  private static MethodHandle packValue(Class<?> type, String record, String component,
      StructField item, Charset charset) throws ReflectiveOperationException {
    if (type == long.class && item.kind() == FieldKind.UNSIGNED_INTEGER && item.size() == 8) {
      return OWN.findStatic(RecordCodec.class, "fromBits",
          MethodType.methodType(Object.class, long.class));
    }
    return toValue(type, record, component, charset);
  }

  /** {@code (type) Object}: boxed, a String encoded, a reference checked for null. */
  static MethodHandle toValue(Class<?> type, String record, String component, Charset charset) {
    try {
      if (type.isPrimitive()) {
        return MethodHandles.identity(type).asType(MethodType.methodType(Object.class, type));
      }
      if (type == String.class) {
        return MethodHandles.insertArguments(OWN.findStatic(RecordCodec.class, "encode",
            MethodType.methodType(Object.class, Charset.class, String.class, String.class,
                String.class)), 0, charset, record, component);
      }
      return MethodHandles.insertArguments(OWN.findStatic(RecordCodec.class, "nonNull",
          MethodType.methodType(Object.class, String.class, String.class, Object.class)),
          0, record, component).asType(MethodType.methodType(Object.class, type));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
