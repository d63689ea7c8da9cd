package io.jstruct;

import java.lang.invoke.MethodHandle;

/**
 * How a {@link StructRecord} turns a struct's bytes into its record and back, once the caller has
 * checked that the struct fits at {@code base}: a class the {@link RecordGenerator} wrote for the
 * one binding, or, where none could be written, the {@link Handles} that {@link RecordCodec}
 * chains. Both run the same per-kind codecs, checks and messages.
 */
interface RecordPlan {
  /** The record whose struct starts at {@code base} of {@code bytes}. */
  Object unpack(byte[] bytes, int base);

  /**
   * Checks every component of {@code record} (not null), then zeroes the pad bytes and writes
   * every component; throws before writing any byte.
   */
  void pack(Object record, byte[] bytes, int base);

  /**
   * The method-handle plan: {@code unpacker} is {@code (byte[], int) Object} and {@code packer}
   * {@code (Object, byte[], int) void}, as {@link RecordCodec#fastUnpacker} and
   * {@link RecordCodec#fastPacker} build them.
   */
  record Handles(MethodHandle unpacker, MethodHandle packer) implements RecordPlan {
    @Override
    public Object unpack(byte[] bytes, int base) {
      try {
        return (Object) unpacker.invokeExact(bytes, base);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t); // the handles throw no checked exception
      }
    }

    @Override
    public void pack(Object record, byte[] bytes, int base) {
      try {
        packer.invokeExact(record, bytes, base);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
  }
}
