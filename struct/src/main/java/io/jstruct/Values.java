package io.jstruct;

import com.google.common.primitives.UnsignedInteger;
import com.google.common.primitives.UnsignedLong;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Python's view of Java values: which objects are integers, floats and bytes to {@code pack}, and
 * what is true. Each check throws the {@link StructError} CPython raises for the same mistake.
 *
 * <p>The integer and float checks test {@code Integer}, {@code Long} and {@code Double} first, with
 * no allocation, because those are what callers pass in hot loops.
 */
final class Values {
  private Values() {}

  /** Throws unless {@code value} is an integer that {@code def} can hold. */
  static void checkInteger(FormatDef def, Object value) {
    if (value instanceof Integer) {
      int x = (Integer) value;
      if (x < def.minLong || x > def.maxLong) {
        throw new StructError(def.rangeMessage);
      }
    } else if (value instanceof Long) {
      long x = (Long) value;
      if (x < def.minLong || x > def.maxLong) {
        throw new StructError(def.rangeMessage);
      }
    } else {
      checkOtherInteger(def, value);
    }
  }

  private static void checkOtherInteger(FormatDef def, Object value) {
    boolean inRange;
    if (value instanceof BigInteger) {
      BigInteger x = (BigInteger) value;
      inRange = x.bitLength() < 64 ? def.accepts(x.longValue()) : def.accepts(x);
    } else if (value instanceof UnsignedLong) {
      UnsignedLong x = (UnsignedLong) value;
      inRange = x.longValue() >= 0 ? def.accepts(x.longValue()) : def.accepts(x.bigIntegerValue());
    } else if (value instanceof Boolean) {
      inRange = def.accepts((Boolean) value ? 1 : 0);
    } else if (isLongIntegral(value)) {
      inRange = def.accepts(((Number) value).longValue());
    } else {
      throw new StructError("required argument is not an integer");
    }
    if (!inRange) {
      throw new StructError(def.rangeMessage);
    }
  }

  /** Integral types whose every value fits a long, so {@code longValue()} is exact. */
  private static boolean isLongIntegral(Object value) {
    return value instanceof Short
        || value instanceof Byte
        || value instanceof AtomicInteger
        || value instanceof AtomicLong
        || value instanceof LongAdder
        || value instanceof LongAccumulator
        || value instanceof UnsignedInteger;
  }

  /**
   * The low 64 bits of an integer that {@link #checkInteger} accepted: the two's complement of a
   * signed value, or the bits of an unsigned one. Writing the low bytes of these bits is correct
   * for every width.
   */
  static long integerBits(Object value) {
    if (value instanceof Integer) {
      return (Integer) value;
    } else if (value instanceof Long) {
      return (Long) value;
    } else if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    }
    // BigInteger.longValue() and UnsignedLong.longValue() are the low 64 bits; the rest are exact.
    return ((Number) value).longValue();
  }

  /**
   * A value as CPython's {@code PyFloat_AsDouble} sees it: any number, booleans as 0 and 1; an
   * integer too large for a double fails, as it does there.
   */
  static double toDouble(Object value) {
    if (value instanceof Double) {
      return (Double) value;
    } else if (value instanceof Number) {
      double x = ((Number) value).doubleValue();
      if (Double.isInfinite(x) && (value instanceof BigInteger)) {
        throw notAFloat();
      }
      return x;
    } else if (value instanceof Boolean) {
      return (Boolean) value ? 1.0 : 0.0;
    }
    throw notAFloat();
  }

  /**
   * The error for a value too large for {@code e} or standard {@code f}: CPython turns the
   * OverflowError into {@code struct.error("int too large to convert")} when the value is an int,
   * and lets {@code float too large to pack with ...} through for a float.
   */
  static StructError floatOverflow(Object value, StructError floatError) {
    boolean integral = value instanceof Integer || value instanceof Long
        || value instanceof BigInteger || value instanceof UnsignedLong || isLongIntegral(value);
    return integral ? new StructError("int too large to convert") : floatError;
  }

  static StructError notAFloat() {
    return new StructError("required argument is not a float");
  }

  /**
   * Python truthiness: null, false, zero and empty things are false; every other object is true.
   * {@code NaN} is true, as in Python.
   */
  static boolean isTrue(Object value) {
    if (value == null) {
      return false;
    } else if (value instanceof Boolean) {
      return (Boolean) value;
    } else if (value instanceof Number) {
      return isNonZero((Number) value);
    } else if (value instanceof CharSequence) {
      return ((CharSequence) value).length() > 0;
    } else if (value instanceof Collection) {
      return !((Collection<?>) value).isEmpty();
    } else if (value instanceof Map) {
      return !((Map<?, ?>) value).isEmpty();
    } else if (value.getClass().isArray()) {
      return Array.getLength(value) > 0;
    }
    return true;
  }

  private static boolean isNonZero(Number value) {
    if (value instanceof BigInteger) {
      return ((BigInteger) value).signum() != 0;
    } else if (value instanceof BigDecimal) {
      return ((BigDecimal) value).signum() != 0;
    } else if (value instanceof Double || value instanceof Float) {
      return value.doubleValue() != 0.0 || Double.isNaN(value.doubleValue());
    } else if (value instanceof UnsignedLong) {
      return value.longValue() != 0;
    }
    return isLongIntegral(value) || value instanceof Integer || value instanceof Long
        ? value.longValue() != 0
        : value.doubleValue() != 0.0 || Double.isNaN(value.doubleValue());
  }

  /** The one byte of a {@code c} value. */
  static byte toChar(Object value) {
    if (value instanceof byte[] && ((byte[]) value).length == 1) {
      return ((byte[]) value)[0];
    }
    throw new StructError("char format requires a bytes object of length 1");
  }

  /** The bytes of an {@code s} or {@code p} value. */
  static byte[] toBytes(char code, Object value) {
    if (value instanceof byte[]) {
      return (byte[]) value;
    }
    throw new StructError("argument for '" + code + "' must be a bytes object");
  }
}
