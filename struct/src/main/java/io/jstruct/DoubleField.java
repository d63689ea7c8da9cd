package io.jstruct;

import java.nio.ByteBuffer;

/**
 * One {@code e}, {@code f} or {@code d} value of a compiled {@link Struct} read and written as a
 * {@code double}, with no boxing and no per-call lookup.
 *
 * <pre>{@code
 * static final Struct QUOTE = Struct.compile("<Id");
 * static final DoubleField PRICE = QUOTE.doubleField(1);
 *
 * double price = PRICE.get(buffer, offset);   // offset: where the struct starts
 * PRICE.set(buffer, offset, price * 1.01);
 * }</pre>
 *
 * <p>Made by {@link Struct#doubleField}, which checks the item and its type once. One record serves every code
 * and byte order, so a call through a {@code static final} compiles to
 * one bounds check and one load or store. Immutable and thread-safe.
 */
public sealed interface DoubleField
    permits Accessors.DoubleAccessor {
  /**
   * The compiled struct this field belongs to.
   *
   * @return the struct
   */
  Struct struct();

  /**
   * The index of this field's value in the struct's unpacked values.
   *
   * @return the item index, from 0
   */
  int item();

  /**
   * Reads the value of the struct that starts at {@code structOffset}, as
   * {@code struct().getDouble(buffer, structOffset, item())} does.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @return the value
   * @throws StructError if {@code buffer} is null or the whole struct does not fit there
   */
  double get(byte[] buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at {@code structOffset}, checked as pack checks
   * it; nothing else is written. As {@code struct().putDouble(buffer, structOffset, item(), value)}.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @param value the value to write
   * @throws StructError if {@code value} cannot be packed as this field (then nothing is
   *     written), {@code buffer} is null or the whole struct does not fit there
   */
  void set(byte[] buffer, int structOffset, double value);

  /**
   * Reads the value of the struct that starts at the absolute index {@code structOffset} of a
   * heap, direct, memory-mapped or read-only buffer, in the format's byte order; the buffer's
   * position, limit and own byte order are neither used nor changed.
   *
   * @param buffer the buffer that holds the struct
   * @param structOffset where the struct starts, an absolute index
   * @return the value
   * @throws StructError if {@code buffer} is null or the whole struct does not fit below its limit
   */
  double get(ByteBuffer buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at the absolute index {@code structOffset} of a
   * heap, direct or memory-mapped buffer, checked as pack checks it; nothing else is written and
   * the buffer's position, limit and byte order are neither used nor changed.
   *
   * @param buffer the buffer that holds the struct
   * @param structOffset where the struct starts, an absolute index
   * @param value the value to write
   * @throws StructError if {@code value} cannot be packed as this field (then nothing is
   *     written), {@code buffer} is null or read-only, or the whole struct does not fit below its
   *     limit
   */
  void set(ByteBuffer buffer, int structOffset, double value);
}
