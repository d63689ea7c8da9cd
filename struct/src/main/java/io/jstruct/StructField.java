package io.jstruct;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One value of a compiled {@link Struct}: where it lives in the packed bytes and what it holds, as
 * {@link Struct#fields()} lists them. What a caller needs to work with a struct's bytes without
 * packing them: a framing layer finds its length field's range here, a record mapper its Java
 * types.
 *
 * <pre>{@code
 * Struct.compile("!HIq").fields().get(1);
 * // StructField(1: 'I' at 2, 4 bytes, BIG_ENDIAN, UNSIGNED_INTEGER 0..4294967295 as Long)
 * }</pre>
 *
 * <p>Pad bytes ({@code x}) and alignment are not fields; they are the gaps between offsets. A
 * repeat count makes one field per value ({@code "3h"} is three fields), except for {@code s} and
 * {@code p}, whose count is the size of one field. Immutable; equal when every property is.
 */
public final class StructField {
  private final int index;
  private final int offset;
  private final ByteOrder order;
  private final Codec codec;

  StructField(int index, int offset, ByteOrder order, Codec codec) {
    this.index = index;
    this.offset = offset;
    this.order = order;
    this.codec = codec;
  }

  /**
   * The format code: one letter ({@code "h"}), or two for the complex codes ({@code "Zd"}).
   *
   * @return the code, as written in the format
   */
  public String code() {
    return codec.code();
  }

  /**
   * The position of this value in the array {@code unpack} returns and {@code pack} takes.
   *
   * @return the item index, from 0
   */
  public int index() {
    return index;
  }

  /**
   * Where this value's bytes start, from the start of the struct, after any alignment.
   *
   * @return the byte offset
   */
  public int offset() {
    return offset;
  }

  /**
   * How many bytes this value takes: the code's size, or for {@code s} and {@code p} the repeat
   * count.
   *
   * @return the size in bytes
   */
  public int size() {
    return codec.size();
  }

  /**
   * The byte order of this value's multi-byte numbers: the format's (for a complex value, of each
   * part). Meaningless, but still the format's, for one-byte codes.
   *
   * @return the byte order
   */
  public ByteOrder order() {
    return order;
  }

  /**
   * What kind of value this is.
   *
   * @return the kind
   */
  public FieldKind kind() {
    return codec.kind();
  }

  /**
   * The class {@code unpack} gives for this value: {@code Integer}, {@code Long} or
   * {@code BigInteger} for integers (the narrowest that holds every value of the code),
   * {@code Double}, {@code Boolean}, {@code byte[]} or {@link Complex}.
   *
   * @return the Java class of the unpacked value
   */
  public Class<?> javaType() {
    return codec.javaType();
  }

  /**
   * Whether this is a signed or unsigned integer field, whose {@link #min()} and {@link #max()}
   * exist.
   *
   * @return true for {@link FieldKind#SIGNED_INTEGER} and {@link FieldKind#UNSIGNED_INTEGER}
   */
  public boolean isInteger() {
    return codec instanceof IntegerCodec;
  }

  /**
   * The smallest integer {@code pack} accepts for this field ({@code P} accepts negative values,
   * as CPython does).
   *
   * @return the minimum value
   * @throws StructError if this is not an integer field
   */
  public BigInteger min() {
    return integer("min").min();
  }

  /**
   * The largest integer {@code pack} accepts for this field.
   *
   * @return the maximum value
   * @throws StructError if this is not an integer field
   */
  public BigInteger max() {
    return integer("max").max();
  }

  private IntegerCodec integer(String what) {
    if (codec instanceof IntegerCodec) {
      return (IntegerCodec) codec;
    }
    throw new StructError("field " + index + " is '" + code() + "', " + article(kind())
        + ": it has no " + what);
  }

  /** The codec: the knowledge of this field's kind, for the back ends in this package. */
  Codec codec() {
    return codec;
  }

  /** {@code "a float"}, {@code "a complex"}: how messages name a kind. */
  static String article(FieldKind kind) {
    switch (kind) {
      case SIGNED_INTEGER:
      case UNSIGNED_INTEGER:
        return "an integer";
      case FLOAT:
        return "a float";
      case BOOL:
        return "a bool";
      case COMPLEX:
        return "a complex";
      default:
        return "bytes";
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StructField)) {
      return false;
    }
    StructField f = (StructField) o;
    return f.index == index && f.offset == offset && f.order.equals(order) && f.codec.equals(codec);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, offset, order, codec);
  }

  /**
   * For debugging: {@code StructField(1: 'I' at 2, 4 bytes, BIG_ENDIAN, UNSIGNED_INTEGER
   * 0..4294967295 as Long)}.
   */
  @Override
  public String toString() {
    return "StructField(" + index + ": '" + code() + "' at " + offset + ", " + size() + " bytes, "
        + order + ", " + kind()
        + (isInteger() ? " " + min() + ".." + max() : "") + " as " + javaType().getSimpleName()
        + ")";
  }
}
