package io.jstruct;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.List;

/**
 * Builds, once per binding, the method handles that turn a struct's values into a record and back:
 * the record's canonical constructor and accessors, each argument or result passed through a small
 * converter chosen by its component type. No reflection runs per call.
 *
 * <p>Two ways in:
 * <ul>
 *   <li>{@link #unpacker}: {@code (Object[]) -> record}, from the boxed values unpack gives; any
 *       record.
 *   <li>{@link #fastUnpacker}: {@code (byte[], int) -> record}, straight from the bytes through the
 *       struct's typed field accessors ({@link IntField}, {@link LongField}, {@link DoubleField}),
 *       with no boxing and no {@code Object[]}; for records whose components are all primitives.
 * </ul>
 * Packing is one way, {@link #toValues}: {@code record -> Object[]}, then the struct's
 * {@code pack}, which checks every value before it writes any byte.
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
   * {@code (byte[], int) Object}: a record straight from the bytes of a struct at an offset, or
   * null if some component is not a primitive the field accessors read.
   */
  static MethodHandle fastUnpacker(MethodHandle constructor, RecordComponent[] components,
      Struct struct, List<StructField> items) {
    int n = components.length;
    MethodHandle[] readers = new MethodHandle[n];
    for (int i = 0; i < n; i++) {
      readers[i] = reader(components[i].getType(), struct, items.get(i));
      if (readers[i] == null) {
        return null;
      }
    }
    MethodHandle filtered = constructor;
    for (int i = n - 1; i >= 0; i--) { // from the end, so that earlier positions stay put
      filtered = MethodHandles.collectArguments(filtered, i, readers[i]);
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

  /** {@code (Object) Object[]}: a record to the values pack takes. */
  static MethodHandle toValues(Class<?> type, MethodHandle[] accessors,
      RecordComponent[] components, List<StructField> items, Charset charset) {
    int n = accessors.length;
    String record = type.getSimpleName();
    MethodHandle[] getters = new MethodHandle[n];
    for (int i = 0; i < n; i++) {
      getters[i] = toValue(accessors[i], record, components[i].getName(), items.get(i), charset);
    }
    MethodHandle collect = MethodHandles.identity(Object[].class).asCollector(Object[].class, n);
    MethodHandle filtered = MethodHandles.filterArguments(collect, 0, getters);
    MethodHandle shared = MethodHandles.permuteArguments(filtered,
        MethodType.methodType(Object[].class, type), new int[n]);
    return shared.asType(MethodType.methodType(Object[].class, Object.class));
  }

  private static MethodHandle fromValue(Class<?> type, Charset charset) {
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

  private static MethodHandle toValue(MethodHandle accessor, String record, String component,
      StructField item, Charset charset) {
    Class<?> type = accessor.type().returnType();
    try {
      if (type == long.class && item.kind() == FieldKind.UNSIGNED_INTEGER
          && item.size() == 8) {
        return MethodHandles.filterReturnValue(accessor, OWN.findStatic(RecordCodec.class,
            "fromBits", MethodType.methodType(Object.class, long.class)));
      }
      if (type.isPrimitive()) {
        return accessor.asType(accessor.type().changeReturnType(Object.class)); // boxes
      }
      MethodHandle check;
      if (type == String.class) {
        check = MethodHandles.insertArguments(OWN.findStatic(RecordCodec.class, "encode",
            MethodType.methodType(Object.class, Charset.class, String.class, String.class,
                String.class)), 0, charset, record, component);
      } else {
        check = MethodHandles.insertArguments(OWN.findStatic(RecordCodec.class, "nonNull",
            MethodType.methodType(Object.class, String.class, String.class, Object.class)),
            0, record, component).asType(MethodType.methodType(Object.class, type));
      }
      return MethodHandles.filterReturnValue(accessor, check);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code (byte[], int) type} through a typed field accessor, or null if there is none. */
  private static MethodHandle reader(Class<?> type, Struct struct, StructField item) {
    try {
      MethodHandle get;
      if (type == boolean.class) {
        MethodHandle getBoolean = OWN.findVirtual(Struct.class, "getBoolean",
            MethodType.methodType(boolean.class, byte[].class, int.class, int.class));
        return MethodHandles.insertArguments(
            MethodHandles.insertArguments(getBoolean, 0, struct), 2, item.index());
      } else if (type == byte.class || type == short.class || type == int.class) {
        IntField field = struct.intField(item.index());
        get = OWN.findVirtual(field.getClass(), "get", // the record class: a direct call
            MethodType.methodType(int.class, byte[].class, int.class)).bindTo(field);
      } else if (type == long.class) {
        LongField field = struct.longField(item.index());
        get = OWN.findVirtual(field.getClass(), "get", // the record class: a direct call
            MethodType.methodType(long.class, byte[].class, int.class)).bindTo(field);
      } else if (type == float.class || type == double.class) {
        DoubleField field = struct.doubleField(item.index());
        get = OWN.findVirtual(field.getClass(), "get", // the record class: a direct call
            MethodType.methodType(double.class, byte[].class, int.class)).bindTo(field);
      } else {
        return null;
      }
      // Narrowing is exact: RecordTypes admitted the type only where every value of the code fits.
      return MethodHandles.explicitCastArguments(get, get.type().changeReturnType(type));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
