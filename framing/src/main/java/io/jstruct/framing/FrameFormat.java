package io.jstruct.framing;

import io.jstruct.Platform;
import io.jstruct.Struct;
import io.jstruct.StructError;
import io.jstruct.StructField;
import java.math.BigInteger;

/**
 * Immutable description of a frame: a header described by a {@link Struct} format, one integer
 * field of which holds the payload's length, then the payload.
 *
 * <p>The tutorial's frame, {@code struct.pack('i', len(data)) + data}, is
 * {@code FrameFormat.lengthPrefixed("i")}:
 *
 * <pre>
 * BEFORE DECODE (9 bytes)                 AFTER DECODE
 * +------------------+--------------+      header()  = [5]
 * |  length (i, LE)  |   payload    |      payload() = "HELLO"
 * |  05 00 00 00     |  "HELLO"     |
 * +------------------+--------------+
 * </pre>
 *
 * <p>A richer header, {@code FrameFormat.builder("!BBI").build()} (type, flags, then the length,
 * which by default is the last integer field):
 *
 * <pre>
 * BEFORE DECODE (11 bytes)                          AFTER DECODE
 * +------+-------+-------------+------------+       header()  = [1, 0, 5]
 * | type | flags | length (!I) |  payload   |       payload() = "HELLO"
 * |  01  |  00   | 00 00 00 05 |  "HELLO"   |
 * +------+-------+-------------+------------+
 * </pre>
 *
 * <p>When the length counts the header too ({@link Builder#lengthIncludesHeader}):
 *
 * <pre>
 * FrameFormat.builder("!H").lengthIncludesHeader(true).build()
 * BEFORE DECODE (7 bytes)                 AFTER DECODE
 * +-------------+-----------+             header()  = [7]
 * | length (!H) |  payload  |             payload() = "HELLO"   (7 - 2 header bytes)
 * |    00 07    |  "HELLO"  |
 * +-------------+-----------+
 * </pre>
 *
 * <p>{@link Builder#lengthAdjustment} covers other conventions, as in Netty's
 * {@code LengthFieldBasedFrameDecoder}: payload length = declared + adjustment (− header size when
 * the length includes the header). A peer whose length leaves out a 2-byte CRC-16 trailer:
 *
 * <pre>
 * FrameFormat.builder("&lt;H").lengthAdjustment(2).build()
 * BEFORE DECODE (9 bytes)                       AFTER DECODE
 * +-------------+---------+---------+           header()  = [5]
 * | length (&lt;H) |  data   | crc-16  |           payload() = "HELLO" + the 2 trailer bytes
 * |    05 00    | "HELLO" |  xx xx  |
 * +-------------+---------+---------+
 * </pre>
 *
 * <p>With a {@link Builder#checksumField checksum field}, the writer stores the payload's CRC32C
 * (Castagnoli, {@link java.util.zip.CRC32C}) there and readers check it:
 *
 * <pre>
 * FrameFormat.builder("!II").lengthField(0).checksumField(1).build()
 * +-------------+--------------+-----------+
 * | length (!I) | crc32c (!I)  |  payload  |
 * | 00 00 00 05 | e8 8e 8c 58  |  "HELLO"  |
 * +-------------+--------------+-----------+
 * </pre>
 *
 * <p><b>Hostile input.</b> Every declared length is checked before any memory is set aside for the
 * payload: over {@link #maxFrameLength()}, negative, or beyond the field's type fails with a
 * {@link FrameTooLongException}, and readers then grow the payload buffer with the bytes that
 * actually arrive, never with the claim.
 */
public final class FrameFormat {
  /** 16 MiB: the default largest payload. */
  public static final long DEFAULT_MAX_FRAME_LENGTH = 16L * 1024 * 1024;

  /** The largest {@code byte[]} a JVM reliably allocates. */
  static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

  private final Struct header;
  private final int lengthItem;
  private final IntegerField lengthField;
  private final boolean lengthIncludesHeader;
  private final int lengthAdjustment;
  private final long maxFrameLength;
  /** Discard mode: skip frames over the maximum and go on; and whether to report at the header. */
  private final boolean discardTooLongFrames;
  private final boolean failFast;
  private final int checksumItem;
  /** The items the caller sets: all but the length and checksum, in order. */
  private final int[] valueItems;
  /** A header with every value zero, the starting point for writes without values. */
  private final byte[] zeroHeader;
  /** The zero values of every item, as {@link Struct#unpack} gives them. */
  private final Object[] zeroValues;

  private FrameFormat(Builder b, Struct header, int lengthItem, IntegerField lengthField,
      int[] valueItems, byte[] zeroHeader, Object[] zeroValues) {
    this.header = header;
    this.lengthItem = lengthItem;
    this.lengthField = lengthField;
    this.lengthIncludesHeader = b.lengthIncludesHeader;
    this.lengthAdjustment = b.lengthAdjustment;
    this.maxFrameLength = b.maxFrameLength;
    this.discardTooLongFrames = b.discardTooLongFrames;
    this.failFast = b.failFast;
    this.checksumItem = b.checksumItem;
    this.valueItems = valueItems;
    this.zeroHeader = zeroHeader;
    this.zeroValues = zeroValues;
  }

  /**
   * A header that is just the length: {@code "i"} (native, as Python's {@code struct.pack('i', n)}
   * on this machine), {@code "!I"}, {@code "<H"}, {@code "!Q"}...
   *
   * @param headerFormat a struct format of one integer field
   * @return the format, with default limits
   * @throws FramingArgumentException if the format is invalid or is not one integer field
   */
  public static FrameFormat lengthPrefixed(String headerFormat) {
    FrameFormat format = builder(headerFormat).build();
    if (format.header.itemCount() != 1) {
      throw new FramingArgumentException(
          "a length prefix is one integer field; '" + headerFormat + "' has "
              + format.header.itemCount() + " items: use FrameFormat.builder");
    }
    return format;
  }

  /**
   * Starts describing a frame whose header has the struct format {@code headerFormat}.
   *
   * @param headerFormat the header's struct format, checked by {@link Builder#build()}
   * @return a new builder
   * @throws FramingArgumentException if {@code headerFormat} is null
   */
  public static Builder builder(String headerFormat) {
    return new Builder(headerFormat);
  }

  /**
   * The header's struct format string.
   *
   * @return the format as given
   */
  public String headerFormat() {
    return header.format();
  }

  /**
   * The header's size, as Python's {@code struct.calcsize} gives it.
   *
   * @return the size in bytes
   */
  public int headerSize() {
    return header.size();
  }

  /**
   * The largest payload a frame may carry, checked before any memory is set aside for it.
   *
   * @return the limit in bytes (the header is not counted)
   */
  public long maxFrameLength() {
    return maxFrameLength;
  }

  /**
   * Whether readers and decoders skip a frame over {@link #maxFrameLength()} and go on with the
   * next one (discard mode), rather than refusing further input.
   *
   * @return true in discard mode
   * @see Builder#discardTooLongFrames
   */
  public boolean discardsTooLongFrames() {
    return discardTooLongFrames;
  }

  /**
   * In discard mode, whether a too-long frame is reported as soon as its header is read (true)
   * or once its payload has been skipped (false).
   *
   * @return true to report at the header
   * @see Builder#discardTooLongFrames
   */
  public boolean failsFast() {
    return failFast;
  }

  /**
   * Which header value holds the length.
   *
   * @return its index among the header's values
   */
  public int lengthField() {
    return lengthItem;
  }

  /**
   * Which header value holds the payload's CRC32C.
   *
   * @return its index among the header's values, or -1 when there is none
   */
  public int checksumField() {
    return checksumItem;
  }

  /**
   * Whether the declared length counts the header's bytes too.
   *
   * @return true if it does
   */
  public boolean lengthIncludesHeader() {
    return lengthIncludesHeader;
  }

  /**
   * What is added to the declared length to give the payload length (before subtracting the
   * header when the length includes it).
   *
   * @return the adjustment, 0 by default
   */
  public int lengthAdjustment() {
    return lengthAdjustment;
  }

  /**
   * The platform that gives native formats their sizes and byte order.
   *
   * @return the platform, the host's by default
   */
  public Platform platform() {
    return header.platform();
  }

  /**
   * How many values a frame's caller sets, as {@link Frame#of(byte[], Object...)} takes them.
   *
   * @return the header's items but the length and checksum
   */
  public int valueCount() {
    return valueItems.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Package-private machinery for readers, writers and the decoder

  Struct struct() {
    return header;
  }

  boolean hasChecksum() {
    return checksumItem >= 0;
  }

  /** Whether the header carries anything but the length, so a frame must keep its bytes. */
  boolean headerHasValues() {
    return header.itemCount() > 1;
  }

  /**
   * The payload length the header at {@code offset} declares, checked against every limit.
   *
   * @throws FrameTooLongException if it is over the maximum, negative, or beyond the field's type
   */
  long payloadLength(byte[] buffer, int offset) throws FrameTooLongException {
    long declared = header.getLong(buffer, offset, lengthItem);
    if (declared < 0) {
      if (lengthField.unsigned64) {
        throw tooLong(buffer, offset, "declared length "
            + Long.toUnsignedString(declared) + " is beyond any frame this reader can hold");
      }
      throw tooLong(buffer, offset, "declared length " + declared + " is negative");
    }
    if (declared > Long.MAX_VALUE - Integer.MAX_VALUE) {
      throw tooLong(buffer, offset, "declared length " + declared + " is over the maximum of "
          + maxFrameLength);
    }
    long payload = declared + lengthAdjustment - (lengthIncludesHeader ? header.size() : 0);
    if (payload < 0) {
      throw tooLong(buffer, offset, "declared length " + declared
          + " gives a negative payload length (" + payload + ")"
          + (lengthIncludesHeader ? ": it must count the " + header.size() + "-byte header" : ""));
    }
    if (payload > maxFrameLength) {
      String problem = "declared length " + declared + " gives a payload of " + payload
          + " bytes, over the maximum of " + maxFrameLength;
      if (discardTooLongFrames) {
        throw new FrameTooLongException(problem + "; discard mode skips the frame and goes on"
            + textHint(buffer, offset, header.size()), payload);
      }
      throw tooLong(buffer, offset, problem);
    }
    return payload;
  }

  private FrameTooLongException tooLong(byte[] buffer, int offset, String problem) {
    return new FrameTooLongException(problem + textHint(buffer, offset, header.size()));
  }

  /**
   * "; the header bytes look like text 'GET ': ..." when every byte is printable ASCII, else "".
   */
  static String textHint(byte[] buffer, int offset, int length) {
    if (length < 2) {
      return "";
    }
    StringBuilder text = new StringBuilder(length + 2);
    for (int i = offset; i < offset + length; i++) {
      int b = buffer[i] & 0xff;
      if (b == '\r') {
        text.append("\\r");
      } else if (b == '\n') {
        text.append("\\n");
      } else if (b == '\t') {
        text.append("\\t");
      } else if (b >= 0x20 && b < 0x7f) {
        text.append((char) b);
      } else {
        return "";
      }
    }
    return "; the header bytes look like text '" + text
        + "': the peer probably speaks another protocol";
  }

  /**
   * The length value to declare for a payload of {@code payloadLength} bytes.
   *
   * @throws FrameTooLongException if the payload is over the maximum or the field cannot hold it
   */
  long declaredLength(long payloadLength) throws FrameTooLongException {
    if (payloadLength > maxFrameLength) {
      throw new FrameTooLongException("payload of " + payloadLength
          + " bytes is over the maximum frame length of " + maxFrameLength);
    }
    long declared = payloadLength - lengthAdjustment + (lengthIncludesHeader ? header.size() : 0);
    if (declared < 0 || declared > lengthField.max) {
      throw new FrameTooLongException("payload of " + payloadLength
          + " bytes needs a declared length of " + declared + ", which the length field (item "
          + lengthItem + " of '" + header.format() + "') cannot hold: it takes 0 to "
          + lengthField.max);
    }
    return declared;
  }

  /**
   * Writes the header for a payload into {@code buffer} at {@code offset}. {@code values} are
   * either the caller's values (see {@link #valueCount()}), none for all zeros, or a whole header
   * as a read frame gives it, whose length and checksum are replaced.
   *
   * @throws io.jstruct.StructError if a value does not fit its field; bytes of {@code buffer}
   *     from {@code offset} may then hold part of a header, which the caller has not published
   */
  void writeHeader(byte[] buffer, int offset, long declared, Object[] values, long crc) {
    if (values.length == 0) {
      System.arraycopy(zeroHeader, 0, buffer, offset, zeroHeader.length);
    } else if (values.length == valueItems.length) {
      Object[] all = zeroValues.clone();
      for (int i = 0; i < valueItems.length; i++) {
        all[valueItems[i]] = values[i];
      }
      header.packInto(buffer, offset, all);
    } else if (values.length == header.itemCount()) {
      Object[] all = values.clone();
      all[lengthItem] = 0;
      if (checksumItem >= 0) {
        all[checksumItem] = 0;
      }
      header.packInto(buffer, offset, all);
    } else {
      throw new FramingArgumentException(valueCountMessage(values.length));
    }
    header.putLong(buffer, offset, lengthItem, declared);
    if (checksumItem >= 0) {
      header.putLong(buffer, offset, checksumItem, crc);
    }
  }

  String valueCountMessage(int given) {
    return "header '" + header.format() + "' takes " + valueItems.length
        + " values (every item but the length" + (checksumItem >= 0 ? " and checksum" : "")
        + "), or all " + header.itemCount() + " as a read frame gives them; got " + given;
  }

  /** A header that declares {@code payloadLength}, with zero for the other values. */
  byte[] headerFor(long payloadLength) {
    byte[] bytes = new byte[header.size()];
    try {
      writeHeader(bytes, 0, declaredLength(payloadLength), new Object[0], 0);
    } catch (FrameTooLongException e) {
      throw new IllegalStateException(e); // only asked for lengths the format accepted
    }
    return bytes;
  }

  @Override
  public String toString() {
    return "FrameFormat{header='" + header.format() + "', lengthField=" + lengthItem
        + (lengthIncludesHeader ? ", lengthIncludesHeader" : "")
        + (lengthAdjustment != 0 ? ", lengthAdjustment=" + lengthAdjustment : "")
        + (checksumItem >= 0 ? ", checksumField=" + checksumItem : "")
        + ", maxFrameLength=" + maxFrameLength
        + (discardTooLongFrames ? ", discardTooLongFrames(failFast=" + failFast + ")" : "") + "}";
  }

  /** What the length and checksum checks need to know about an integer field. */
  static final class IntegerField {
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The largest value it holds, capped at {@code Long.MAX_VALUE}. */
    final long max;
    /** Whether it is an unsigned 64-bit field, whose {@code getLong} gives bits. */
    final boolean unsigned64;

    IntegerField(long max, boolean unsigned64) {
      this.max = max;
      this.unsigned64 = unsigned64;
    }

    /** {@code field} as the checks see it: null if it is not an integer field. */
    static IntegerField of(StructField field) {
      if (!field.isInteger()) {
        return null;
      }
      boolean unsigned64 = field.max().bitLength() > 63;
      return new IntegerField(field.max().min(LONG_MAX).longValue(), unsigned64);
    }
  }

  /** Describes a {@link FrameFormat}; every setting is checked by {@link #build()}. */
  public static final class Builder {
    private final String headerFormat;
    private int lengthItem = -1;
    private boolean lengthIncludesHeader;
    private int lengthAdjustment;
    private long maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private boolean discardTooLongFrames;
    private boolean failFast;
    private Platform platform = Platform.host();
    private int checksumItem = -1;

    private Builder(String headerFormat) {
      if (headerFormat == null) {
        throw new FramingArgumentException("header format is null");
      }
      this.headerFormat = headerFormat;
    }

    /**
     * Which header value holds the length; by default the last integer field.
     *
     * @param itemIndex the value's index, checked by {@link #build()}
     * @return this builder
     */
    public Builder lengthField(int itemIndex) {
      this.lengthItem = itemIndex;
      return this;
    }

    /**
     * Whether the declared length counts the header's bytes too; false by default.
     *
     * @param includesHeader true if the peer's length counts the header
     * @return this builder
     */
    public Builder lengthIncludesHeader(boolean includesHeader) {
      this.lengthIncludesHeader = includesHeader;
      return this;
    }

    /**
     * Netty-style: declared length + {@code n} (− header size if included) = payload length;
     * 0 by default.
     *
     * @param n the adjustment, such as 2 for a 2-byte trailer the length leaves out
     * @return this builder
     */
    public Builder lengthAdjustment(int n) {
      this.lengthAdjustment = n;
      return this;
    }

    /**
     * The largest payload accepted, in bytes; 16 MiB by default. Readers check a declared
     * length against it before setting any memory aside.
     *
     * @param bytes the limit
     * @return this builder
     * @throws FramingArgumentException if {@code bytes} is negative
     */
    public Builder maxFrameLength(long bytes) {
      if (bytes < 0) {
        throw new FramingArgumentException("maxFrameLength must be >= 0, got " + bytes);
      }
      this.maxFrameLength = bytes;
      return this;
    }

    /**
     * Discard mode, as Netty's {@code LengthFieldBasedFrameDecoder} has it: a frame whose payload
     * is over {@link #maxFrameLength} but whose length is otherwise sound is skipped, its payload
     * read and dropped without being held, and the reader or decoder goes on with the next
     * frame, so one oversized message does not cost the connection. Each skipped frame is
     * reported as a {@link FrameTooLongException} whose {@link FrameTooLongException#skipped()}
     * is true; catch it, log it, and read on. Off by default: a too-long frame is then fatal.
     *
     * <p>A length that cannot be trusted stays fatal even here: negative, smaller than the
     * header it counts, or beyond what the field or a {@code long} can hold.
     *
     * <pre>
     * FrameFormat.builder("!I").maxFrameLength(16).discardTooLongFrames(true).build()
     * +-------------+-----------------+-------------+---------+
     * | 00 00 00 20 | 32 bytes        | 00 00 00 05 | "HELLO" |
     * +-------------+-----------------+-------------+---------+
     *   read(): FrameTooLongException (skipped)     read(): "HELLO"
     * </pre>
     *
     * @param failFast true to report as soon as the header is read, before the payload is
     *     skipped (a blocking reader then skips it at the next read; the caller may close
     *     instead, without waiting for it); false to report once the whole frame is skipped
     * @return this builder
     */
    public Builder discardTooLongFrames(boolean failFast) {
      this.discardTooLongFrames = true;
      this.failFast = failFast;
      return this;
    }

    /**
     * The platform for native formats such as {@code "i"}; the host's by default; set it to
     * talk to a peer whose native sizes or byte order differ.
     *
     * @param platform the platform
     * @return this builder
     * @throws FramingArgumentException if {@code platform} is null
     */
    public Builder platform(Platform platform) {
      if (platform == null) {
        throw new FramingArgumentException("platform is null");
      }
      this.platform = platform;
      return this;
    }

    /**
     * Which header value holds the payload's CRC32C: an integer field that holds every 32-bit
     * unsigned value ({@code I}, {@code L}, {@code Q}, {@code q}...). None by default.
     *
     * @param itemIndex the value's index, checked by {@link #build()}
     * @return this builder
     */
    public Builder checksumField(int itemIndex) {
      this.checksumItem = itemIndex;
      return this;
    }

    /**
     * Checks every setting and makes the format.
     *
     * @return the format, immutable and thread-safe: make it once and share it
     * @throws FramingArgumentException if the format is invalid, has no integer field, names a
     *     field that is not an integer, or the checksum field cannot hold a CRC32C
     */
    public FrameFormat build() {
      Struct struct;
      try {
        struct = Struct.compile(headerFormat, platform);
      } catch (StructError e) {
        throw new FramingArgumentException(
            "invalid header format '" + headerFormat + "': " + e.getMessage(), e);
      }
      int items = struct.itemCount();
      Object[] zeros = struct.unpack(new byte[struct.size()]);
      IntegerField[] fields = new IntegerField[items];
      for (int i = 0; i < items; i++) {
        fields[i] = IntegerField.of(struct.fields().get(i));
      }
      if (checksumItem != -1) {
        checkItem("checksum", checksumItem, items, fields);
        IntegerField crc = fields[checksumItem];
        if (!crc.unsigned64 && crc.max < 0xffffffffL) {
          throw new FramingArgumentException("checksum field " + checksumItem + " of '"
              + headerFormat + "' cannot hold a CRC32C (0 to 4294967295): use I, L or Q");
        }
      }
      int length = lengthItem;
      if (length == -1) {
        for (int i = items - 1; i >= 0 && length == -1; i--) {
          if (fields[i] != null && i != checksumItem) {
            length = i;
          }
        }
        if (length == -1) {
          throw new FramingArgumentException(
              "header format '" + headerFormat + "' has no integer field to hold the length");
        }
      }
      checkItem("length", length, items, fields);
      if (length == checksumItem) {
        throw new FramingArgumentException(
            "item " + length + " cannot be both the length and the checksum field");
      }
      int[] valueItems = new int[items - 1 - (checksumItem >= 0 ? 1 : 0)];
      for (int i = 0, v = 0; i < items; i++) {
        if (i != length && i != checksumItem) {
          valueItems[v++] = i;
        }
      }
      byte[] zeroHeader = struct.pack(zeros);
      return new FrameFormat(this, struct, length, fields[length], valueItems, zeroHeader, zeros);
    }

    private void checkItem(String role, int item, int items, IntegerField[] fields) {
      if (item < 0 || item >= items) {
        throw new FramingArgumentException(role + " field " + item + " is out of range: '"
            + headerFormat + "' has " + items + " items");
      }
      if (fields[item] == null) {
        throw new FramingArgumentException(role + " field " + item + " of '" + headerFormat
            + "' is not an integer field");
      }
    }
  }
}
