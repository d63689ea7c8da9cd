package io.jstruct;

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
 * <p>Guava's {@code UnsignedInteger} and {@code UnsignedLong} are integers too. They are known by
 * class name, not by {@code instanceof}, so this library links no Guava class and runs without
 * Guava on the class path.
 */
final class Values {
  private static final String UNSIGNED_INTEGER = "com.google.common.primitives.UnsignedInteger";
  private static final String UNSIGNED_LONG = "com.google.common.primitives.UnsignedLong";

  private Values() {}

  /** {@code value} if it is a BigInteger, else null. */
  static BigInteger bigInteger(Object value) {
    return value instanceof BigInteger ? (BigInteger) value : null;
  }

  /**
   * The value of an integer other than a BigInteger, as a long: exact for every type here except
   * Guava's UnsignedLong, whose {@code longValue()} is its bits. Booleans are 0 and 1.
   *
   * @throws StructError "required argument is not an integer" for any other object
   */
  static long integerBits(Object value) {
    if (value instanceof Integer) {
      return (Integer) value;
    } else if (value instanceof Long) {
      return (Long) value;
    } else if (value instanceof Boolean) {
      return (Boolean) value ? 1 : 0;
    } else if (isLongIntegral(value) || isUnsigned64(value)) {
      return ((Number) value).longValue();
    }
    throw new StructError("required argument is not an integer");
  }

  /** Integral types whose every value fits a long, so {@code longValue()} is exact. */
  private static boolean isLongIntegral(Object value) {
    return value instanceof Short
        || value instanceof Byte
        || value instanceof AtomicInteger
        || value instanceof AtomicLong
        || value instanceof LongAdder
        || value instanceof LongAccumulator
        || (value instanceof Number && value.getClass().getName().equals(UNSIGNED_INTEGER));
  }

  /** Guava's UnsignedLong, whose {@code longValue()} is the bits of a value up to 2^64 - 1. */
  static boolean isUnsigned64(Object value) {
    return value instanceof Number && value.getClass().getName().equals(UNSIGNED_LONG);
  }

  /** Whether {@code value} is what CPython calls an int (bool included). */
  static boolean isIntegral(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger
        || value instanceof Boolean || isLongIntegral(value) || isUnsigned64(value);
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
      if (Double.isInfinite(x) && value instanceof BigInteger) {
        throw notAFloat();
      }
      return x;
    } else if (value instanceof Boolean) {
      return (Boolean) value ? 1.0 : 0.0;
    }
    throw notAFloat();
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
    } else if (value instanceof Complex) {
      return ((Complex) value).real() != 0 || ((Complex) value).imag() != 0;
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
    } else if (isIntegral(value)) {
      return value.longValue() != 0;
    }
    return value.doubleValue() != 0.0 || Double.isNaN(value.doubleValue());
  }
}
