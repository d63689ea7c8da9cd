package io.jstruct;

import java.nio.ByteBuffer;

/**
 * Turns one struct's bytes into a value: {@code Object[]} for a {@link Struct}, a record for a
 * {@link StructRecord}. The readers and streams are written once against this, for both.
 *
 * @param <T> what one struct decodes to
 */
interface Decoder<T> {
  /** The struct's size in bytes. */
  int size();

  /** Decodes the struct at {@code offset}, which the caller checked holds {@link #size()} bytes. */
  T decode(byte[] bytes, int offset);

  /** Decodes the struct at the absolute index {@code index}, checked as above. */
  T decode(ByteBuffer bytes, int index);

  /** The struct's own decoder: unpack to {@code Object[]}. */
  static Decoder<Object[]> of(Struct struct) {
    return new Decoder<>() {
      @Override
      public int size() {
        return struct.size();
      }

      @Override
      public Object[] decode(byte[] bytes, int offset) {
        return struct.unpackFrom(bytes, offset);
      }

      @Override
      public Object[] decode(ByteBuffer bytes, int index) {
        return struct.unpackFrom(bytes, index);
      }
    };
  }
}
