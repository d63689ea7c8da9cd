package io.jstruct;

import java.nio.ByteBuffer;

/**
 * One value of a compiled {@link Struct} read and written as an {@code int}, with no boxing and
 * no per-call lookup: for codes whose every value fits an int ({@code b B h H i}, and {@code l L}
 * where they are 4 and 2 bytes), the same rule as {@link Struct#getInt}.
 *
 * <pre>{@code
 * static final Struct HEADER = Struct.compile("!HIq");
 * static final IntField KIND = HEADER.intField(0);
 *
 * int kind = KIND.get(buffer, offset);   // offset: where the struct starts in buffer
 * KIND.set(buffer, offset, 7);
 * }</pre>
 *
 * <p>Made by {@link Struct#intField}, which checks the item and its type once. One record serves every code and byte
 * order, so a call through a {@code static final} (or any call
 * site that sees one kind of field) compiles to one bounds check and one load or store, as
 * hand-written {@code ByteBuffer} code does. Immutable and thread-safe.
 */
public sealed interface IntField
    permits Accessors.IntAccessor {
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
   * {@code struct().getInt(buffer, structOffset, item())} does.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @return the value
   * @throws StructError if {@code buffer} is null or the whole struct does not fit there
   */
  int get(byte[] buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at {@code structOffset}, checked as pack checks
   * it; nothing else is written. As {@code struct().putInt(buffer, structOffset, item(), value)}.
   *
   * @param buffer the bytes that hold the struct
   * @param structOffset where the struct starts in {@code buffer}
   * @param value the value to write
   * @throws StructError if {@code value} cannot be packed as this field (then nothing is
   *     written), {@code buffer} is null or the whole struct does not fit there
   */
  void set(byte[] buffer, int structOffset, int value);

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
  int get(ByteBuffer buffer, int structOffset);

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
  void set(ByteBuffer buffer, int structOffset, int value);
}
