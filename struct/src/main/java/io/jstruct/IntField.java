package io.jstruct;

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
  /** The compiled struct this field belongs to. */
  Struct struct();

  /** The index of this field's value in the struct's unpacked values. */
  int item();

  /**
   * Reads the value of the struct that starts at {@code structOffset}, as
   * {@code struct().getInt(buffer, structOffset, item())} does.
   *
   * @throws StructError if {@code buffer} is null or the whole struct does not fit there
   */
  int get(byte[] buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at {@code structOffset}, range-checked as pack
   * checks it; nothing else is written. As {@code struct().putInt(buffer, structOffset, item(),
   * value)}.
   *
   * @throws StructError if {@code value} is out of the code's range (then nothing is written),
   *     {@code buffer} is null or the whole struct does not fit there
   */
  void set(byte[] buffer, int structOffset, int value);
}
