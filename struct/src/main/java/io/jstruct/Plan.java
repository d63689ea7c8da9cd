package io.jstruct;

/**
 * How a struct packs and unpacks: the {@link Interpreter} for any layout, or a class the
 * {@link Generator} wrote for exactly one. The caller has checked the value count and, for
 * {@link #pack} and {@link #unpack}, that the struct fits at {@code start}.
 *
 * <p>{@link #toBytes} and {@link #unpackExact} exist beside them because the struct's size is a
 * constant only inside a generated class: there {@code new byte[14]} and
 * {@code data.length != 14} let the JIT drop the bounds check of every store and load that
 * follows, as it does in hand-written code, where the caller's {@code new byte[size]} with a size
 * read from a field leaves every check (and a zeroing loop) in place.
 */
interface Plan {
  /** Checks every value, then writes them all; throws before writing any byte. */
  void pack(Object[] values, byte[] buffer, int start);

  /** Checks every value, then returns a new array of the packed struct. */
  byte[] toBytes(Object[] values);

  /** A new array of every value. */
  Object[] unpack(byte[] buffer, int start);

  /** A new array of every value of {@code data}, or null if it is not exactly one struct long. */
  Object[] unpackExact(byte[] data);
}
