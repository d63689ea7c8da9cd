package io.jstruct;

import java.nio.ByteBuffer;

/**
 * One value of a compiled {@link Struct} of any kind, read and written as the object
 * {@code unpack} gives and {@code pack} takes, with no per-call lookup: the accessor for the codes
 * that have no primitive one ({@code ? c s p} and the complex codes), and for any code when a
 * boxed value is what the caller holds.
 *
 * <pre>{@code
 * static final Struct ENTRY = Struct.compile("<I16s?Zd");
 * static final ObjectField NAME = ENTRY.objectField(1);
 * static final ObjectField POINT = ENTRY.objectField(3);
 *
 * byte[] name = (byte[]) NAME.get(buffer, offset);           // 16 bytes, as unpack gives them
 * POINT.set(buffer, offset, new Complex(1.5, -2));           // pack's checks; nothing else written
 * }</pre>
 *
 * <p>Made by {@link Struct#objectField}; reads and writes through the field's own kind, exactly
 * as {@code pack} and {@code unpack} do. Immutable and thread-safe.
 */
public sealed interface ObjectField permits Accessors.ObjectAccessor {
  /**
   * The field this accessor reads and writes.
   *
   * @return the field, with its code, offset, kind and Java type
   */
  StructField field();

  /**
   * Reads the value of the struct that starts at {@code structOffset}.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @return the value, of the class {@link StructField#javaType()} names
   * @throws StructError if {@code buffer} is null or the whole struct does not fit there
   */
  Object get(byte[] buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at {@code structOffset}, checked as pack checks
   * it; nothing else is written.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @param value the value, as pack takes it
   * @throws StructError if {@code value} cannot be packed as this field (then nothing is
   *     written), {@code buffer} is null or the whole struct does not fit there
   */
  void set(byte[] buffer, int structOffset, Object value);

  /**
   * Reads the value of the struct that starts at the absolute index {@code structOffset} of a
   * heap, direct, memory-mapped or read-only buffer; its position, limit and byte order are
   * neither used nor changed.
   *
   * @param buffer the buffer that holds the struct
   * @param structOffset where the struct starts, an absolute index
   * @return the value, of the class {@link StructField#javaType()} names
   * @throws StructError if {@code buffer} is null or the whole struct does not fit below its limit
   */
  Object get(ByteBuffer buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at the absolute index {@code structOffset} of a
   * heap, direct or memory-mapped buffer, checked as pack checks it; nothing else is written.
   *
   * @param buffer the buffer that holds the struct
   * @param structOffset where the struct starts, an absolute index
   * @param value the value, as pack takes it
   * @throws StructError if {@code value} cannot be packed as this field (then nothing is
   *     written), {@code buffer} is null or read-only, or the whole struct does not fit below its
   *     limit
   */
  void set(ByteBuffer buffer, int structOffset, Object value);
}
