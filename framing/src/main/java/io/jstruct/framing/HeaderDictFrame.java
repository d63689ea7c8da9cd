package io.jstruct.framing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One header-dict frame: the JSON header as a map (the size key included) and the payload.
 *
 * <p>JSON values arrive as Jackson maps them: String, Integer/Long/BigInteger, Double, Boolean,
 * null, List and Map. The map is unmodifiable and keeps the header's key order. The payload array
 * is the frame's own, not a copy; do not modify it.
 */
public final class HeaderDictFrame {
  private final Map<String, Object> header;
  private final byte[] payload;

  HeaderDictFrame(Map<String, Object> header, byte[] payload) {
    this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    this.payload = payload;
  }

  public Map<String, Object> header() {
    return header;
  }

  public byte[] payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "HeaderDictFrame{header=" + header + ", payloadLength=" + payload.length + "}";
  }
}
