package io.jstruct.framing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jstruct.Platform;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * <p>Immutable and thread-safe.
 */
public final class HeaderDictFormat {
  public static final String DEFAULT_SIZE_KEY = "total_size";
  public static final int DEFAULT_MAX_HEADER_LENGTH = 64 * 1024;

  private static final HeaderDictFormat STANDARD = builder().build();

  private final FrameFormat prefix;
  private final String sizeKey;
  private final int maxHeaderLength;
  private final long maxPayloadLength;
  private final ObjectMapper mapper;
  private final ObjectWriter writer;

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
    this.mapper = newMapper();
    this.writer = mapper.writer(new PythonSeparators());
  }

  private static ObjectMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .build();
    factory.setCharacterEscapes(new PythonEscapes());
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /** The tutorial's format: prefix {@code "i"}, size key {@code "total_size"}. */
  public static HeaderDictFormat standard() {
    return STANDARD;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String prefixFormat() {
    return prefix.headerFormat();
  }

  public String sizeKey() {
    return sizeKey;
  }

  public int maxHeaderLength() {
    return maxHeaderLength;
  }

  public long maxPayloadLength() {
    return maxPayloadLength;
  }

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
  Map<String, Object> parse(byte[] json) throws MalformedHeaderException {
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (IOException e) {
      throw new MalformedHeaderException("the " + json.length
          + "-byte header is not valid UTF-8 JSON: " + firstLine(e) + preview(json), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedHeaderException("the header is empty: expected a JSON object");
    }
    if (!node.isObject()) {
      throw new MalformedHeaderException("the header is JSON " + node.getNodeType().name()
          .toLowerCase(java.util.Locale.ROOT) + ", not an object" + preview(json));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = mapper.convertValue(node, LinkedHashMap.class);
    return map;
  }

  /**
   * The payload length a parsed header declares.
   *
   * @throws MalformedHeaderException if the size key is missing, not an integer, or negative
   * @throws FrameTooLongException if it is over the maximum payload length
   */
  long payloadLength(Map<String, Object> header) throws FramingException {
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
  byte[] serialize(Map<String, ?> header) {
    try {
      return writer.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new FramingArgumentException("header cannot be written as JSON: " + e.getMessage(), e);
    }
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

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
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

  /**
   * Python's {@code ensure_ascii} escapes DEL (0x7f) too, which Jackson leaves as it is; every
   * other character is escaped alike by both (control characters, quote, backslash, non-ASCII).
   */
  private static final class PythonEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
      ASCII[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ASCII.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  /** Python's default separators: {@code ", "} between entries and {@code ": "} after keys. */
  private static final class PythonSeparators extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }

  /** Describes a {@link HeaderDictFormat}. */
  public static final class Builder {
    private String prefixFormat = "i";
    private String sizeKey = DEFAULT_SIZE_KEY;
    private int maxHeaderLength = DEFAULT_MAX_HEADER_LENGTH;
    private long maxPayloadLength = FrameFormat.DEFAULT_MAX_FRAME_LENGTH;
    private Platform platform = Platform.host();

    private Builder() {}

    /** The struct format of the JSON header's length prefix: {@code "i"} by default. */
    public Builder prefixFormat(String format) {
      if (format == null) {
        throw new FramingArgumentException("prefix format is null");
      }
      this.prefixFormat = format;
      return this;
    }

    /** The key that holds the payload's size: {@code "total_size"} by default. */
    public Builder sizeKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new FramingArgumentException("size key is null or empty");
      }
      this.sizeKey = key;
      return this;
    }

    /** The largest JSON header accepted, in bytes: 64 KiB by default. */
    public Builder maxHeaderLength(int bytes) {
      if (bytes < 2) {
        throw new FramingArgumentException("maxHeaderLength must be >= 2 (\"{}\"), got " + bytes);
      }
      this.maxHeaderLength = bytes;
      return this;
    }

    /** The largest payload accepted, in bytes: 16 MiB by default. */
    public Builder maxPayloadLength(long bytes) {
      if (bytes < 0) {
        throw new FramingArgumentException("maxPayloadLength must be >= 0, got " + bytes);
      }
      this.maxPayloadLength = bytes;
      return this;
    }

    /** The platform for a native prefix such as {@code "i"}: the host's by default. */
    public Builder platform(Platform platform) {
      if (platform == null) {
        throw new FramingArgumentException("platform is null");
      }
      this.platform = platform;
      return this;
    }

    public HeaderDictFormat build() {
      return new HeaderDictFormat(this);
    }
  }
}
