package io.jstruct;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.RandomAccess;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code struct} module: converts between Java values and C structs held in bytes,
 * described by format strings, with CPython's bytes, values, checks and error messages.
 *
 * <pre>{@code
 * byte[] header = Struct.pack("!HIq", 1, 2L, -1L);
 * // 00 01 | 00 00 00 02 | ff ff ff ff ff ff ff ff     (14 bytes, network order, no padding)
 * Object[] values = Struct.unpack("!HIq", header);
 * // [1, 2, -1]  as Integer, Long, Long
 *
 * Struct point = Struct.compile("<dd");   // compile once, use from any thread
 * point.packInto(buffer, 16, 1.5, -2.0);
 * double y = point.getDouble(buffer, 16, 1); // typed access, no boxing
 *
 * static final DoubleField Y = Struct.compile("<dd").doubleField(1); // for hot loops:
 * double y = Y.get(buffer, 16);              // as fast as hand-written ByteBuffer code
 * }</pre>
 *
 * <h2>Format strings</h2>
 * The first character may choose byte order, sizes and alignment:
 * <table>
 *   <caption>Prefixes</caption>
 *   <tr><th>prefix</th><th>byte order</th><th>sizes</th><th>alignment</th></tr>
 *   <tr><td>{@code @} (or none)</td><td>native</td><td>native</td><td>native</td></tr>
 *   <tr><td>{@code =}</td><td>native</td><td>standard</td><td>none</td></tr>
 *   <tr><td>{@code <}</td><td>little-endian</td><td>standard</td><td>none</td></tr>
 *   <tr><td>{@code >} or {@code !}</td><td>big-endian (network)</td><td>standard</td><td>none</td></tr>
 * </table>
 * Then items, each an optional repeat count and a format character: {@code x} pad byte,
 * {@code c} bytes of length 1, {@code b B} signed/unsigned char, {@code ?} bool,
 * {@code h H} short, {@code i I} int, {@code l L} long, {@code q Q} long long, {@code n N}
 * ssize_t/size_t (native only), {@code e f d} half, float, double, {@code s} bytes of the count's
 * length, {@code p} Pascal string (length byte, then bytes), {@code P} pointer (native only).
 * Native means the C compiler's choice on the {@link Platform} (by default the host's, as CPython
 * on this machine would see it).
 *
 * <h2>Values</h2>
 * <ul>
 *   <li>Integer codes pack {@code Byte Short Integer Long BigInteger AtomicInteger AtomicLong
 *       LongAdder LongAccumulator}, Guava's {@code UnsignedInteger UnsignedLong}, and
 *       {@code Boolean} as 0 or 1; anything else is "required argument is not an integer". They
 *       unpack as the narrowest of {@code Integer}, {@code Long} and {@code BigInteger} that holds
 *       every value of the code: {@code b B h H i} and standard {@code l} give Integer; {@code I},
 *       standard {@code L}, {@code q}, native {@code l}, {@code n} give Long; {@code Q N P} and
 *       native {@code L} give BigInteger (on LP64).
 *   <li>{@code e f d} pack any {@code Number} or {@code Boolean} and unpack as {@code Double}.
 *   <li>{@code ?} packs Python's truth value of any object (null, zero and empty are false) and
 *       unpacks as {@code Boolean}.
 *   <li>{@code c} packs and unpacks a {@code byte[1]}; {@code s} and {@code p} a {@code byte[]},
 *       cut or zero-padded to the field (a {@code String} is refused, as CPython refuses str).
 * </ul>
 *
 * <h2>Errors</h2>
 * Every failure is a {@link StructError} with CPython 3.11's message. The one deliberate change: an
 * integer out of range always reads {@code 'X' format requires MIN <= number <= MAX}, the form
 * newer CPython uses, where 3.11 sometimes says "argument out of range". {@code packInto} checks
 * every value before it writes any byte, so a failed call leaves the buffer untouched.
 *
 * <h2>Buffers and offsets</h2>
 * Offsets are absolute indexes; a negative offset counts back from the end ({@code length} of an
 * array, {@code limit()} of a buffer), as in CPython's {@code pack_into} and {@code unpack_from}.
 * A {@code ByteBuffer}'s position, limit, mark and byte order are never used or changed, except
 * that {@link #unpack(ByteBuffer)} reads exactly its remaining bytes.
 *
 * <h2>A Java pitfall</h2>
 * Instance {@code pack(Object...)} and module-level {@code pack(String, Object...)} share a name,
 * as in Python. When the first value passed to an instance's {@code pack} is a {@code String} or a
 * literal {@code null}, Java's overload rules pick the static method and take that value for a
 * format. Pass such values as an explicit {@code Object[]}: {@code s.pack(new Object[] {null, 1})}.
 *
 * <p>This class is immutable and thread-safe. Compiled structs are equal when their formats and
 * platforms are.
 */
public final class Struct {
  private final String format;
  private final Platform platform;
  private final Layout layout;
  private final int size;
  private final int itemCount;
  private final List<StructField> fields;
  /**
   * How pack and unpack run: interpreted while cold, then generated code ({@link TierUp}).
   * Volatile so that a thread that sees a generated plan sees it whole; on x86 a volatile read
   * is a plain load.
   */
  private volatile Plan plan;

  Struct(String format, Platform platform) {
    this(format, platform, true);
  }

  /** With {@code mayGenerate} false, always the interpreter: for tests that compare both. */
  Struct(String format, Platform platform, boolean mayGenerate) {
    this.layout = FormatParser.parse(format, platform);
    this.format = format;
    this.platform = platform;
    this.size = layout.size;
    this.itemCount = layout.itemCount;
    this.fields = new Fields(layout);
    this.plan = TierUp.initial(this, layout, mayGenerate);
  }

  // ---------------------------------------------------------------------------------------------
  // Compiling

  /**
   * Compiles {@code format} for this machine's native mode. Compiled structs are cached: calling
   * this again with the same format is a hash lookup.
   *
   * @param format the format string, as in Python
   * @return the compiled struct, which may be shared with other callers
   * @throws StructError if the format is invalid, with CPython's message
   */
  public static Struct compile(String format) {
    return StructCache.get(format);
  }

  /**
   * Compiles {@code format} with the native sizes, alignment and byte order of {@code platform},
   * to speak native formats with a Python peer on another kind of machine.
   *
   * @param format the format string, as in Python
   * @param platform the platform whose native sizes, alignment and byte order {@code @} and
   *     {@code =} follow
   * @return the compiled struct, which may be shared with other callers
   * @throws StructError if the format is invalid, with CPython's message
   */
  public static Struct compile(String format, Platform platform) {
    if (platform == null) {
      throw new StructError("platform must not be null");
    }
    return StructCache.get(format, platform);
  }

  /** For tests: forgets every cached struct, as CPython's {@code _clearcache()}. */
  static void clearCache() {
    StructCache.clear();
  }

  static int cacheSize() {
    return StructCache.size();
  }

  /**
   * The format string, as given.
   *
   * @return the format string
   */
  public String format() {
    return format;
  }

  /**
   * The platform whose native mode this struct follows.
   *
   * @return the platform
   */
  public Platform platform() {
    return platform;
  }

  /**
   * The size in bytes of the packed struct: CPython's {@code Struct.size} and {@code calcsize}.
   *
   * @return the size in bytes
   */
  public int size() {
    return size;
  }

  /**
   * How many values {@link #pack} takes and {@link #unpack} returns.
   *
   * @return the number of values
   */
  public int itemCount() {
    return itemCount;
  }

  /**
   * Every value of this struct, in item order: its code, offset, size, byte order, kind and the
   * Java class it unpacks to. Pad bytes are not values; {@code "3h"} is three fields.
   *
   * <pre>{@code
   * for (StructField f : Struct.compile("!HIq").fields()) {
   *   // 0: 'H' at 0, 2 bytes   1: 'I' at 2, 4 bytes   2: 'q' at 6, 8 bytes
   * }
   * }</pre>
   *
   * @return an immutable list of {@link #itemCount()} fields, made as they are read (a format of a
   *     million values holds no million objects)
   */
  public List<StructField> fields() {
    return fields;
  }

  /** Replaces the plan: {@link TierUp} installs generated code here once this struct is hot. */
  void plan(Plan plan) {
    this.plan = plan;
  }

  /** The current plan, for tests: a generated class once hot. */
  Plan plan() {
    return plan;
  }

  Layout layout() {
    return layout;
  }

  // ---------------------------------------------------------------------------------------------
  // Packing

  /**
   * Packs {@code values} into a new array of {@link #size()} bytes.
   *
   * <p>A {@code null} {@code values} array is taken as one {@code null} value, which is what
   * {@code pack(null)} means in source (and packs as false with {@code ?}).
   *
   * <p><b>Overload pitfall:</b> when the first value is a {@code String} (or a literal
   * {@code null}), Java picks the module-level {@link #pack(String, Object...)} instead:
   * {@code s.pack("raymond", 1)} compiles as {@code Struct.pack("raymond", 1)}, which takes
   * {@code "raymond"} for a format and fails with {@code bad char in struct format}. Pass such
   * values as an explicit array: {@code s.pack(new Object[] {"raymond", 1})} (for {@code s} and
   * {@code p} codes the value must be a {@code byte[]} anyway).
   *
   * @param values one value per item, in item order
   * @return a new array of the packed bytes
   * @throws StructError if the value count is wrong or a value cannot be packed, with CPython's message
   */
  public byte[] pack(Object... values) {
    values = nonNull(values);
    checkCount("pack", values);
    try {
      return plan.toBytes(values);
    } catch (OutOfMemoryError e) {
      throw outOfMemory(size);
    }
  }

  /**
   * Packs {@code values} into {@code buffer} at {@code offset}; a negative offset counts back from
   * the end. Either every byte of the struct is written or, on any error, none is.
   *
   * <p>Unlike {@link #pack(Object...)}, this has no overload pitfall: the module-level
   * {@link #packInto(String, byte[], int, Object...)} takes a format before the buffer, so a call
   * that passes a buffer first always resolves here, whatever the values are.
   *
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @param values one value per item, in item order
   * @throws StructError if the value count is wrong, a value cannot be packed or the struct does not fit at {@code offset}; then nothing is written
   */
  public void packInto(byte[] buffer, int offset, Object... values) {
    values = nonNull(values);
    checkCount("pack_into", values);
    if (buffer == null) {
      throw new StructError("argument must be read-write bytes-like object, not None");
    }
    int at = packOffset(offset, buffer.length);
    plan.pack(values, buffer, at);
  }

  /**
   * Packs {@code values} into {@code buffer} at the absolute index {@code offset}; a negative
   * offset counts back from {@code limit()}. The buffer's position and byte order are neither used
   * nor changed. Either every byte is written or none is.
   *
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @param values one value per item, in item order
   * @throws StructError if the value count is wrong, a value cannot be packed or the struct does not fit at {@code offset}; then nothing is written
   */
  public void packInto(ByteBuffer buffer, int offset, Object... values) {
    values = nonNull(values);
    checkCount("pack_into", values);
    if (buffer == null) {
      throw new StructError("argument must be read-write bytes-like object, not None");
    }
    if (buffer.isReadOnly()) {
      throw new StructError("argument must be read-write bytes-like object, not read-only ByteBuffer");
    }
    int index = packOffset(offset, buffer.limit());
    if (buffer.hasArray()) {
      plan.pack(values, buffer.array(), buffer.arrayOffset() + index);
    } else {
      byte[] packed;
      try {
        packed = plan.toBytes(values);
      } catch (OutOfMemoryError e) {
        throw outOfMemory(size);
      }
      buffer.put(index, packed);
    }
  }

  /**
   * Module-level {@code struct.pack(format, *values)}.
   *
   * @param format the format string, as in Python
   * @param values one value per item, in item order
   * @return a new array of the packed bytes
   * @throws StructError if the format is invalid, the value count is wrong or a value cannot be packed, with CPython's message
   */
  public static byte[] pack(String format, Object... values) {
    return compile(format).pack(values);
  }

  /**
   * Module-level {@code struct.pack_into(format, buffer, offset, *values)}.
   *
   * @param format the format string, as in Python
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @param values one value per item, in item order
   * @throws StructError if the format is invalid, the value count is wrong, a value cannot be packed or the struct does not fit at {@code offset}; then nothing is written
   */
  public static void packInto(String format, byte[] buffer, int offset, Object... values) {
    compile(format).packInto(buffer, offset, values);
  }

  private static Object[] nonNull(Object[] values) {
    return values == null ? new Object[] {null} : values;
  }

  private void checkCount(String function, Object[] values) {
    if (values.length != itemCount) {
      throw new StructError(
          function + " expected " + itemCount + " items for packing (got " + values.length + ")");
    }
  }

  /** CPython's pack_into offset rules and messages; returns the non-negative offset. */
  private int packOffset(int offset, int length) {
    long at = offset;
    if (at < 0) {
      if (at + size > 0) {
        throw new StructError("no space to pack " + size + " bytes at offset " + offset);
      }
      if (at + length < 0) {
        throw new StructError("offset " + offset + " out of range for " + length + "-byte buffer");
      }
      at += length;
    }
    if (length - at < size) {
      throw new StructError(
          "pack_into requires a buffer of at least " + (size + at) + " bytes for packing " + size
              + " bytes at offset " + at + " (actual buffer size is " + length + ")");
    }
    return (int) at;
  }

  // ---------------------------------------------------------------------------------------------
  // Unpacking

  /**
   * Unpacks {@code data}, which must be exactly {@link #size()} bytes long.
   *
   * @param data the packed bytes
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the data is not exactly one struct long
   */
  public Object[] unpack(byte[] data) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    Object[] values;
    try {
      values = plan.unpackExact(data);
    } catch (OutOfMemoryError e) {
      throw unpackOutOfMemory();
    }
    if (values == null) {
      throw unpackSizeError();
    }
    return values;
  }

  /**
   * Unpacks the remaining bytes of {@code data}, from its position to its limit, which must be
   * exactly {@link #size()} bytes. The position is not changed.
   *
   * @param data the packed bytes
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the data is not exactly one struct long
   */
  public Object[] unpack(ByteBuffer data) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if (data.remaining() != size) {
      throw unpackSizeError();
    }
    return unpackAt(data, data.position());
  }

  private StructError unpackSizeError() {
    return new StructError("unpack requires a buffer of " + size + " bytes");
  }

  /**
   * Unpacks a struct at {@code offset} of {@code buffer}; a negative offset counts from the end.
   *
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the struct does not fit at {@code offset}
   */
  public Object[] unpackFrom(byte[] buffer, int offset) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return unpackAt(buffer, unpackOffset(offset, buffer.length));
  }

  /**
   * Unpacks a struct at the start of {@code buffer}: {@code unpack_from(buffer)}.
   *
   * @param buffer the buffer
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the struct does not fit at {@code offset}
   */
  public Object[] unpackFrom(byte[] buffer) {
    return unpackFrom(buffer, 0);
  }

  /**
   * Unpacks a struct at the absolute index {@code offset} of {@code buffer}; a negative offset
   * counts back from {@code limit()}. The position is neither used nor changed.
   *
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the struct does not fit at {@code offset}
   */
  public Object[] unpackFrom(ByteBuffer buffer, int offset) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return unpackAt(buffer, unpackOffset(offset, buffer.limit()));
  }

  /**
   * Module-level {@code struct.unpack(format, data)}.
   *
   * @param format the format string, as in Python
   * @param data the packed bytes
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the format is invalid or the data is not exactly one struct long
   */
  public static Object[] unpack(String format, byte[] data) {
    return compile(format).unpack(data);
  }

  /**
   * Module-level {@code struct.unpack_from(format, buffer, offset)}.
   *
   * @param format the format string, as in Python
   * @param buffer the buffer
   * @param offset where the struct starts; a negative offset counts back from the end
   * @return the values, one per item, of the classes {@link #fields()} names
   * @throws StructError if the format is invalid or the struct does not fit at {@code offset}
   */
  public static Object[] unpackFrom(String format, byte[] buffer, int offset) {
    return compile(format).unpackFrom(buffer, offset);
  }

  /** CPython's unpack_from offset rules and messages; returns the non-negative offset. */
  private int unpackOffset(int offset, int length) {
    long at = offset;
    if (at < 0) {
      if (at + size > 0) {
        throw new StructError("not enough data to unpack " + size + " bytes at offset " + offset);
      }
      if (at + length < 0) {
        throw new StructError("offset " + offset + " out of range for " + length + "-byte buffer");
      }
      at += length;
    }
    if (length - at < size) {
      throw new StructError(
          "unpack_from requires a buffer of at least " + (size + at) + " bytes for unpacking "
              + size + " bytes at offset " + at + " (actual buffer size is " + length + ")");
    }
    return (int) at;
  }

  /** Unpacks at an index already checked to have {@link #size()} bytes. */
  Object[] unpackAt(byte[] buffer, int start) {
    try {
      return plan.unpack(buffer, start);
    } catch (OutOfMemoryError e) {
      throw unpackOutOfMemory();
    }
  }

  /** Nothing half-built survives: the partial tuple is garbage once this is thrown. */
  private StructError unpackOutOfMemory() {
    return new StructError(
        "out of memory unpacking " + itemCount + " values from " + size + " bytes");
  }

  /**
   * A new array for a packed struct or a copy of one. Like CPython's MemoryError, a struct the heap
   * cannot hold fails cleanly, here with a StructError, and nothing is lost.
   */
  private static byte[] newBytes(int byteCount) {
    try {
      return new byte[byteCount];
    } catch (OutOfMemoryError e) {
      throw outOfMemory(byteCount);
    }
  }

  private static StructError outOfMemory(int byteCount) {
    return new StructError("out of memory allocating " + byteCount + " bytes");
  }

  private Object[] unpackAt(ByteBuffer buffer, int index) {
    if (buffer.hasArray()) {
      return unpackAt(buffer.array(), buffer.arrayOffset() + index);
    }
    byte[] copy = newBytes(size);
    buffer.get(index, copy);
    return unpackAt(copy, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Iterating

  /**
   * Unpacks consecutive structs from {@code data}, as {@code iter_unpack}. Its length must be a
   * multiple of {@link #size()}; that is checked now, not when iterating. The iterator reads the
   * array as it is when each struct is unpacked. It is also an {@code Iterable}, so it goes in a
   * for-each loop: {@code for (Object[] values : s.iterUnpack(data))}.
   *
   * @param data the bytes
   * @return an iterator over the structs, walked once as Python's
   * @throws StructError if the length is not a multiple of the size, or the size is 0
   */
  public UnpackIterator iterUnpack(byte[] data) {
    return UnpackIterator.over(this, data);
  }

  /**
   * Unpacks consecutive structs from the remaining bytes of {@code data}, without changing its
   * position. Direct and memory-mapped buffers are read in place, one struct at a time.
   *
   * @param data the bytes, from position to limit
   * @return an iterator over the structs, walked once as Python's
   * @throws StructError if the remaining length is not a multiple of the size, or the size is 0
   */
  public UnpackIterator iterUnpack(ByteBuffer data) {
    return UnpackIterator.over(this, data);
  }

  /**
   * Module-level {@code struct.iter_unpack(format, data)}.
   *
   * @param format the format
   * @param data the bytes
   * @return an iterator over the structs, walked once as Python's
   * @throws StructError if the format is invalid, or the length is not a multiple of its size
   */
  public static UnpackIterator iterUnpack(String format, byte[] data) {
    return compile(format).iterUnpack(data);
  }

  /**
   * Module-level {@code struct.calcsize(format)}.
   *
   * @param format the format string, as in Python
   * @return the size in bytes of a struct of that format
   * @throws StructError if the format is invalid
   */
  public static int calcsize(String format) {
    return compile(format).size;
  }

  // ---------------------------------------------------------------------------------------------
  // Typed access: one field, no boxing, no Object[]

  /**
   * Reads value number {@code item} of the struct at {@code offset} as an int. For the codes whose
   * every value fits an int: {@code b B h H i}, and {@code l L} where they are 4 and 2 bytes.
   *
   * <pre>{@code
   * Struct header = Struct.compile("!BBI");
   * header.getInt(new byte[] {1, 2, 0, 0, 0, 7}, 0, 1); // 2
   * }</pre>
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @return the value
   * @throws StructError if the struct does not fit at {@code offset}, or the item is not such a code
   */
  public int getInt(byte[] buffer, int offset, int item) {
    return intField(item).get(buffer, offset);
  }

  /**
   * Reads an integer value as a long. Unsigned 64-bit codes ({@code Q N P}, native {@code L}) give
   * their bits, as {@code Long.toUnsignedString} and Guava's {@code UnsignedLong.fromLongBits}
   * expect them.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @return the value, or its bits
   * @throws StructError if the struct does not fit at {@code offset}, or the item is no integer
   */
  public long getLong(byte[] buffer, int offset, int item) {
    return longField(item).get(buffer, offset);
  }

  /**
   * Reads an {@code e}, {@code f} or {@code d} value as a double.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @return the value
   * @throws StructError if the struct does not fit at {@code offset}, or the item is no float
   */
  public double getDouble(byte[] buffer, int offset, int item) {
    return doubleField(item).get(buffer, offset);
  }

  /**
   * Reads a {@code ?} value: any non-zero byte is true.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @return the value
   * @throws StructError if the struct does not fit at {@code offset}, or the item is no bool
   */
  public boolean getBoolean(byte[] buffer, int offset, int item) {
    StructField field = field(item, FieldKind.BOOL, "a bool");
    return buffer[Accessors.index(buffer, offset, size, field.offset())] != 0;
  }

  /**
   * Writes an int to an integer value, range-checked as {@link #pack} checks it; other values of the
   * struct, and its pad bytes, are left as they are.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @param value the value to write
   * @throws StructError if the value is out of range (nothing is written), the struct does not
   *     fit at {@code offset}, or the item is no integer
   */
  public void putInt(byte[] buffer, int offset, int item, int value) {
    Accessors.LongAccessor field = (Accessors.LongAccessor) longField(item);
    if (!field.codec().accepts(value)) {
      throw new StructError(field.codec().rangeMessage());
    }
    field.set(buffer, offset, value);
  }

  /**
   * Writes a long to an integer value, range-checked as {@link #pack} checks it, except that
   * unsigned 64-bit codes ({@code Q N P}, native {@code L}) take the value's bits, the inverse of
   * {@link #getLong}.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @param value the value, or for unsigned 64-bit codes its bits
   * @throws StructError if the value is out of range (nothing is written), the struct does not
   *     fit at {@code offset}, or the item is no integer
   */
  public void putLong(byte[] buffer, int offset, int item, long value) {
    longField(item).set(buffer, offset, value);
  }

  /**
   * Writes a double to an {@code e}, {@code f} or {@code d} value, with pack's overflow checks.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @param value the value
   * @throws StructError if the value overflows the code (nothing is written), the struct does not
   *     fit at {@code offset}, or the item is no float
   */
  public void putDouble(byte[] buffer, int offset, int item, double value) {
    doubleField(item).set(buffer, offset, value);
  }

  /**
   * Writes a {@code ?} value as 1 or 0.
   *
   * @param buffer the bytes that hold the struct
   * @param offset where the struct starts in {@code buffer}
   * @param item which value, from 0
   * @param value the value
   * @throws StructError if the struct does not fit at {@code offset}, or the item is no bool
   */
  public void putBoolean(byte[] buffer, int offset, int item, boolean value) {
    StructField field = field(item, FieldKind.BOOL, "a bool");
    buffer[Accessors.index(buffer, offset, size, field.offset())] = value ? (byte) 1 : (byte) 0;
  }

  /**
   * An accessor for value number {@code item} as an int, for the same codes as {@link #getInt}.
   * Hold it in a {@code static final} (or a final field) and its {@code get} and {@code set} cost
   * what hand-written {@code ByteBuffer} code costs: the item, its type and its position are
   * settled here, once, instead of on every call.
   *
   * <pre>{@code
   * static final Struct HEADER = Struct.compile("!HIq");
   * static final IntField KIND = HEADER.intField(0);
   * int kind = KIND.get(buffer, offset);   // offset: where the struct starts
   * }</pre>
   *
   * @param item which value, from 0
   * @return the accessor
   * @throws StructError if there is no such item or its values do not all fit an int, with
   *     advice that fits its kind
   */
  public IntField intField(int item) {
    StructField field = field(item, FieldKind.SIGNED_INTEGER, "an integer");
    IntegerCodec codec = (IntegerCodec) field.codec();
    if (codec.size() > 4 || (codec.size() == 4 && !codec.signed())) {
      throw new StructError("item " + item + " is '" + codec.code()
          + "', whose values do not all fit an int: use getLong or longField");
    }
    return new Accessors.IntAccessor(this, item, codec, field.offset(), size, layout.big);
  }

  /**
   * An accessor for integer value number {@code item} as a long, as {@link #getLong} and
   * {@link #putLong} read and write it: unsigned 64-bit codes ({@code Q N P}, native {@code L})
   * as their bits.
   *
   * @param item which value, from 0
   * @return the accessor
   * @throws StructError if there is no such item or it is not an integer, with advice that fits
   *     its kind
   */
  public LongField longField(int item) {
    StructField field = field(item, FieldKind.SIGNED_INTEGER, "an integer");
    return new Accessors.LongAccessor(
        this, item, (IntegerCodec) field.codec(), field.offset(), size, layout.big);
  }

  /**
   * An accessor for {@code e}, {@code f} or {@code d} value number {@code item}, as
   * {@link #getDouble} and {@link #putDouble} read and write it.
   *
   * @param item which value, from 0
   * @return the accessor
   * @throws StructError if there is no such item or it is not a float, with advice that fits its
   *     kind
   */
  public DoubleField doubleField(int item) {
    StructField field = field(item, FieldKind.FLOAT, "a float");
    return new Accessors.DoubleAccessor(
        this, item, (FloatCodec) field.codec(), field.offset(), size, layout.big);
  }

  /**
   * An accessor for value number {@code item} of any kind, boxed as {@link #unpack} gives it and
   * {@link #pack} takes it: for {@code ? c s p} and the complex codes, which have no primitive
   * accessor, or any code when the caller holds boxed values.
   *
   * @param item which value, from 0
   * @return the accessor
   * @throws StructError if there is no such item
   */
  public ObjectField objectField(int item) {
    if (item < 0 || item >= itemCount) {
      throw new StructError(
          "item index " + item + " out of range for a struct of " + itemCount + " items");
    }
    return new Accessors.ObjectAccessor(this, fields.get(item), size, layout.big);
  }

  /**
   * Field {@code item}, which must be of {@code kind} (either integer kind for an integer); else
   * the error names what it is and what to use instead.
   */
  private StructField field(int item, FieldKind kind, String wanted) {
    if (item < 0 || item >= itemCount) {
      throw new StructError(
          "item index " + item + " out of range for a struct of " + itemCount + " items");
    }
    StructField field = fields.get(item);
    FieldKind actual = field.kind();
    boolean integer = kind == FieldKind.SIGNED_INTEGER;
    if (integer ? field.isInteger() : actual == kind) {
      return field;
    }
    String advice;
    switch (actual) {
      case SIGNED_INTEGER:
      case UNSIGNED_INTEGER:
        advice = "use getLong or longField";
        break;
      case FLOAT:
        advice = "use getDouble or doubleField";
        break;
      case BOOL:
        advice = "use getBoolean or putBoolean";
        break;
      default:
        advice = "use objectField";
    }
    throw new StructError("item " + item + " is '" + field.code() + "', "
        + StructField.article(actual) + ", not " + wanted + ": " + advice);
  }

  /** The fields of a layout, made as they are read. */
  private static final class Fields extends AbstractList<StructField> implements RandomAccess {
    private final Layout layout;

    Fields(Layout layout) {
      this.layout = layout;
    }

    @Override
    public StructField get(int index) {
      if (index < 0 || index >= layout.itemCount) {
        throw new IndexOutOfBoundsException("field " + index + " of " + layout.itemCount);
      }
      Run run = layout.runOf(index);
      return new StructField(index, run.offset + (index - run.firstItem) * run.size, layout.order,
          run.codec);
    }

    @Override
    public int size() {
      return layout.itemCount;
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Override
  public boolean equals(Object o) {
    return o instanceof Struct
        && ((Struct) o).format.equals(format)
        && ((Struct) o).platform == platform;
  }

  @Override
  public int hashCode() {
    return format.hashCode() * 31 + platform.hashCode();
  }

  /**
   * The layout, for debugging a port: each value's code, offset and size in bytes.
   * {@code Struct("@bhiqd", size=24: b@0(1) h@2(2) i@4(4) q@8(8) d@16(8))}; a long run of one code
   * is folded: {@code Struct("<1000i", size=4000: 1000×i@0(4 each))}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Struct(\"").append(format).append("\", size=").append(size);
    if (platform != Platform.host()) {
      s.append(", ").append(platform);
    }
    String separator = ": ";
    for (Run run : layout.runs) {
      s.append(separator).append(run);
      separator = " ";
    }
    return s.append(')').toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Streams, channels, moving buffers and printing (issue 8): thin delegates to StructReader,
  // StructStreams and Repr, which hold the logic for Struct and StructRecord alike.

  /**
   * Reads exactly one struct from {@code in}, blocking until all {@link #size()} bytes are there,
   * and unpacks it. Reads nothing past the struct.
   *
   * <p>For a socket with a read timeout, read through {@link #reader(InputStream)} instead: it
   * keeps a struct's first bytes across a timeout. This one-shot call cannot, so it hands them to
   * the caller in a {@link StructTimeoutException}.
   *
   * @param in the stream; not closed
   * @return the values, or {@code null} if the stream ended before the struct's first byte
   * @throws TruncatedStructException if it ended inside the struct: {@code expected 24 bytes, got 10}
   * @throws StructTimeoutException if a read timed out inside the struct, with the bytes read
   * @throws IOException if the stream fails
   */
  public Object @Nullable [] read(InputStream in) throws IOException {
    return StructReader.readOnce(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * Reads exactly one struct from a blocking channel, as {@link #read(InputStream)} does.
   *
   * @param in the channel, in blocking mode; not closed
   * @return the values, or {@code null} if the channel ended before the struct's first byte
   * @throws TruncatedStructException if it ended inside the struct
   * @throws StructError if the channel is in non-blocking mode
   * @throws IOException if the channel fails
   */
  public Object @Nullable [] read(ReadableByteChannel in) throws IOException {
    return StructReader.readOnce(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * A reader of one struct after another from {@code in} that keeps a struct's first bytes across
   * a {@code SocketTimeoutException}; see {@link StructReader}.
   *
   * @param in the stream; the reader does not close it
   * @return a new reader, for one thread
   */
  public StructReader<Object[]> reader(InputStream in) {
    return new StructReader<>(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * A reader of one struct after another from a blocking channel; see {@link StructReader}.
   *
   * @param in the channel, in blocking mode; the reader does not close it
   * @return a new reader, for one thread
   */
  public StructReader<Object[]> reader(ReadableByteChannel in) {
    return new StructReader<>(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * Packs {@code values} and writes the struct's bytes to {@code out}, as
   * {@code out.write(pack(values))}: nothing is written if a value is wrong.
   *
   * @param out the stream; not flushed or closed
   * @param values one per item, as {@link #pack} takes them
   * @throws StructError if a value is wrong for its code (then nothing is written)
   * @throws IOException if the stream fails
   */
  public void write(OutputStream out, Object... values) throws IOException {
    byte[] packed = pack(values);
    StructStreams.write(out, packed);
  }

  /**
   * Packs {@code values} and writes all the struct's bytes to a blocking channel.
   *
   * @param out the channel, in blocking mode; not closed
   * @param values one per item, as {@link #pack} takes them
   * @throws StructError if a value is wrong (then nothing is written) or the channel is
   *     non-blocking
   * @throws IOException if the channel fails
   */
  public void write(WritableByteChannel out, Object... values) throws IOException {
    byte[] packed = pack(values);
    StructStreams.write(out, packed);
  }

  /**
   * The structs of {@code in}, one after another until its end, read ahead in chunks of about
   * 8 KiB: constant memory however long the stream. Closing the stream closes {@code in}. Use it
   * in try-with-resources, as {@code Files.lines}:
   *
   * <pre>{@code
   * try (Stream<Object[]> records = Struct.compile("<iid").stream(in)) {
   *   records.forEach(r -> ...);
   * }
   * }</pre>
   *
   * @param in the stream, owned by the returned stream from now on
   * @return a sequential stream of each struct's values
   * @throws StructError if the struct's size is 0 (as {@code iter_unpack})
   * @throws java.io.UncheckedIOException from the terminal operation, if the stream fails; its
   *     cause is a {@link TruncatedStructException} if the stream ends inside a struct
   */
  public Stream<Object[]> stream(InputStream in) {
    return StructStreams.stream(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * The structs of a blocking channel until its end, as {@link #stream(InputStream)}.
   *
   * @param in the channel, owned by the returned stream from now on
   * @return a sequential stream of each struct's values
   * @throws StructError if the struct's size is 0
   */
  public Stream<Object[]> stream(ReadableByteChannel in) {
    return StructStreams.stream(ByteSource.of(in), Decoder.of(this));
  }

  /**
   * The structs of a file, read through a {@code FileChannel} in chunks: constant memory for a
   * file of any size. Closing the stream closes the file. For a memory-mapped file, map it and use
   * {@link #stream(ByteBuffer)}.
   *
   * @param file the file
   * @return a sequential stream of each struct's values
   * @throws IOException if the file cannot be opened
   * @throws StructError if the struct's size is 0
   */
  public Stream<Object[]> stream(Path file) throws IOException {
    return StructStreams.stream(file, Decoder.of(this));
  }

  /**
   * The structs of {@code data}, as {@link #iterUnpack(byte[])}: its length must be a multiple of
   * the size (checked now).
   *
   * @param data the bytes; read as they are when each struct is reached
   * @return a sized stream of each struct's values
   * @throws StructError if the length is not a multiple of the size, with CPython's message
   */
  public Stream<Object[]> stream(byte[] data) {
    return StructStreams.stream(data, Decoder.of(this));
  }

  /**
   * The structs of the remaining bytes of {@code data}, without moving its position. A direct or
   * memory-mapped buffer is read 8 KiB at a time: the mapping is never copied whole.
   *
   * @param data the bytes, from position to limit
   * @return a sized stream of each struct's values
   * @throws StructError if the remaining length is not a multiple of the size
   */
  public Stream<Object[]> stream(ByteBuffer data) {
    return StructStreams.stream(data, Decoder.of(this));
  }

  /**
   * Relative get: unpacks the struct at the buffer's position and moves the position past it, as
   * {@code ByteBuffer.getInt()} does for an int, so that a reader walks a buffer of mixed structs
   * without offset arithmetic. The buffer's byte order is not used: the format says it.
   *
   * <pre>{@code
   * Object[] header = HEADER.get(buffer);   // position += HEADER.size()
   * Object[] body = BODY.get(buffer);
   * }</pre>
   *
   * @param buffer the buffer, heap, direct or memory-mapped
   * @return the values
   * @throws StructError if fewer than {@link #size()} bytes remain (the position does not move)
   */
  public Object[] get(ByteBuffer buffer) {
    int position = StructStreams.getPosition(buffer, size());
    Object[] values = unpackFrom(buffer, position);
    buffer.position(position + size());
    return values;
  }

  /**
   * Relative put: packs {@code values} at the buffer's position and moves the position past the
   * struct, as {@code ByteBuffer.putInt(int)} does.
   *
   * @param buffer the buffer, writable
   * @param values one per item, as {@link #pack} takes them
   * @throws StructError if fewer than {@link #size()} bytes remain, the buffer is read-only or a
   *     value is wrong; then nothing is written and the position does not move
   */
  public void put(ByteBuffer buffer, Object... values) {
    int position = StructStreams.putPosition(buffer, size());
    packInto(buffer, position, values);
    buffer.position(position + size());
  }

  /**
   * Python's {@code repr} of a tuple of unpacked values, for logs:
   * {@code (b'raymond   ', 4658, 264, 8)}. Bytes print as {@code b'...'} with Python's escapes,
   * booleans as {@code True}/{@code False}, null as {@code None}, floats as Python prints them
   * ({@code 1e+16}, {@code 0.1}), a one-value tuple as {@code (1,)}.
   *
   * @param values the values, as unpack returns them (null prints as {@code None})
   * @return the text Python's {@code repr} gives for the same tuple
   */
  public static String repr(@Nullable Object @Nullable [] values) {
    return Repr.tuple(values);
  }
}
