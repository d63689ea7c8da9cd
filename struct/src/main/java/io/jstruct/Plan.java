package io.jstruct;

/**
 * How a struct packs and unpacks: the {@link Interpreter} for any layout, or a class the
 * {@link Generator} wrote for exactly one. The caller has checked the value count and that the
 * struct fits at {@code start}.
 */
interface Plan {
  /** Checks every value, then writes them all; throws before writing any byte. */
  void pack(Object[] values, byte[] buffer, int start);

  /** A new array of every value. */
  Object[] unpack(byte[] buffer, int start);
}
