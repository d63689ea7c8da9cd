package io.jstruct;

/**
 * Everything one kind of field knows, in one place: which values {@code pack} accepts (and
 * CPython's message for the others), how a value becomes bytes and how bytes become a value. The
 * byte order is a parameter, not part of the kind.
 *
 * <p>Both ways of running a struct are built from these steps: the {@link Interpreter} calls them
 * in a loop, and the {@link Generator} emits one call per field with the codec as a constant, so
 * the JIT inlines it and folds its fields (records' final fields are trusted) and the byte order.
 *
 * <p>{@link #check} throws for any value {@link #write} cannot take, and {@code write} then never
 * fails: a struct is written only after every value passed, so a failed pack writes nothing.
 */
sealed interface Codec
    permits IntegerCodec, FloatCodec, ComplexCodec, BoolCodec, CharCodec, BytesCodec {
  /** The format code: one letter, or two ({@code Zd}). */
  String code();

  /** Bytes per value. */
  int size();

  /** The kind, as {@link StructField#kind()} publishes it. */
  FieldKind kind();

  /** The class {@link #read} returns. */
  Class<?> javaType();

  /** Throws CPython's {@link StructError} unless {@link #write} can take {@code value}. */
  void check(Object value);

  /** Writes a value that passed {@link #check}, in big-endian order if {@code big}. */
  void write(byte[] a, int at, boolean big, Object value);

  /** Reads a value, boxed as {@code unpack} returns it. */
  Object read(byte[] a, int at, boolean big);
}
