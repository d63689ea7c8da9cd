package io.jstruct;

import java.math.BigInteger;

/**
 * Integer codes ({@code b B h H i I l L q Q n N P}): two's complement of 1, 2, 4 or 8 bytes.
 *
 * <p>{@code pack} accepts what {@link Values#integerBits} calls an integer, inside
 * {@code [min, max]}; anything out of range is {@code 'X' format requires MIN <= number <= MAX},
 * the form newer CPython uses for every integer code. {@code unpack} gives the narrowest of
 * {@code Integer}, {@code Long} and {@code BigInteger} that holds every value the code can read.
 *
 * @param code the format code
 * @param size bytes per value
 * @param signed whether reading sign-extends
 * @param min smallest value pack accepts
 * @param max largest value pack accepts
 * @param minLong {@code min} clamped to the long range, for the fast check
 * @param maxLong {@code max} clamped to the long range
 * @param javaType what {@link #read} returns
 * @param rangeMessage the error for a value out of range, built once
 */
record IntegerCodec(String code, int size, boolean signed, BigInteger min, BigInteger max,
    long minLong, long maxLong, Class<?> javaType, String rangeMessage) implements Codec {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** A code of {@code size} bytes whose range is the C type's. */
  static IntegerCodec of(String code, int size, boolean signed) {
    BigInteger max = BigInteger.ONE.shiftLeft(size * 8 - (signed ? 1 : 0)).subtract(BigInteger.ONE);
    BigInteger min = signed ? max.negate().subtract(BigInteger.ONE) : BigInteger.ZERO;
    return of(code, size, signed, min, max);
  }

  /**
   * Native {@code P}: CPython's {@code PyLong_AsVoidPtr} takes any value of the signed or the
   * unsigned pointer-sized integer, so {@code -1} packs as all ones; unpacking is unsigned.
   */
  static IntegerCodec pointer(int size) {
    BigInteger max = BigInteger.ONE.shiftLeft(size * 8).subtract(BigInteger.ONE);
    return of("P", size, false, BigInteger.ONE.shiftLeft(size * 8 - 1).negate(), max);
  }

  private static IntegerCodec of(String code, int size, boolean signed, BigInteger min,
      BigInteger max) {
    Class<?> type = size < 4 || (size == 4 && signed) ? Integer.class
        : size == 4 || signed ? Long.class : BigInteger.class;
    return new IntegerCodec(code, size, signed, min, max, clamp(min), clamp(max), type,
        "'" + code + "' format requires " + min + " <= number <= " + max);
  }

  private static long clamp(BigInteger value) {
    if (value.bitLength() < 64) {
      return value.longValue();
    }
    return value.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
  }

  @Override
  public FieldKind kind() {
    return signed ? FieldKind.SIGNED_INTEGER : FieldKind.UNSIGNED_INTEGER;
  }

  /**
   * Checks {@code value} and returns its low 64 bits: the two's complement of a signed value, or
   * the bits of an unsigned one, whose low bytes are right for every width. Integer and Long
   * first, with no allocation: they are what hot loops pass.
   */
  long bits(Object value) {
    if (value instanceof Integer) {
      int x = (Integer) value;
      if (x < minLong || x > maxLong) {
        throw new StructError(rangeMessage);
      }
      return x;
    } else if (value instanceof Long) {
      long x = (Long) value;
      if (x < minLong || x > maxLong) {
        throw new StructError(rangeMessage);
      }
      return x;
    }
    return otherBits(value);
  }

  private long otherBits(Object value) {
    BigInteger big = Values.bigInteger(value);
    if (big == null) {
      long x = Values.integerBits(value); // throws "not an integer" for non-integers
      if (Values.isUnsigned64(value) && x < 0) {
        big = unsigned64(x);
      } else if (x < minLong || x > maxLong) {
        throw new StructError(rangeMessage);
      } else {
        return x;
      }
    }
    if (big.compareTo(min) < 0 || big.compareTo(max) > 0) {
      throw new StructError(rangeMessage);
    }
    return big.longValue();
  }

  /** Whether a long value is in range, for the typed path. */
  boolean accepts(long value) {
    return value >= minLong && value <= maxLong;
  }

  @Override
  public void check(Object value) {
    bits(value);
  }

  @Override
  public void write(byte[] a, int at, boolean big, Object value) {
    ByteIo.put(a, at, size, big, bits(value));
  }

  /** Writes bits that {@link #bits} returned. */
  void putBits(byte[] a, int at, boolean big, long bits) {
    ByteIo.put(a, at, size, big, bits);
  }

  /** The value read, as a long; unsigned 64-bit values as their bits. */
  long getBits(byte[] a, int at, boolean big) {
    return ByteIo.get(a, at, size, big, signed);
  }

  @Override
  public Object read(byte[] a, int at, boolean big) {
    long bits = ByteIo.get(a, at, size, big, signed);
    if (javaType == Integer.class) {
      return (int) bits;
    } else if (javaType == Long.class) {
      return bits;
    }
    return unsigned64(bits);
  }

  /** Unsigned 64-bit values above {@code Long.MAX_VALUE}, for unpacking Q, N, P. */
  static BigInteger unsigned64(long bits) {
    BigInteger value = BigInteger.valueOf(bits);
    return bits >= 0 ? value : value.add(TWO_64);
  }
}
