package io.jstruct.netty;

import io.jstruct.framing.FramingArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Arrays;

/**
 * One frame in a Netty pipeline: its header's values and its payload as a {@link ByteBuf}. It is
 * the Netty counterpart of framing's {@code Frame}, and like every {@link io.netty.buffer.ByteBufHolder}
 * it is reference-counted: whoever ends its journey through the pipeline releases it
 * ({@code ReferenceCountUtil.release(msg)}, or let {@code SimpleChannelInboundHandler} do it).
 *
 * <p>A frame {@link StructFrameDecoder} emits holds the whole header as it arrived, the length
 * field included, and its payload is a retained slice of the received bytes: no copy. Writing it
 * back through a {@link StructFrameEncoder} keeps its values and recomputes the length and
 * checksum, so a relay forwards frames unchanged without touching the payload.
 *
 * <p>A frame made with {@link #of} holds the values its caller gave (every header item but the
 * length and the checksum, in order), for the encoder to complete:
 *
 * <pre>{@code
 * // header "!BBI": type, flags, length
 * ctx.writeAndFlush(StructFrame.of(Unpooled.wrappedBuffer(bytes), 1, 0));
 * }</pre>
 *
 * <p>The values are immutable; the payload is the caller's buffer, not a copy.
 */
public final class StructFrame extends DefaultByteBufHolder {
  private static final Object[] NO_VALUES = {};

  /** The caller's values, for a frame made with {@link #of}; null for a received frame. */
  private final Object[] values;
  /**
   * For a received frame: the layout it was read with, and its header's bytes, or null when the
   * header is only the length (then {@code declared} is enough to rebuild it).
   */
  private final HeaderLayout layout;
  private final byte[] headerBytes;
  private final long declared;

  private StructFrame(ByteBuf payload, Object[] values, HeaderLayout layout, byte[] headerBytes,
      long declared) {
    super(payload);
    this.values = values;
    this.layout = layout;
    this.headerBytes = headerBytes;
    this.declared = declared;
  }

  /**
   * A frame for {@code payload} with values for the header's items other than the length and
   * checksum, in order; none gives zeros. The encoder checks them against its format.
   *
   * @param payload the payload; the frame takes over the caller's reference to it
   * @param headerValues the header's values other than the length and checksum, or none
   * @return the frame, holding {@code payload} without copying it
   * @throws FramingArgumentException if {@code payload} or {@code headerValues} is null
   */
  public static StructFrame of(ByteBuf payload, Object... headerValues) {
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    if (headerValues == null) {
      throw new FramingArgumentException("header values are null");
    }
    return new StructFrame(payload, headerValues.length == 0 ? NO_VALUES : headerValues.clone(),
        null, null, 0);
  }

  /**
   * A received frame: {@code headerBytes} is its header exactly as it arrived, or null when the
   * header is only the length field, which held {@code declared}.
   */
  static StructFrame received(HeaderLayout layout, byte[] headerBytes, long declared,
      ByteBuf payload) {
    return new StructFrame(payload, null, layout, headerBytes, declared);
  }

  /**
   * The header's values: for a received frame all of them, the length field included, as
   * {@code Struct.unpack} gives them (identical to framing's {@code Frame.header()} for the same
   * bytes); for a frame made with {@link #of}, the values given. A fresh array each call.
   *
   * @return the header's values
   */
  public Object[] header() {
    return values != null ? values.clone() : layout.values(receivedHeader());
  }

  /**
   * The payload, as {@link #content()}: a slice of the received bytes for a decoded frame.
   *
   * @return the payload buffer, owned by this frame (not retained for the caller)
   */
  public ByteBuf payload() {
    return content();
  }

  /** Values for the encoder: the caller's, or the whole received header. */
  Object[] valuesForWriting() {
    return values != null ? values : layout.values(receivedHeader());
  }

  /** The received header's bytes (rebuilt for a length-only header); only for received frames. */
  byte[] receivedHeader() {
    return headerBytes != null ? headerBytes : layout.lengthOnlyHeader(declared);
  }

  @Override
  public StructFrame replace(ByteBuf content) {
    return new StructFrame(content, values, layout, headerBytes, declared);
  }

  @Override
  public StructFrame copy() {
    return replace(content().copy());
  }

  @Override
  public StructFrame duplicate() {
    return replace(content().duplicate());
  }

  @Override
  public StructFrame retainedDuplicate() {
    return replace(content().retainedDuplicate());
  }

  @Override
  public StructFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public StructFrame retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public StructFrame touch() {
    super.touch();
    return this;
  }

  @Override
  public StructFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    String state = refCnt() > 0 ? "payloadLength=" + content().readableBytes() : "released";
    return "StructFrame{header=" + Arrays.deepToString(header()) + ", " + state + "}";
  }
}
