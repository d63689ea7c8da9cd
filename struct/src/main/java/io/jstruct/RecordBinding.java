package io.jstruct;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one implementation of {@link StructRecord}. A record, so that its final fields are trusted
 * by the JIT: through a {@code static final} binding, the plan below is a constant of its exact
 * generated class, whose code inlines into the caller like hand-written code.
 *
 * @param type the record class
 * @param struct the compiled format
 * @param unpacker {@code (Object[]) Object}: unpacked values to a record
 * @param plan a record straight from and into the bytes of a struct that fits at an offset: the
 *     class the {@link RecordGenerator} wrote for this binding, or method handles
 * @param toValues {@code (Object) Object[]}: a record to the values pack takes
 * @param names the components' names, for {@link #repr}
 * @param getters {@code (Object) Object} per component, boxed, for {@link #repr}
 * @param <T> the record type
 */
record RecordBinding<T>(Class<T> type, Struct struct, MethodHandle unpacker,
    RecordPlan plan, MethodHandle toValues, List<String> names,
    List<MethodHandle> getters) implements StructRecord<T>, Decoder<T> {

  static <T extends Record> RecordBinding<T> bindAnnotated(Class<T> type,
      MethodHandles.Lookup lookup) {
    checkRecord(type);
    StructFormat format = type.getAnnotation(StructFormat.class);
    if (format == null) {
      throw new StructError("record " + type.getSimpleName() + " has no @StructFormat: annotate "
          + "it or pass the format to StructRecord.of");
    }
    Charset charset = null;
    if (!format.charset().isEmpty()) {
      RecordTypes.checkCharset(type.getSimpleName(), format.charset());
      charset = Charset.forName(format.charset());
    }
    return bind(type, format.value(), charset, lookup);
  }

  static <T extends Record> RecordBinding<T> bind(Class<T> type, String format, Charset charset,
      MethodHandles.Lookup lookup) {
    return bind(type, format, charset, lookup, true);
  }

  /**
   * Binds as {@link #bind(Class, String, Charset, MethodHandles.Lookup)}; with {@code generate}
   * false, or where the {@link RecordGenerator} cannot write a class, the plan is method handles.
   */
  static <T extends Record> RecordBinding<T> bind(Class<T> type, String format, Charset charset,
      MethodHandles.Lookup lookup, boolean generate) {
    checkRecord(type);
    String record = type.getSimpleName();
    if (format == null) {
      throw new StructError("record " + record + ": format == null");
    }
    RecordComponent[] components = type.getRecordComponents();
    List<String> names = new ArrayList<>(components.length);
    List<String> types = new ArrayList<>(components.length);
    Class<?>[] classes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      names.add(components[i].getName());
      classes[i] = components[i].getType();
      types.add(classes[i].getCanonicalName() == null ? classes[i].getName()
          : classes[i].getCanonicalName());
    }
    List<StructField> items = RecordTypes.check(record, format,
        charset == null ? null : charset.name(), names, types);
    Struct struct = Struct.compile(format);

    MethodHandles.Lookup access = access(type, lookup);
    MethodHandle constructor;
    MethodHandle[] accessors = new MethodHandle[components.length];
    try {
      constructor = access.findConstructor(type, MethodType.methodType(void.class, classes));
      for (int i = 0; i < components.length; i++) {
        accessors[i] = access.findVirtual(type, names.get(i), MethodType.methodType(classes[i]));
      }
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw inaccessible(type, e);
    }
    List<MethodHandle> getters = new ArrayList<>(components.length);
    for (MethodHandle accessor : accessors) {
      getters.add(accessor.asType(MethodType.methodType(Object.class, Object.class)));
    }
    return new RecordBinding<>(type, struct,
        RecordCodec.unpacker(constructor, components, charset),
        plan(type, constructor, accessors, components, items, charset, struct.size(), generate),
        RecordCodec.toValues(type, accessors, components, items, charset),
        List.copyOf(names), List.copyOf(getters));
  }

  /**
   * A generated class for the binding where there can be one, else the handle chains: with
   * {@code generate} false (tests), without ASM on the class path, for a struct too large, or
   * should the class not be definable.
   */
  private static RecordPlan plan(Class<?> type, MethodHandle constructor, MethodHandle[] accessors,
      RecordComponent[] components, List<StructField> items, Charset charset, int size,
      boolean generate) {
    // without ASM (TierUp.CAN_GENERATE false) RecordGenerator must not even be loaded
    if (generate && TierUp.CAN_GENERATE && RecordGenerator.canGenerate(components, size)) {
      try {
        return RecordGenerator.generate(type, constructor, accessors, components, items, charset,
            size);
      } catch (OutOfMemoryError | LinkageError e) {
        // no room for a class: the handles are slower, never wrong
      }
    }
    return new RecordPlan.Handles(
        RecordCodec.fastUnpacker(constructor, components, items, charset),
        RecordCodec.fastPacker(type, accessors, components, items, charset, size));
  }

  /** Whether this binding runs a class the {@link RecordGenerator} wrote for it. */
  boolean generated() {
    return !(plan instanceof RecordPlan.Handles);
  }

  private static void checkRecord(Class<?> type) {
    if (type == null) {
      throw new StructError("type == null");
    }
    if (!type.isRecord()) {
      throw new StructError(type.getName() + " is not a record");
    }
  }

  /** The caller's lookup, or ours, with private access to the record's class where allowed. */
  private static MethodHandles.Lookup access(Class<?> type, MethodHandles.Lookup lookup) {
    if (lookup != null) {
      return lookup;
    }
    try {
      // A named module reads only what it requires; reflection on a user's record needs a read
      // edge to its module (a no-op on the class path, where every module reads every other).
      RecordBinding.class.getModule().addReads(type.getModule());
      return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    } catch (IllegalAccessException e) {
      throw inaccessible(type, e);
    }
  }

  private static StructError inaccessible(Class<?> type, Exception e) {
    StructError error = new StructError("record " + type.getSimpleName() + " is not accessible to "
        + "jstruct (" + e.getMessage() + "): open its package to io.jstruct, or pass a lookup "
        + "from its package, StructRecord.of(" + type.getSimpleName()
        + ".class, format, charset, MethodHandles.lookup())");
    error.initCause(e);
    return error;
  }

  // ---------------------------------------------------------------------------------------------
  // Decoding: the fast handle where there is one and the struct fits; else unpack's values

  @Override
  public Class<T> recordType() {
    return type;
  }

  @Override
  public int size() {
    return struct.size();
  }

  @Override
  public T decode(byte[] bytes, int offset) {
    if (offset >= 0 && bytes != null && bytes.length - offset >= struct.size()) {
      return type.cast(plan.unpack(bytes, offset));
    }
    return fromValues(struct.unpackFrom(bytes, offset));
  }

  @Override
  public T decode(ByteBuffer bytes, int index) {
    if (bytes != null && bytes.hasArray() && index >= 0) {
      if (bytes.limit() - index >= struct.size()) {
        return decode(bytes.array(), bytes.arrayOffset() + index);
      }
    }
    return fromValues(struct.unpackFrom(bytes, index));
  }

  private T fromValues(Object[] values) {
    try {
      return type.cast((Object) unpacker.invokeExact(values));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  private Object[] values(T value) {
    if (value == null) {
      throw new StructError("record " + type.getSimpleName() + " == null");
    }
    try {
      return (Object[]) toValues.invokeExact((Object) value);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // StructRecord

  @Override
  public T unpack(byte[] data) {
    if (data != null && data.length != struct.size()) {
      throw new StructError("unpack requires a buffer of " + struct.size() + " bytes");
    }
    return decode(data, 0);
  }

  @Override
  public T unpack(ByteBuffer data) {
    if (data != null && data.remaining() != struct.size()) {
      throw new StructError("unpack requires a buffer of " + struct.size() + " bytes");
    }
    return data == null ? fromValues(struct.unpack(data)) : decode(data, data.position());
  }

  @Override
  public T unpackFrom(byte[] buffer, int offset) {
    return decode(buffer, offset);
  }

  @Override
  public T unpackFrom(ByteBuffer buffer, int offset) {
    return decode(buffer, offset);
  }

  @Override
  public byte[] pack(T value) {
    byte[] out = new byte[struct.size()];
    encode(value, out, 0);
    return out;
  }

  @Override
  public void packInto(byte[] buffer, int offset, T value) {
    if (offset >= 0 && buffer != null && buffer.length - offset >= struct.size()) {
      encode(value, buffer, offset);
    } else {
      struct.packInto(buffer, offset, values(value)); // CPython's offset rules and messages
    }
  }

  @Override
  public void packInto(ByteBuffer buffer, int offset, T value) {
    if (buffer != null && buffer.hasArray() && !buffer.isReadOnly() && offset >= 0
        && buffer.limit() - offset >= struct.size()) {
      encode(value, buffer.array(), buffer.arrayOffset() + offset);
    } else {
      struct.packInto(buffer, offset, values(value));
    }
  }

  /** Checks every component, then writes them all at {@code offset}, where the struct fits. */
  private void encode(T value, byte[] buffer, int offset) {
    if (value == null) {
      throw new StructError("record " + type.getSimpleName() + " == null");
    }
    plan.pack(value, buffer, offset);
  }

  @Override
  public T get(ByteBuffer buffer) {
    int position = StructStreams.getPosition(buffer, struct.size());
    T value = decode(buffer, position);
    buffer.position(position + struct.size());
    return value;
  }

  @Override
  public void put(ByteBuffer buffer, T value) {
    int position = StructStreams.putPosition(buffer, struct.size());
    packInto(buffer, position, value);
    buffer.position(position + struct.size());
  }

  @Override
  public @Nullable T read(InputStream in) throws IOException {
    return StructReader.readOnce(ByteSource.of(in), this);
  }

  @Override
  public @Nullable T read(ReadableByteChannel in) throws IOException {
    return StructReader.readOnce(ByteSource.of(in), this);
  }

  @Override
  public StructReader<T> reader(InputStream in) {
    return new StructReader<>(ByteSource.of(in), this);
  }

  @Override
  public StructReader<T> reader(ReadableByteChannel in) {
    return new StructReader<>(ByteSource.of(in), this);
  }

  @Override
  public void write(OutputStream out, T value) throws IOException {
    StructStreams.write(out, pack(value));
  }

  @Override
  public void write(WritableByteChannel out, T value) throws IOException {
    StructStreams.write(out, pack(value));
  }

  @Override
  public Stream<T> stream(InputStream in) {
    return StructStreams.stream(ByteSource.of(in), this);
  }

  @Override
  public Stream<T> stream(ReadableByteChannel in) {
    return StructStreams.stream(ByteSource.of(in), this);
  }

  @Override
  public Stream<T> stream(Path file) throws IOException {
    return StructStreams.stream(file, this);
  }

  @Override
  public Stream<T> stream(byte[] data) {
    return StructStreams.stream(data, this);
  }

  @Override
  public Stream<T> stream(ByteBuffer data) {
    return StructStreams.stream(data, this);
  }

  @Override
  public String repr(@Nullable T value) {
    if (value == null) {
      return "None";
    }
    StringBuilder s = new StringBuilder(type.getSimpleName()).append('(');
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(names.get(i)).append('=');
      try {
        Repr.append(s, (Object) getters.get(i).invokeExact((Object) value));
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t);
      }
    }
    return s.append(')').toString();
  }

  @Override
  public String toString() {
    return "StructRecord(" + type.getSimpleName() + ", \"" + struct.format() + "\")";
  }
}
