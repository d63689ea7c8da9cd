package io.jstruct;

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
  /** The compiled struct this field belongs to. */
  Struct struct();

  /** The index of this field's value in the struct's unpacked values. */
  int item();

  /**
   * Reads the value of the struct that starts at {@code structOffset}, as
   * {@code struct().getDouble(buffer, structOffset, item())} does.
   *
   * @throws StructError if {@code buffer} is null or the whole struct does not fit there
   */
  double get(byte[] buffer, int structOffset);

  /**
   * Writes the value of the struct that starts at {@code structOffset}, with pack's overflow
   * checks: standard {@code e} and {@code f} refuse a finite value too large for them (native
   * {@code f} writes infinity, as CPython does). As
   * {@code struct().putDouble(buffer, structOffset, item(), value)}.
   *
   * @throws StructError if {@code value} overflows the code (then nothing is written),
   *     {@code buffer} is null or the whole struct does not fit there
   */
  void set(byte[] buffer, int structOffset, double value);
}
