package io.jstruct;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A compiled struct format bound to a Java record: unpack gives the record, pack takes it, with no
 * casts and no {@code Object[]}. Python's {@code namedtuple}/{@code dataclass} plus {@code struct},
 * in one object:
 *
 * <pre>{@code
 * record Student(String name, int serialnum, int school, int gradelevel) {}
 * static final StructRecord<Student> STUDENT =
 *     StructRecord.of(Student.class, "<10sHHb", StandardCharsets.US_ASCII);
 *
 * Student s = STUDENT.unpack(bytes);   // Student._make(struct.unpack('<10sHHb', bytes))
 * // Student[name=raymond, serialnum=4658, school=264, gradelevel=8]
 * byte[] b = STUDENT.pack(s);          // struct.pack('<10sHHb', *s)
 * }</pre>
 *
 * <h2>Binding</h2>
 * Items map to the record's components in order; pad bytes ({@code x}) have no component. The
 * binding is checked once, when it is made: the count, and each component's type against its code.
 * A component must hold every value of its code:
 * <table>
 *   <caption>Component types per code</caption>
 *   <tr><th>codes</th><th>component types</th></tr>
 *   <tr><td>integers</td><td>{@code byte short int long} where every value of the code fits
 *       ({@code H} to {@code int} or {@code long}, not {@code short}); {@code long} for the 8-byte
 *       {@code Q N P} too, as their bits (as {@code Long.toUnsignedString} reads them);
 *       {@code BigInteger} for any integer code</td></tr>
 *   <tr><td>{@code ?}</td><td>{@code boolean}</td></tr>
 *   <tr><td>{@code e f}</td><td>{@code float} or {@code double}</td></tr>
 *   <tr><td>{@code d}</td><td>{@code double} (a {@code float} would round)</td></tr>
 *   <tr><td>{@code c}</td><td>{@code byte[]} (of length 1)</td></tr>
 *   <tr><td>{@code s p}</td><td>{@code byte[]}, or {@code String} in the charset given at
 *       binding: encoded and zero-padded (or cut) to the field on pack, decoded with trailing NULs
 *       stripped on unpack</td></tr>
 * </table>
 * A mismatch is a {@link StructError} naming the record, the component and the code:
 * {@code record Student, component serialnum: 'I' (0 <= number <= 4294967295) needs long or
 * BigInteger, not int}. With the {@code jstruct-processor} annotation processor, records annotated
 * {@link StructFormat} get the same check, with the same message, at compile time.
 *
 * <p>Packing checks values as {@link Struct#pack} does (an {@code int} component on an {@code H}
 * code must be 0 to 65535), with the same messages, before any byte is written. A null
 * {@code String}, {@code byte[]} or {@code BigInteger} component is refused with its name.
 *
 * <h2>Records in modules</h2>
 * The binding calls the record's canonical constructor and accessors through method handles it
 * looks up once. On the class path, and for records in packages open to {@code io.jstruct}, the
 * plain factories can do that. For a record in a package its module does not open, pass a lookup
 * made in the record's own package, which has the access jstruct lacks:
 * {@code StructRecord.of(Student.class, "<10sHHb", US_ASCII, MethodHandles.lookup())}.
 *
 * <h2>Speed</h2>
 * The codec is generated once per binding, not reflective per call: a small hidden class that
 * reads each component straight from the bytes into the canonical constructor, and checks then
 * writes each accessor's value, with the struct's own per-kind code and no {@code Object[]} or
 * boxing of primitives. The class is unloaded with the binding. Hold the binding in a
 * {@code static final} field, so the JIT sees its class as a constant and inlines it into the
 * caller like hand-written {@code ByteBuffer} code. (A struct of more than 64 items or 64 KiB
 * keeps a slower chain of method handles, with the same results.)
 *
 * <p>No overload pitfall: unlike {@code Struct.pack(Object...)}, whose first {@code String}
 * argument Java's overload rules can take for a format, every method here takes the record itself.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the record type
 */
public sealed interface StructRecord<T> permits RecordBinding {

  /**
   * Binds {@code format} to {@code type}, whose components must not be Strings.
   *
   * @param <T> the record type
   * @param type the record class
   * @param format the struct format, one item per component
   * @return the binding
   * @throws StructError if the format is invalid, {@code type} is not a record, or the record does
   *     not match the format (count, or a component's type against its code)
   */
  static <T extends Record> StructRecord<T> of(Class<T> type, String format) {
    return RecordBinding.bind(type, format, null, null);
  }

  /**
   * Binds {@code format} to {@code type}, decoding and encoding its {@code String} components in
   * {@code charset}.
   *
   * @param <T> the record type
   * @param type the record class
   * @param format the struct format, one item per component
   * @param charset the charset of {@code s} and {@code p} values bound to {@code String}
   * @return the binding
   * @throws StructError if the format is invalid or the record does not match it
   */
  static <T extends Record> StructRecord<T> of(Class<T> type, String format, Charset charset) {
    return RecordBinding.bind(type, format, charset, null);
  }

  /**
   * Binds as {@link #of(Class, String, Charset)}, reaching the record's constructor and accessors
   * through {@code lookup}: for records in a named module's package that is not open to
   * {@code io.jstruct}. Pass {@code MethodHandles.lookup()} from code in the record's package.
   *
   * @param <T> the record type
   * @param type the record class
   * @param format the struct format, one item per component
   * @param charset the charset of {@code String} components, or null if there are none
   * @param lookup a lookup with access to the record's canonical constructor and accessors
   * @return the binding
   * @throws StructError if the format is invalid, the record does not match it, or
   *     {@code lookup} cannot reach the record's members
   */
  static <T extends Record> StructRecord<T> of(Class<T> type, String format,
      @Nullable Charset charset, MethodHandles.Lookup lookup) {
    if (lookup == null) {
      throw new StructError("lookup == null");
    }
    return RecordBinding.bind(type, format, charset, lookup);
  }

  /**
   * Binds the format (and charset) of {@code type}'s {@link StructFormat} annotation.
   *
   * @param <T> the record type
   * @param type a record class annotated {@code @StructFormat}
   * @return the binding
   * @throws StructError if {@code type} has no {@code @StructFormat}, or as
   *     {@link #of(Class, String, Charset)}
   */
  static <T extends Record> StructRecord<T> of(Class<T> type) {
    return RecordBinding.bindAnnotated(type, null);
  }

  /**
   * Binds {@code type}'s {@link StructFormat}, reaching its members through {@code lookup}, as
   * {@link #of(Class, String, Charset, MethodHandles.Lookup)}.
   *
   * @param <T> the record type
   * @param type a record class annotated {@code @StructFormat}
   * @param lookup a lookup with access to the record's canonical constructor and accessors
   * @return the binding
   * @throws StructError if {@code type} has no {@code @StructFormat}, does not match it, or
   *     {@code lookup} cannot reach its members
   */
  static <T extends Record> StructRecord<T> of(Class<T> type, MethodHandles.Lookup lookup) {
    if (lookup == null) {
      throw new StructError("lookup == null");
    }
    return RecordBinding.bindAnnotated(type, lookup);
  }

  /**
   * The check {@code of} makes, on type names instead of classes, for tools that see a record
   * before it is compiled: the {@code jstruct-processor} annotation processor calls this, so that
   * a compile error reads exactly as the run-time {@link StructError} would.
   *
   * @param record the record's simple name, for the message
   * @param format the struct format
   * @param charset the charset name for {@code String} components, or null if none was given
   * @param componentNames the components' names, in order
   * @param componentTypes the components' types, in order: a primitive's name ({@code int}),
   *     {@code byte[]}, or a class's canonical name ({@code java.lang.String},
   *     {@code java.math.BigInteger})
   * @throws StructError with the message {@code of} would give, if the record does not match
   */
  static void checkBinding(String record, String format, @Nullable String charset,
      List<String> componentNames, List<String> componentTypes) {
    if (record == null || format == null || componentNames == null || componentTypes == null
        || componentNames.size() != componentTypes.size()) {
      throw new StructError("checkBinding needs a record name, a format, and one name per type");
    }
    RecordTypes.check(record, format, charset, componentNames, componentTypes);
  }

  /**
   * The record class.
   *
   * @return the class this binding makes and takes
   */
  Class<T> recordType();

  /**
   * The compiled struct.
   *
   * @return the struct whose items are the record's components
   */
  Struct struct();

  /**
   * The size in bytes of the packed struct.
   *
   * @return {@code struct().size()}
   */
  int size();

  /**
   * Unpacks a record from {@code data}, which must be exactly {@link #size()} bytes long.
   *
   * @param data the bytes
   * @return the record
   * @throws StructError if the length is wrong: {@code unpack requires a buffer of 15 bytes}
   */
  T unpack(byte[] data);

  /**
   * Unpacks a record from the remaining bytes of {@code data}, which must be exactly
   * {@link #size()}; the position does not move.
   *
   * @param data the bytes, from position to limit
   * @return the record
   * @throws StructError if the remaining length is wrong
   */
  T unpack(ByteBuffer data);

  /**
   * Unpacks a record at {@code offset}; a negative offset counts back from the end, as in
   * {@link Struct#unpackFrom(byte[], int)}.
   *
   * @param buffer the bytes
   * @param offset where the struct starts
   * @return the record
   * @throws StructError if the struct does not fit there, with CPython's message
   */
  T unpackFrom(byte[] buffer, int offset);

  /**
   * Unpacks a record at the absolute index {@code offset}; the position does not move.
   *
   * @param buffer the bytes, heap, direct or memory-mapped
   * @param offset where the struct starts; negative counts back from the limit
   * @return the record
   * @throws StructError if the struct does not fit there
   */
  T unpackFrom(ByteBuffer buffer, int offset);

  /**
   * Packs {@code value} into a new array of {@link #size()} bytes.
   *
   * @param value the record
   * @return the packed bytes
   * @throws StructError if a component's value does not fit its code, or is null
   */
  byte[] pack(T value);

  /**
   * Packs {@code value} into {@code buffer} at {@code offset} (negative counts back from the end);
   * either every byte is written or, on any error, none is.
   *
   * @param buffer the destination
   * @param offset where the struct starts
   * @param value the record
   * @throws StructError if the struct does not fit there or a value is wrong
   */
  void packInto(byte[] buffer, int offset, T value);

  /**
   * Packs {@code value} into {@code buffer} at the absolute index {@code offset}; the position does
   * not move. Either every byte is written or none is.
   *
   * @param buffer the destination, writable
   * @param offset where the struct starts; negative counts back from the limit
   * @param value the record
   * @throws StructError if the struct does not fit there, the buffer is read-only or a value is
   *     wrong
   */
  void packInto(ByteBuffer buffer, int offset, T value);

  /**
   * Relative get: unpacks the record at the buffer's position and moves the position past it, as
   * {@code ByteBuffer.getInt()} does.
   *
   * @param buffer the buffer
   * @return the record
   * @throws StructError if fewer than {@link #size()} bytes remain; the position does not move
   */
  T get(ByteBuffer buffer);

  /**
   * Relative put: packs {@code value} at the buffer's position and moves the position past it, as
   * {@code ByteBuffer.putInt(int)} does.
   *
   * @param buffer the buffer, writable
   * @param value the record
   * @throws StructError if fewer than {@link #size()} bytes remain, the buffer is read-only or a
   *     value is wrong; then nothing is written and the position does not move
   */
  void put(ByteBuffer buffer, T value);

  /**
   * Reads exactly one record from {@code in}, as {@link Struct#read(InputStream)}.
   *
   * @param in the stream; not closed
   * @return the record, or {@code null} if the stream ended before its first byte
   * @throws TruncatedStructException if the stream ended inside the struct
   * @throws StructTimeoutException if a read timed out inside the struct, with the bytes read
   * @throws IOException if the stream fails
   */
  @Nullable T read(InputStream in) throws IOException;

  /**
   * Reads exactly one record from a blocking channel.
   *
   * @param in the channel, blocking; not closed
   * @return the record, or {@code null} if the channel ended before its first byte
   * @throws TruncatedStructException if the channel ended inside the struct
   * @throws IOException if the channel fails
   */
  @Nullable T read(ReadableByteChannel in) throws IOException;

  /**
   * A reader of one record after another that keeps a struct's first bytes across a
   * {@code SocketTimeoutException}; see {@link StructReader}.
   *
   * @param in the stream; not closed by the reader
   * @return a new reader, for one thread
   */
  StructReader<T> reader(InputStream in);

  /**
   * A reader of one record after another from a blocking channel.
   *
   * @param in the channel; not closed by the reader
   * @return a new reader, for one thread
   */
  StructReader<T> reader(ReadableByteChannel in);

  /**
   * Packs {@code value} and writes its bytes; nothing is written if a value is wrong.
   *
   * @param out the stream; not flushed or closed
   * @param value the record
   * @throws StructError if a value is wrong
   * @throws IOException if the stream fails
   */
  void write(OutputStream out, T value) throws IOException;

  /**
   * Packs {@code value} and writes all its bytes to a blocking channel.
   *
   * @param out the channel, blocking; not closed
   * @param value the record
   * @throws StructError if a value is wrong or the channel is non-blocking
   * @throws IOException if the channel fails
   */
  void write(WritableByteChannel out, T value) throws IOException;

  /**
   * The records of {@code in} until its end, read ahead in chunks, in constant memory; closing the
   * stream closes {@code in}. See {@link Struct#stream(InputStream)}.
   *
   * @param in the stream, owned by the returned stream
   * @return a sequential stream of records
   */
  Stream<T> stream(InputStream in);

  /**
   * The records of a blocking channel until its end; closing the stream closes the channel.
   *
   * @param in the channel, owned by the returned stream
   * @return a sequential stream of records
   */
  Stream<T> stream(ReadableByteChannel in);

  /**
   * The records of a file, read in chunks in constant memory; closing the stream closes the file.
   *
   * @param file the file
   * @return a sequential stream of records
   * @throws IOException if the file cannot be opened
   */
  Stream<T> stream(Path file) throws IOException;

  /**
   * The records of {@code data}, whose length must be a multiple of {@link #size()}.
   *
   * @param data the bytes
   * @return a sized stream of records
   * @throws StructError if the length is not a multiple of the size, with CPython's message
   */
  Stream<T> stream(byte[] data);

  /**
   * The records of the remaining bytes of {@code data}, without moving its position. A direct or
   * memory-mapped buffer is read 8 KiB at a time: the mapping is never copied whole.
   *
   * @param data the bytes, from position to limit
   * @return a sized stream of records
   * @throws StructError if the remaining length is not a multiple of the size
   */
  Stream<T> stream(ByteBuffer data);

  /**
   * Python's {@code repr} of the same namedtuple or dataclass, for logs:
   * {@code Student(name='raymond', serialnum=4658, school=264, gradelevel=8)}, where the record's
   * own {@code toString} would print a {@code byte[]} as {@code [B@1b6d3586}.
   *
   * @param value the record, or null ({@code None})
   * @return the text Python prints for the same values
   */
  String repr(@Nullable T value);
}
