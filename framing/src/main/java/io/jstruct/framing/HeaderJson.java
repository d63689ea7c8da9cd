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
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The only class of this module that links Jackson: header dicts' JSON, read and written as the
 * tutorial's Python does it. Keeping Jackson here means a program that uses fixed headers only
 * never loads a Jackson class, so jackson-databind can be an optional dependency. Only
 * {@link HeaderDictFormat} reaches this class, after checking that Jackson is there (this class
 * cannot even be verified without it) and naming the missing dependency if it is not.
 *
 * <p>One mapper and one writer serve every {@link HeaderDictFormat}: nothing in a format's
 * configuration changes how JSON is parsed or spelled, and Jackson's mappers and writers are
 * thread-safe once configured.
 */
final class HeaderJson {
  private final ObjectMapper mapper;
  private final ObjectWriter writer;

  private HeaderJson() {
    JsonFactory factory = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
        .build();
    factory.setCharacterEscapes(new PythonEscapes());
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    this.writer = mapper.writer(new PythonSeparators());
  }

  /**
   * The shared instance, made on first use. Callers check {@link HeaderDictFormat}'s guard
   * first: this class cannot even be loaded without Jackson.
   */
  static HeaderJson get() {
    return Holder.INSTANCE;
  }

  /** The mapper, for tests that check it is shared. */
  ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Parses already-decoded JSON text into an object's entries, in order.
   *
   * @param text the header as text, decoded from strict UTF-8 by the caller
   * @param byteCount the header's size on the wire, for messages
   * @param preview the header's first bytes, printable, for messages
   * @return the object's entries
   * @throws MalformedHeaderException if the text is not one JSON object
   */
  Map<String, @Nullable Object> parseObject(String text, int byteCount, String preview)
      throws MalformedHeaderException {
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (IOException e) {
      throw new MalformedHeaderException("the " + byteCount
          + "-byte header is not valid JSON: " + firstLine(e) + preview, e);
    }
    if (node == null || node.isMissingNode()) {
      throw new MalformedHeaderException("the header is empty: expected a JSON object");
    }
    if (!node.isObject()) {
      throw new MalformedHeaderException("the header is JSON "
          + node.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an object" + preview);
    }
    @SuppressWarnings("unchecked")
    Map<String, @Nullable Object> map = mapper.convertValue(node, LinkedHashMap.class);
    return map;
  }

  /**
   * The header as JSON, the way Python's {@code json.dumps(header)} spells it.
   *
   * @throws FramingArgumentException if a value cannot be written as JSON
   */
  byte[] serialize(Map<String, ? extends @Nullable Object> header) {
    try {
      return writer.writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new FramingArgumentException("header cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Lazy holder: Jackson is first loaded when a header dict format is first built. */
  private static final class Holder {
    static final HeaderJson INSTANCE = new HeaderJson();
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
    public @Nullable SerializableString getEscapeSequence(int ch) {
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
}
