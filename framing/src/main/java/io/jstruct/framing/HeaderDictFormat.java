package io.jstruct.framing;

import io.jstruct.Platform;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tutorial's header-dict frames: a struct length prefix, a UTF-8 JSON object describing the
 * payload (its size under {@code "total_size"}, plus anything else: a file name, a checksum), then
 * the payload. In Python:
 *
 * <pre>
 * header_bytes = json.dumps({'filename': 'a.txt', 'total_size': len(data)}).encode('utf-8')
 * conn.send(struct.pack('i', len(header_bytes)))
 * conn.send(header_bytes)
 * conn.sendall(data)
 * </pre>
 *
 * <pre>
 * +---------------+------------------------------------------------+-------------+
 * | json length   | JSON header, UTF-8                             | payload     |
 * | (i, native)   | {"filename": "a.txt", "total_size": 11}        | 11 bytes    |
 * | 27 00 00 00   | 39 bytes                                       |             |
 * +---------------+------------------------------------------------+-------------+
 * </pre>
 *
 * <p>Defaults: prefix {@code "i"} (native, as the tutorial's {@code struct.pack('i', ...)}), size
 * key {@code "total_size"}, JSON header at most 64 KiB, payload at most 16 MiB.
 *
 * <p>JSON is parsed by Jackson, strictly: duplicate keys and trailing content are errors, nesting
 * is bounded. It is written as Python's {@code json.dumps} writes it with default arguments
 * ({@code ", "} and {@code ": "} separators, non-ASCII as lowercase {@code \\uXXXX} escapes), so
 * Java and Python send the same bytes for the same header of strings, integers, booleans, nulls,
 * lists and objects. Floating-point numbers may be spelled differently ({@code 1e-05} and
 * {@code 1.0E-5}); both sides read either.
 *
 * <p>The header is read as the tutorial's Python reads it,
 * {@code json.loads(header_bytes.decode('utf-8'))}: strict UTF-8 first, so overlong forms
 * ({@code C0 AF}), encoded surrogates (CESU-8's {@code ED A0 80}), a byte order mark and UTF-16 or
 * UTF-32 text are {@link MalformedHeaderException}s naming the bad byte and its offset, as Python
 * refuses each of them.
 *
 * <p><b>Jackson is optional.</b> jstruct-framing declares jackson-databind as an optional
 * dependency: programs that use header dicts declare it themselves, and programs that use only
 * fixed headers ({@link FrameFormat}) never load it. Without it, {@link #standard()} and
 * {@link Builder#build()} throw a {@link FramingArgumentException} naming the coordinates.
 * Every format shares one JSON mapper.
 *
 * <p>Immutable and thread-safe.
 */
public final class HeaderDictFormat {
  /** The tutorial's key for the payload's size, {@code "total_size"}. */
  public static final String DEFAULT_SIZE_KEY = "total_size";
  /** 64 KiB: the default largest JSON header, far above any real header and far below harm. */
  public static final int DEFAULT_MAX_HEADER_LENGTH = 64 * 1024;

  /** Maven coordinates of Jackson, the optional dependency that header dicts need. */
  static final String JACKSON = "com.fasterxml.jackson.core:jackson-databind";
  private static final @Nullable Throwable JACKSON_MISSING = jacksonMissing();

  private final FrameFormat prefix;
  private final String sizeKey;
  private final int maxHeaderLength;
  private final long maxPayloadLength;
  /** Shared by every format: parsing and spelling JSON do not depend on the configuration. */
  private final HeaderJson json;

  private HeaderDictFormat(Builder b) {
    this.sizeKey = b.sizeKey;
    this.maxHeaderLength = b.maxHeaderLength;
    this.maxPayloadLength = b.maxPayloadLength;
    this.prefix = FrameFormat.builder(b.prefixFormat).platform(b.platform)
        .maxFrameLength(b.maxHeaderLength).build();
    if (prefix.struct().itemCount() != 1) {
      throw new FramingArgumentException("the prefix is one integer field; '" + b.prefixFormat
          + "' has " + prefix.struct().itemCount() + " items");
    }
    this.json = headerJson();
  }

  /**
   * The shared JSON codec, or a clear error when Jackson is missing. The check comes first
   * because {@link HeaderJson} cannot even be loaded without Jackson.
   */
  private static HeaderJson headerJson() {
    Throwable cause = JACKSON_MISSING;
    if (cause == null) {
      try {
        return HeaderJson.get();
      } catch (LinkageError e) { // present but unusable, e.g. an incompatible version
        cause = e;
      }
    }
    throw new FramingArgumentException("header dicts need Jackson, an optional dependency of "
        + "jstruct-framing that is missing: add " + JACKSON + " (2.x, e.g. 2.18.2) to your "
        + "build; on the module path, also 'requires com.fasterxml.jackson.databind' in your "
        + "module or --add-modules com.fasterxml.jackson.databind. Fixed-header frames "
        + "(FrameFormat, FrameReader, FrameWriter, FrameDecoder) need no JSON library", cause);
  }

  /** Why Jackson cannot be loaded, or null when it can; looked up once, without linking it. */
  private static @Nullable Throwable jacksonMissing() {
    try {
      Class.forName("com.fasterxml.jackson.databind.ObjectMapper", false,
          HeaderDictFormat.class.getClassLoader());
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return e;
    }
  }

  /**
   * The tutorial's format: prefix {@code "i"} (native), size key {@code "total_size"}, default
   * limits. One shared instance.
   *
   * @return the format
   * @throws FramingArgumentException if jackson-databind, an optional dependency, is missing
   *     (the message names its Maven coordinates)
   */
  public static HeaderDictFormat standard() {
    if (JACKSON_MISSING != null) {
      headerJson(); // throws the error that names the dependency, not the holder's
    }
    return Standard.INSTANCE;
  }

  /** Lazy holder, so that loading this class never needs Jackson. */
  private static final class Standard {
    static final HeaderDictFormat INSTANCE = builder().build();
  }

  /**
   * Starts describing a format; every setting has the tutorial's default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The struct format of the JSON header's length prefix.
   *
   * @return the format, {@code "i"} by default
   */
  public String prefixFormat() {
    return prefix.headerFormat();
  }

  /**
   * The key that holds the payload's size.
   *
   * @return the key, {@code "total_size"} by default
   */
  public String sizeKey() {
    return sizeKey;
  }

  /**
   * The largest JSON header accepted, checked before any memory is set aside for it.
   *
   * @return the limit in bytes
   */
  public int maxHeaderLength() {
    return maxHeaderLength;
  }

  /**
   * The largest payload accepted, checked before any memory is set aside for it.
   *
   * @return the limit in bytes
   */
  public long maxPayloadLength() {
    return maxPayloadLength;
  }

  /**
   * The platform that gives a native prefix such as {@code "i"} its size and byte order.
   *
   * @return the platform, the host's by default
   */
  public Platform platform() {
    return prefix.platform();
  }

  FrameFormat prefix() {
    return prefix;
  }

  /**
   * Parses a received JSON header.
   *
   * @throws MalformedHeaderException if it is not UTF-8 JSON holding an object
   */
  Map<String, @Nullable Object> parse(byte[] bytes) throws MalformedHeaderException {
    return json.parseObject(decodeUtf8(bytes), bytes.length, preview(bytes));
  }

  /**
   * Decodes a header as Python's {@code header_bytes.decode('utf-8')} does, then refuses what
   * its {@code json.loads} would refuse before parsing: a byte order mark, and the NUL bytes of
   * UTF-16 or UTF-32 text. Overlong forms ({@code C0 AF}), encoded surrogates (CESU-8's
   * {@code ED A0 80}), code points over U+10FFFF and cut sequences are malformed, as in Python.
   *
   * @throws MalformedHeaderException naming the first bad byte and its offset
   */
  static String decodeUtf8(byte[] bytes) throws MalformedHeaderException {
    for (int i = 0; i < Math.min(bytes.length, 4); i++) {
      if (bytes[i] == 0) {
        throw new MalformedHeaderException("the " + bytes.length + "-byte header has a NUL byte "
            + "at offset " + i + ": it looks like UTF-16 or UTF-32 text, and header dicts are "
            + "UTF-8 JSON" + preview(bytes));
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // never more chars than bytes
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      throw new MalformedHeaderException("the " + bytes.length + "-byte header is not valid "
          + "UTF-8: " + describeMalformed(bytes, at) + preview(bytes));
    }
    out.flip();
    if (out.length() > 0 && out.charAt(0) == '\ufeff') {
      throw new MalformedHeaderException("the header starts with a UTF-8 byte order mark "
          + "(ef bb bf), which Python's json.loads refuses too: send the JSON without it"
          + preview(bytes));
    }
    return out.toString();
  }

  /** What is wrong at {@code at}, in the words of Python's UTF-8 codec, with a likely cause. */
  private static String describeMalformed(byte[] bytes, int at) {
    int b = bytes[at] & 0xff;
    int next = at + 1 < bytes.length ? bytes[at + 1] & 0xff : -1;
    String where = String.format("byte 0x%02x at offset %d", b, at);
    if (at == 0 && (b == 0xfe || b == 0xff)) {
      return where + " is a UTF-16 or UTF-32 byte order mark: header dicts are UTF-8 JSON";
    }
    if (b == 0xc0 || b == 0xc1) {
      return where + " is an invalid start byte (an overlong form, as in Java's modified UTF-8)";
    }
    if (b < 0xc2 || b > 0xf4) {
      return where + " is an invalid start byte";
    }
    if (b == 0xed && next >= 0xa0 && next <= 0xbf) {
      return where + " starts an encoded surrogate (CESU-8 or Java's modified UTF-8), which "
          + "UTF-8 forbids";
    }
    if (b == 0xe0 && next >= 0x80 && next < 0xa0 || b == 0xf0 && next >= 0x80 && next < 0x90) {
      return where + " starts an overlong form, which UTF-8 forbids";
    }
    if (next < 0) {
      return where + " starts a sequence that the header cuts short";
    }
    return where + " is followed by an invalid continuation byte";
  }

  /**
   * The payload length a parsed header declares.
   *
   * @throws MalformedHeaderException if the size key is missing, not an integer, or negative
   * @throws FrameTooLongException if it is over the maximum payload length
   */
  long payloadLength(Map<String, @Nullable Object> header) throws FramingException {
    if (!header.containsKey(sizeKey)) {
      throw new MalformedHeaderException("the header has no \"" + sizeKey + "\" key: "
          + "keys are " + header.keySet());
    }
    Object size = header.get(sizeKey);
    if (!(size instanceof Integer || size instanceof Long || size instanceof BigInteger)) {
      throw new MalformedHeaderException("\"" + sizeKey + "\" must be an integer, got "
          + describe(size));
    }
    BigInteger value = size instanceof BigInteger ? (BigInteger) size
        : BigInteger.valueOf(((Number) size).longValue());
    if (value.signum() < 0) {
      throw new MalformedHeaderException("\"" + sizeKey + "\" is negative: " + value);
    }
    if (value.compareTo(BigInteger.valueOf(maxPayloadLength)) > 0) {
      throw new FrameTooLongException("\"" + sizeKey + "\" declares a payload of " + value
          + " bytes, over the maximum of " + maxPayloadLength);
    }
    return value.longValue();
  }

  /** The header as JSON, the way Python's {@code json.dumps(header)} spells it. */
  byte[] serialize(Map<String, ? extends @Nullable Object> header) {
    return json.serialize(header);
  }

  /** The shared JSON codec, for tests that check it is made once. */
  HeaderJson json() {
    return json;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String type = value instanceof String ? "string" : value instanceof Double ? "number"
        : value instanceof Boolean ? "boolean" : value instanceof Map ? "object"
        : value instanceof java.util.List ? "array" : value.getClass().getSimpleName();
    String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return type + " " + text;
  }

  /** The header's first bytes, printable, with a protocol hint when they look like text. */
  private static String preview(byte[] json) {
    int n = Math.min(json.length, 32);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int b = json[i] & 0xff;
      text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return " (starts with '" + text + (json.length > n ? "...'" : "'") + ")";
  }

  @Override
  public String toString() {
    return "HeaderDictFormat{prefix='" + prefix.headerFormat() + "', sizeKey='" + sizeKey
        + "', maxHeaderLength=" + maxHeaderLength + ", maxPayloadLength=" + maxPayloadLength + "}";
  }

  /** Describes a {@link HeaderDictFormat}. */
  public static final class Builder {
    private String prefixFormat = "i";
    private String sizeKey = DEFAULT_SIZE_KEY;
    private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
    private long maxPayloadLength = FrameFormat.DEFAULT_MAX_FRAME_LENGTH;
    private Platform platform = Platform.host();

    private Builder() {}

    /**
     * The struct format of the JSON header's length prefix: {@code "i"} by default, as the
     * tutorial's {@code struct.pack('i', len(header_bytes))}.
     *
     * @param format one integer field, such as {@code "i"} or {@code "!I"}
     * @return this builder
     * @throws FramingArgumentException if {@code format} is null
     */
    public Builder prefixFormat(String format) {
      if (format == null) {
        throw new FramingArgumentException("prefix format is null");
      }
      this.prefixFormat = format;
      return this;
    }

    /**
     * The key that holds the payload's size: {@code "total_size"} by default.
     *
     * @param key the key
     * @return this builder
     * @throws FramingArgumentException if {@code key} is null or empty
     */
    public Builder sizeKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new FramingArgumentException("size key is null or empty");
      }
      this.sizeKey = key;
      return this;
    }

    /**
     * The largest JSON header accepted, in bytes: 64 KiB by default.
     *
     * @param bytes the limit, at least 2 ({@code "{}"})
     * @return this builder
     * @throws FramingArgumentException if {@code bytes} is under 2
     */
    public Builder maxHeaderLength(int bytes) {
      if (bytes < 2) {
        throw new FramingArgumentException("maxHeaderLength must be >= 2 (\"{}\"), got " + bytes);
      }
      this.maxHeaderLength = bytes;
      return this;
    }

    /**
     * The largest payload accepted, in bytes: 16 MiB by default.
     *
     * @param bytes the limit
     * @return this builder
     * @throws FramingArgumentException if {@code bytes} is negative
     */
    public Builder maxPayloadLength(long bytes) {
      if (bytes < 0) {
        throw new FramingArgumentException("maxPayloadLength must be >= 0, got " + bytes);
      }
      this.maxPayloadLength = bytes;
      return this;
    }

    /**
     * The platform for a native prefix such as {@code "i"}: the host's by default; set it to
     * talk to a peer whose native {@code int} differs.
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
     * Checks the settings and makes the format, sharing the one JSON mapper.
     *
     * @return the format, immutable and thread-safe: make it once and share it
     * @throws FramingArgumentException if the prefix is not one integer field, or if
     *     jackson-databind, an optional dependency, is missing (the message names its Maven
     *     coordinates)
     */
    public HeaderDictFormat build() {
      return new HeaderDictFormat(this);
    }
  }
}
