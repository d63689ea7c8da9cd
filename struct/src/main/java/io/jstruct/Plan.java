package io.jstruct;

/**
 * How a struct packs and unpacks: the {@link Interpreter} for any layout, or a class the
 * {@link Generator} wrote for exactly one. The caller has checked the value count and, for
 * {@link #pack} and {@link #unpack}, that the struct fits at {@code start}.
 *
 * <p>{@link #toBytes} and {@link #unpackExact} exist beside them because the struct's size is a
 * constant only inside a generated class. There {@code new byte[14]} tells the JIT the array's
 * length, so it drops the bounds check of every store and zeroes 14 bytes with one store, as in
 * hand-written code; the caller's {@code new byte[size]}, with a size read from a field, left a
 * zeroing loop and a check before every store. An exact unpack tests {@code data.length} against
 * a constant the same way (C2 still keeps one merged check before the loads).
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
