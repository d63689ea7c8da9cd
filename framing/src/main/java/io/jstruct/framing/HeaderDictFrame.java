package io.jstruct.framing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One header-dict frame: the JSON header as a map (the size key included) and the payload.
 *
 * <p>JSON values arrive as Jackson maps them: String, Integer/Long/BigInteger, Double, Boolean,
 * null, List and Map. The map is unmodifiable and keeps the header's key order. The payload array
 * is the frame's own, not a copy; do not modify it.
 */
public final class HeaderDictFrame {
  private final Map<String, @Nullable Object> header;
  private final byte[] payload;

  HeaderDictFrame(Map<String, @Nullable Object> header, byte[] payload) {
    this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    this.payload = payload;
  }

  /**
   * The JSON header, the size key included. A JSON {@code null} is a null value, which is why
   * values are {@code @Nullable}: {@code get(key)} is null both for a missing key and for a
   * null value ({@code containsKey} tells them apart).
   *
   * @return the header, unmodifiable, in the header's key order
   */
  public Map<String, @Nullable Object> header() {
    return header;
  }

  /**
   * The payload: the frame's own array, not a copy, so a large payload costs one array.
   *
   * @return exactly the bytes the size key declared; do not modify them
   */
  public byte[] payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "HeaderDictFrame{header=" + header + ", payloadLength=" + payload.length + "}";
  }
}
