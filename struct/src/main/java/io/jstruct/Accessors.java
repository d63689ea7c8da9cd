package io.jstruct;

import java.nio.ByteBuffer;

/**
 * The field accessors: one record per Java type ({@link IntField}, {@link LongField},
 * {@link DoubleField}, and {@link ObjectField} for any kind), built on the field's {@link Codec} and the byte order, not one class per
 * code and byte order.
 *
 * <p>Why records: the JIT folds the final fields of a constant object only when it trusts them
 * not to change, which it does for records but not for ordinary classes. Through a
 * {@code static final} accessor the codec, the byte order, the position and the struct size are
 * constants, and so are the codec's own record fields: its width and range. The {@code switch} on
 * the width and the branch on the byte order fold away, leaving one bounds check, one range check
 * where the code needs one, and one load or store; fields of one struct read in a row share one
 * bounds check, since their checks are the same expression.
 *
 * <p>{@link Struct#intField} and its siblings have checked the item and its kind. Each {@code set}
 * checks the value before the bounds, as {@code putLong} does, so the two report the same error.
 */
final class Accessors {
  private Accessors() {}

  /**
   * The array index of a value {@code position} bytes into a struct at {@code structOffset},
   * after checking that the whole struct fits there: the whole struct, not just the field, so a
   * short record is found on the first access, whichever field it is. The offset taken as
   * unsigned is at least 2^31 when negative, beyond any array, so one comparison does.
   */
  static int index(byte[] buffer, int structOffset, int structSize, int position) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if ((structOffset & 0xffff_ffffL) + structSize > buffer.length) {
      throw new StructError("struct of " + structSize + " bytes does not fit at offset "
          + structOffset + " of a " + buffer.length + "-byte buffer");
    }
    return structOffset + position;
  }

  /** As {@link #index(byte[], int, int, int)}, below a buffer's limit. */
  static int index(ByteBuffer buffer, int structOffset, int structSize, int position) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if ((structOffset & 0xffff_ffffL) + structSize > buffer.limit()) {
      throw new StructError("struct of " + structSize + " bytes does not fit at offset "
          + structOffset + " of a buffer of limit " + buffer.limit());
    }
    return structOffset + position;
  }

  /** As {@link #index(ByteBuffer, int, int, int)}, for a write. */
  static int writableIndex(ByteBuffer buffer, int structOffset, int structSize, int position) {
    if (buffer != null && buffer.isReadOnly()) {
      throw new StructError(
          "argument must be read-write bytes-like object, not read-only ByteBuffer");
    }
    return index(buffer, structOffset, structSize, position);
  }

  /** {@code LongField(item 1 of "!HIq": I@2(4))}. */
  static String describe(String type, Struct struct, int item, Codec codec, int position) {
    return type + "(item " + item + " of \"" + struct.format() + "\": " + codec.code() + "@"
        + position + "(" + codec.size() + "))";
  }

  record IntAccessor(Struct struct, int item, IntegerCodec codec, int position, int structSize,
      boolean big) implements IntField {
    @Override
    public int get(byte[] b, int o) {
      return (int) codec.getBits(b, index(b, o, structSize, position), big);
    }

    @Override
    public void set(byte[] b, int o, int value) {
      if (!codec.accepts(value)) {
        throw new StructError(codec.rangeMessage());
      }
      codec.putBits(b, index(b, o, structSize, position), big, value);
    }

    @Override
    public int get(ByteBuffer b, int o) {
      return (int) ByteIo.get(b, index(b, o, structSize, position), codec.size(), big, codec.signed());
    }

    @Override
    public void set(ByteBuffer b, int o, int value) {
      if (!codec.accepts(value)) {
        throw new StructError(codec.rangeMessage());
      }
      ByteIo.put(b, writableIndex(b, o, structSize, position), codec.size(), big, value);
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, codec, position);
    }
  }

  /** Unsigned 64-bit codes ({@code Q N P}, native {@code L}) are read and written as bits. */
  record LongAccessor(Struct struct, int item, IntegerCodec codec, int position, int structSize,
      boolean big) implements LongField {
    @Override
    public long get(byte[] b, int o) {
      return codec.getBits(b, index(b, o, structSize, position), big);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      if (!takesBits(codec) && !codec.accepts(value)) {
        throw new StructError(codec.rangeMessage());
      }
      codec.putBits(b, index(b, o, structSize, position), big, value);
    }

    @Override
    public long get(ByteBuffer b, int o) {
      return ByteIo.get(b, index(b, o, structSize, position), codec.size(), big, codec.signed());
    }

    @Override
    public void set(ByteBuffer b, int o, long value) {
      if (!takesBits(codec) && !codec.accepts(value)) {
        throw new StructError(codec.rangeMessage());
      }
      ByteIo.put(b, writableIndex(b, o, structSize, position), codec.size(), big, value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, codec, position);
    }
  }

  /** Whether a long is taken as the bits of an unsigned 64-bit value. */
  static boolean takesBits(IntegerCodec codec) {
    return codec.size() == 8 && !codec.signed();
  }

  record DoubleAccessor(Struct struct, int item, FloatCodec codec, int position, int structSize,
      boolean big) implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      return codec.getDouble(b, index(b, o, structSize, position), big);
    }

    @Override
    public void set(byte[] b, int o, double value) {
      codec.checkDouble(value, value);
      codec.putDouble(b, index(b, o, structSize, position), big, value);
    }

    @Override
    public double get(ByteBuffer b, int o) {
      return codec.fromBits(
          ByteIo.get(b, index(b, o, structSize, position), codec.size(), big, false));
    }

    @Override
    public void set(ByteBuffer b, int o, double value) {
      codec.checkDouble(value, value);
      ByteIo.put(b, writableIndex(b, o, structSize, position), codec.size(), big,
          codec.bits(value));
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, codec, position);
    }
  }

  /** Any field, boxed, through its codec's check, write and read. */
  record ObjectAccessor(Struct struct, StructField field, int structSize, boolean big)
      implements ObjectField {
    @Override
    public Object get(byte[] b, int o) {
      return field.codec().read(b, index(b, o, structSize, field.offset()), big);
    }

    @Override
    public void set(byte[] b, int o, Object value) {
      Codec codec = field.codec();
      codec.check(value);
      codec.write(b, index(b, o, structSize, field.offset()), big, value);
    }

    @Override
    public Object get(ByteBuffer b, int o) {
      int at = index(b, o, structSize, field.offset());
      if (b.hasArray()) {
        return field.codec().read(b.array(), b.arrayOffset() + at, big);
      }
      byte[] bytes = new byte[field.size()];
      b.get(at, bytes);
      return field.codec().read(bytes, 0, big);
    }

    @Override
    public void set(ByteBuffer b, int o, Object value) {
      Codec codec = field.codec();
      codec.check(value);
      int at = writableIndex(b, o, structSize, field.offset());
      if (b.hasArray()) {
        codec.write(b.array(), b.arrayOffset() + at, big, value);
      } else {
        byte[] bytes = new byte[field.size()];
        codec.write(bytes, 0, big, value);
        b.put(at, bytes);
      }
    }

    @Override
    public String toString() {
      return describe("ObjectField", struct, field.index(), field.codec(), field.offset());
    }
  }
}
