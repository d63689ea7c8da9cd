package io.jstruct;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

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
  private static final StructCache CACHE = new StructCache();

  private final String format;
  private final Platform platform;
  private final Code[] codes;
  private final int size;
  private final int itemCount;
  /** Whether some bytes belong to no value (pad bytes, alignment), so pack must zero them. */
  private final boolean hasGaps;
  /** Whether value {@code i} is {@code codes[i]} (no repeat counts), for the typed accessors. */
  private final boolean oneValuePerCode;
  /**
   * Whether this struct is small enough to compile to straight-line code ({@link FieldHandles})
   * once it is hot. Building the handles costs tens of microseconds, 20 to 100 times the parse,
   * so a struct used a few times (a module-level call with a passing format, a test) never pays
   * it: until {@link #COMPILE_AFTER_USES} packs and unpacks, and for larger structs always, the
   * generic loops below run.
   */
  private final boolean compilable;
  /**
   * Null until compiled. Set once, racily (two threads may both compile; either result will do):
   * both paths give the same results. Volatile so that a thread that sees a handle sees it whole
   * (a method handle's lambda form is prepared after construction, outside final-field safety),
   * and sees the unpacker, written first, once it sees the packer. On x86 a volatile read is a
   * plain load.
   */
  private volatile MethodHandle packer;
  private volatile MethodHandle unpacker;
  /** Packs and unpacks counted toward compiling; racy, and counted only while not compiled. */
  private int uses;

  static final int COMPILE_AFTER_USES = 64;

  Struct(String format, Platform platform) {
    this(format, platform, true);
  }

  /** With {@code mayCompile} false, always the generic loops: for tests that compare both. */
  Struct(String format, Platform platform, boolean mayCompile) {
    Layout layout = FormatParser.parse(format, platform);
    this.format = format;
    this.platform = platform;
    this.codes = layout.codes;
    this.size = layout.size;
    this.itemCount = layout.itemCount;
    long covered = 0;
    for (Code code : codes) {
      covered += (long) code.size * code.repeat;
    }
    this.hasGaps = covered != size;
    this.oneValuePerCode = codes.length == itemCount;
    this.compilable = mayCompile
        && size <= FieldHandles.MAX_SIZE
        && FieldHandles.compilable(codes, itemCount);
  }

  // ---------------------------------------------------------------------------------------------
  // Compiling

  /**
   * Compiles {@code format} for this machine's native mode. Compiled structs are cached: calling
   * this again with the same format is a hash lookup.
   *
   * @throws StructError if the format is invalid, with CPython's message
   */
  public static Struct compile(String format) {
    return CACHE.get(format, Platform.host());
  }

  /**
   * Compiles {@code format} with the native sizes, alignment and byte order of {@code platform},
   * to speak native formats with a Python peer on another kind of machine.
   */
  public static Struct compile(String format, Platform platform) {
    if (platform == null) {
      throw new StructError("platform must not be null");
    }
    return CACHE.get(format, platform);
  }

  /** For tests: forgets every cached struct, as CPython's {@code _clearcache()}. */
  static void clearCache() {
    CACHE.clear();
  }

  static int cacheSize() {
    return CACHE.size();
  }

  /** The format string, as given. */
  public String format() {
    return format;
  }

  /** The platform whose native mode this struct follows. */
  public Platform platform() {
    return platform;
  }

  /** The size in bytes of the packed struct: CPython's {@code Struct.size} and {@code calcsize}. */
  public int size() {
    return size;
  }

  /** How many values {@link #pack} takes and {@link #unpack} returns. */
  public int itemCount() {
    return itemCount;
  }

  /** Whether pack and unpack run the compiled {@link FieldHandles} rather than the loops. */
  boolean compiled() {
    return packer != null;
  }

  /** Compiles now, if this struct can be compiled at all; the hot paths call this when warm. */
  void compileHandles() {
    if (compilable && packer == null) {
      unpacker = FieldHandles.unpacker(codes, itemCount);
      packer = FieldHandles.packer(codes, size);
    }
  }

  /** The compiled packer, or null while this struct is cold or too large: use the loops. */
  private MethodHandle packer() {
    MethodHandle p = packer;
    if (p == null && compilable && warmedUp()) {
      p = packer;
    }
    return p;
  }

  private MethodHandle unpacker() {
    MethodHandle u = unpacker;
    if (u == null && compilable && warmedUp()) {
      u = unpacker;
    }
    return u;
  }

  /** Counts one use; compiles and returns true when this struct has become hot. */
  private boolean warmedUp() {
    if (++uses < COMPILE_AFTER_USES) {
      return false;
    }
    compileHandles();
    return true;
  }

  int codeCount() {
    return codes.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Packing

  /**
   * Packs {@code values} into a new array of {@link #size()} bytes.
   *
   * <p>A {@code null} {@code values} array is taken as one {@code null} value, which is what
   * {@code pack(null)} means in source (and packs as false with {@code ?}).
   */
  public byte[] pack(Object... values) {
    values = nonNull(values);
    checkCount("pack", values);
    MethodHandle p = packer();
    if (p != null) {
      byte[] out = newBytes(size);
      packChecked(p, out, 0, values);
      return out;
    }
    checkValues(values);
    byte[] out = newBytes(size);
    write(out, 0, values);
    return out;
  }

  /**
   * Packs {@code values} into {@code buffer} at {@code offset}; a negative offset counts back from
   * the end. Either every byte of the struct is written or, on any error, none is.
   */
  public void packInto(byte[] buffer, int offset, Object... values) {
    values = nonNull(values);
    checkCount("pack_into", values);
    if (buffer == null) {
      throw new StructError("argument must be read-write bytes-like object, not None");
    }
    int at = packOffset(offset, buffer.length);
    checkAndWrite(buffer, at, values);
  }

  /**
   * Packs {@code values} into {@code buffer} at the absolute index {@code offset}; a negative
   * offset counts back from {@code limit()}. The buffer's position and byte order are neither used
   * nor changed. Either every byte is written or none is.
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
      checkAndWrite(buffer.array(), buffer.arrayOffset() + index, values);
    } else {
      MethodHandle p = packer();
      if (p == null) {
        checkValues(values); // before allocating, as CPython checks before it writes
      }
      byte[] packed = newBytes(size);
      if (p != null) {
        packChecked(p, packed, 0, values);
      } else {
        write(packed, 0, values);
      }
      buffer.put(index, packed);
    }
  }

  /** Module-level {@code struct.pack(format, *values)}. */
  public static byte[] pack(String format, Object... values) {
    return compile(format).pack(values);
  }

  /** Module-level {@code struct.pack_into(format, buffer, offset, *values)}. */
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

  /**
   * Checks every value, then writes them all at {@code start}, where the struct fits: through the
   * compiled packer when there is one, else the generic loops. Throws before writing any byte.
   */
  private void checkAndWrite(byte[] buffer, int start, Object[] values) {
    MethodHandle p = packer();
    if (p != null) {
      packChecked(p, buffer, start, values);
    } else {
      checkValues(values);
      write(buffer, start, values);
    }
  }

  private static void packChecked(MethodHandle packer, byte[] buffer, int start, Object[] values) {
    try {
      packer.invokeExact(values, buffer, start);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t); // the steps throw no checked exception
    }
  }

  private void checkValues(Object[] values) {
    for (Code code : codes) {
      int item = code.firstItem;
      for (int r = 0; r < code.repeat; r++) {
        FieldIo.check(code, values[item++]);
      }
    }
  }

  /** Writes checked values; cannot fail. */
  private void write(byte[] buffer, int start, Object[] values) {
    if (hasGaps) {
      Arrays.fill(buffer, start, start + size, (byte) 0); // pad bytes are zeros, as in CPython
    }
    for (Code code : codes) {
      int at = start + code.offset;
      int item = code.firstItem;
      for (int r = 0; r < code.repeat; r++) {
        FieldIo.write(buffer, at, code, values[item++]);
        at += code.size;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Unpacking

  /** Unpacks {@code data}, which must be exactly {@link #size()} bytes long. */
  public Object[] unpack(byte[] data) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if (data.length != size) {
      throw unpackSizeError();
    }
    return unpackAt(data, 0);
  }

  /**
   * Unpacks the remaining bytes of {@code data}, from its position to its limit, which must be
   * exactly {@link #size()} bytes. The position is not changed.
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

  /** Unpacks a struct at {@code offset} of {@code buffer}; a negative offset counts from the end. */
  public Object[] unpackFrom(byte[] buffer, int offset) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return unpackAt(buffer, unpackOffset(offset, buffer.length));
  }

  /** Unpacks a struct at the start of {@code buffer}: {@code unpack_from(buffer)}. */
  public Object[] unpackFrom(byte[] buffer) {
    return unpackFrom(buffer, 0);
  }

  /**
   * Unpacks a struct at the absolute index {@code offset} of {@code buffer}; a negative offset
   * counts back from {@code limit()}. The position is neither used nor changed.
   */
  public Object[] unpackFrom(ByteBuffer buffer, int offset) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return unpackAt(buffer, unpackOffset(offset, buffer.limit()));
  }

  /** Module-level {@code struct.unpack(format, data)}. */
  public static Object[] unpack(String format, byte[] data) {
    return compile(format).unpack(data);
  }

  /** Module-level {@code struct.unpack_from(format, buffer, offset)}. */
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
      MethodHandle u = unpacker();
      if (u != null) {
        return (Object[]) u.invokeExact(buffer, start);
      }
      Object[] values = new Object[itemCount];
      for (Code code : codes) {
        int at = start + code.offset;
        int item = code.firstItem;
        for (int r = 0; r < code.repeat; r++) {
          values[item++] = FieldIo.read(buffer, at, code);
          at += code.size;
        }
      }
      return values;
    } catch (OutOfMemoryError e) {
      // Nothing half-built survives: the partial tuple is garbage once we throw.
      throw new StructError(
          "out of memory unpacking " + itemCount + " values from " + size + " bytes");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError(t); // the steps throw no checked exception
    }
  }

  /**
   * A new array for a packed struct or a copy of one. Like CPython's MemoryError, a struct the heap
   * cannot hold fails cleanly, here with a StructError, and nothing is lost.
   */
  private static byte[] newBytes(int byteCount) {
    try {
      return new byte[byteCount];
    } catch (OutOfMemoryError e) {
      throw new StructError("out of memory allocating " + byteCount + " bytes");
    }
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

  /** Module-level {@code struct.calcsize(format)}. */
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
   * @throws StructError if the struct does not fit at {@code offset}, or the item is not such a code
   */
  public int getInt(byte[] buffer, int offset, int item) {
    Code code = code(item);
    if (!fitsInt(code.op)) {
      throw typeMismatch(item, code, "whose values do not all fit an int: use getLong");
    }
    return (int) FieldIo.readInteger(buffer, fieldIndex(buffer, offset, item, code), code.op);
  }

  /**
   * Reads an integer value as a long. Unsigned 64-bit codes ({@code Q N P}, native {@code L}) give
   * their bits, as {@code Long.toUnsignedString} and Guava's {@code UnsignedLong.fromLongBits}
   * expect them.
   */
  public long getLong(byte[] buffer, int offset, int item) {
    Code code = code(item);
    if (!Op.isInteger(code.op)) {
      throw typeMismatch(item, code, "not an integer");
    }
    return FieldIo.readInteger(buffer, fieldIndex(buffer, offset, item, code), code.op);
  }

  /** Reads an {@code e}, {@code f} or {@code d} value as a double. */
  public double getDouble(byte[] buffer, int offset, int item) {
    Code code = code(item);
    if (!Op.isFloat(code.op)) {
      throw typeMismatch(item, code, "not a float");
    }
    return FieldIo.readFloat(buffer, fieldIndex(buffer, offset, item, code), code.op);
  }

  /** Reads a {@code ?} value: any non-zero byte is true. */
  public boolean getBoolean(byte[] buffer, int offset, int item) {
    Code code = code(item);
    if (code.op != Op.BOOL) {
      throw typeMismatch(item, code, "not a bool");
    }
    return buffer[fieldIndex(buffer, offset, item, code)] != 0;
  }

  /**
   * Writes an int to an integer value, range-checked as {@link #pack} checks it; other values of the
   * struct, and its pad bytes, are left as they are.
   */
  public void putInt(byte[] buffer, int offset, int item, int value) {
    putLong(buffer, offset, item, value, true);
  }

  /**
   * Writes a long to an integer value, range-checked as {@link #pack} checks it, except that
   * unsigned 64-bit codes ({@code Q N P}, native {@code L}) take the value's bits, the inverse of
   * {@link #getLong}.
   */
  public void putLong(byte[] buffer, int offset, int item, long value) {
    putLong(buffer, offset, item, value, false);
  }

  private void putLong(byte[] buffer, int offset, int item, long value, boolean fromInt) {
    Code code = code(item);
    int op = code.op;
    if (!Op.isInteger(op)) {
      throw typeMismatch(item, code, "not an integer");
    }
    boolean bits = !fromInt && (op == Op.U64_BE || op == Op.U64_LE);
    if (!bits) {
      FieldChecks.inRange(code.def, value);
    }
    FieldIo.writeInteger(buffer, fieldIndex(buffer, offset, item, code), op, value);
  }

  /** Writes a double to an {@code e}, {@code f} or {@code d} value, with pack's overflow checks. */
  public void putDouble(byte[] buffer, int offset, int item, double value) {
    Code code = code(item);
    int op = code.op;
    if (!Op.isFloat(op)) {
      throw typeMismatch(item, code, "not a float");
    }
    if (op == Op.F16_BE || op == Op.F16_LE) {
      Half.toBits(value);
    } else if (op == Op.F32_BE || op == Op.F32_LE) {
      FieldIo.checkFloat(value);
    }
    FieldIo.writeFloat(buffer, fieldIndex(buffer, offset, item, code), op, value);
  }

  /** Writes a {@code ?} value as 1 or 0. */
  public void putBoolean(byte[] buffer, int offset, int item, boolean value) {
    Code code = code(item);
    if (code.op != Op.BOOL) {
      throw typeMismatch(item, code, "not a bool");
    }
    buffer[fieldIndex(buffer, offset, item, code)] = value ? (byte) 1 : (byte) 0;
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
   * @throws StructError if there is no such item or its values do not all fit an int, with
   *     {@code getInt}'s message
   */
  public IntField intField(int item) {
    Code code = code(item);
    if (!fitsInt(code.op)) {
      throw typeMismatch(item, code, "whose values do not all fit an int: use getLong");
    }
    return FieldAccessors.intField(this, item, code, position(item, code));
  }

  /**
   * An accessor for integer value number {@code item} as a long, as {@link #getLong} and
   * {@link #putLong} read and write it: unsigned 64-bit codes ({@code Q N P}, native {@code L})
   * as their bits.
   *
   * @throws StructError if there is no such item or it is not an integer, with getLong's message
   */
  public LongField longField(int item) {
    Code code = code(item);
    if (!Op.isInteger(code.op)) {
      throw typeMismatch(item, code, "not an integer");
    }
    return FieldAccessors.longField(this, item, code, position(item, code));
  }

  /**
   * An accessor for {@code e}, {@code f} or {@code d} value number {@code item}, as
   * {@link #getDouble} and {@link #putDouble} read and write it.
   *
   * @throws StructError if there is no such item or it is not a float, with getDouble's message
   */
  public DoubleField doubleField(int item) {
    Code code = code(item);
    if (!Op.isFloat(code.op)) {
      throw typeMismatch(item, code, "not a float");
    }
    return FieldAccessors.doubleField(this, item, code, position(item, code));
  }

  private static boolean fitsInt(int op) {
    return op >= Op.I8 && op <= Op.I32_LE;
  }

  /** The code that holds value number {@code item}. */
  private Code code(int item) {
    if (item < 0 || item >= itemCount) {
      throw new StructError(
          "item index " + item + " out of range for a struct of " + itemCount + " items");
    }
    if (oneValuePerCode) {
      return codes[item];
    }
    int lo = 0;
    int hi = codes.length - 1;
    while (lo < hi) { // the last code whose firstItem <= item
      int mid = (lo + hi + 1) >>> 1;
      if (codes[mid].firstItem <= item) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return codes[lo];
  }

  /** The array index of value {@code item}, after checking that the whole struct fits there. */
  private int fieldIndex(byte[] buffer, int offset, int item, Code code) {
    FieldChecks.structFits(buffer, offset, size);
    return offset + position(item, code);
  }

  /** Where value {@code item} of {@code code} starts, from the start of the struct. */
  private static int position(int item, Code code) {
    return code.offset + (item - code.firstItem) * code.size;
  }

  private static StructError typeMismatch(int item, Code code, String problem) {
    return new StructError("item " + item + " is '" + code.def.code + "', " + problem);
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
    for (Code code : codes) {
      s.append(separator).append(code);
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
  public Object[] read(InputStream in) throws IOException {
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
  public Object[] read(ReadableByteChannel in) throws IOException {
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
   * The structs of the remaining bytes of {@code data}, read in place (a memory-mapped buffer is
   * not copied), without moving its position.
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
  public static String repr(Object[] values) {
    return Repr.tuple(values);
  }
}
