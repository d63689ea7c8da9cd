package io.jstruct;

/**
 * The checks of the typed path, in one place, so that {@link Struct#getLong} and friends and the
 * field accessors ({@link IntField}, {@link LongField}, {@link DoubleField}) fail alike, with the
 * same messages.
 */
final class FieldChecks {
  private FieldChecks() {}

  /**
   * Throws unless a whole struct of {@code structSize} bytes fits at {@code offset} of
   * {@code buffer}. The whole struct, not just the one field, so that a caller who reads several
   * fields of one record finds a short record on the first access, whichever field it is.
   *
   * <p>One comparison: the offset taken as unsigned is at least 2^31 when negative, beyond any
   * array, so {@code offset + structSize > length} in {@code long} also rejects negative offsets.
   */
  static void structFits(byte[] buffer, int offset, int structSize) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if ((offset & 0xffff_ffffL) + structSize > buffer.length) {
      throw doesNotFit(buffer, offset, structSize);
    }
  }

  /**
   * The array index of a value {@code position} bytes into a struct at {@code structOffset},
   * after checking that the whole struct fits there.
   */
  static int index(byte[] buffer, int structOffset, int structSize, int position) {
    structFits(buffer, structOffset, structSize);
    return structOffset + position;
  }

  private static StructError doesNotFit(byte[] buffer, int offset, int structSize) {
    return new StructError(
        "struct of " + structSize + " bytes does not fit at offset " + offset + " of a "
            + buffer.length + "-byte buffer");
  }

  /** Throws pack's error unless {@code value} is in the integer code's range. */
  static void inRange(FormatDef def, long value) {
    if (!def.accepts(value)) {
      throw new StructError(def.rangeMessage);
    }
  }
}
