package io.jstruct.netty;

import io.jstruct.framing.FramingArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One header-dict frame in a Netty pipeline: the JSON header as a map and the payload as a
 * {@link ByteBuf}, the Netty counterpart of framing's {@code HeaderDictFrame}. Reference-counted
 * like every {@link io.netty.buffer.ByteBufHolder}: whoever consumes it releases it.
 *
 * <p>A message {@link HeaderDictFrameDecoder} emits holds the header with its size key, as
 * framing's {@code HeaderDictReader} parses it (JSON values as Jackson maps them: String,
 * Integer/Long/BigInteger, Double, Boolean, null, List, Map), and a retained slice of the received
 * bytes as its payload. A message made with {@link #of} may leave out the size key: the encoder
 * sets it to the payload's length.
 *
 * <p>The map is unmodifiable and keeps the header's key order.
 */
public final class HeaderDictMessage extends DefaultByteBufHolder {
  private final Map<String, Object> header;

  private HeaderDictMessage(Map<String, Object> header, ByteBuf payload) {
    super(payload);
    this.header = header;
  }

  /**
   * A message for {@code payload} with {@code header}'s entries, copied.
   *
   * @param header the JSON header's entries; the size key may be left out
   * @param payload the payload; the message takes over the caller's reference to it
   * @return the message, holding {@code payload} without copying it
   * @throws FramingArgumentException if {@code header} or {@code payload} is null
   */
  public static HeaderDictMessage of(Map<String, ?> header, ByteBuf payload) {
    if (header == null) {
      throw new FramingArgumentException("header is null");
    }
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    return new HeaderDictMessage(Collections.unmodifiableMap(new LinkedHashMap<>(header)), payload);
  }

  /** A received message: {@code header} is already an unmodifiable map of its own. */
  static HeaderDictMessage received(Map<String, Object> header, ByteBuf payload) {
    return new HeaderDictMessage(header, payload);
  }

  /**
   * The JSON header.
   *
   * @return the header's entries, unmodifiable, in the header's order
   */
  public Map<String, Object> header() {
    return header;
  }

  /**
   * The payload, as {@link #content()}.
   *
   * @return the payload buffer, owned by this message (not retained for the caller)
   */
  public ByteBuf payload() {
    return content();
  }

  @Override
  public HeaderDictMessage replace(ByteBuf content) {
    return new HeaderDictMessage(header, content);
  }

  @Override
  public HeaderDictMessage copy() {
    return replace(content().copy());
  }

  @Override
  public HeaderDictMessage duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public HeaderDictMessage retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public HeaderDictMessage retain() {
    super.retain();
    return this;
  }

  @Override
  public HeaderDictMessage retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public HeaderDictMessage touch() {
    super.touch();
    return this;
  }

  @Override
  public HeaderDictMessage touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    String state = refCnt() > 0 ? "payloadLength=" + content().readableBytes() : "released";
    return "HeaderDictMessage{header=" + header + ", " + state + "}";
  }
}
