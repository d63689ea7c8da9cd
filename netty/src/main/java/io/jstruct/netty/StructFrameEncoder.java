package io.jstruct.netty;

import io.jstruct.StructError;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FramingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes frames in a {@link FrameFormat}: prepends the header to each outbound payload, the
 * length (and CRC32C, if the format has a checksum field) filled in. It accepts a
 * {@link StructFrame} (its values, or a received frame's whole header with the length and checksum
 * recomputed) or a plain {@link ByteBuf} (header values zero). Every other message passes by.
 *
 * <pre>
 * FrameFormat.lengthPrefixed("!I")
 * BEFORE ENCODE (5 bytes)        AFTER ENCODE (two buffers, 9 bytes on the wire)
 * +---------+                    +-------------+---------+
 * | "HELLO" |          -----&gt;    | 00 00 00 05 | "HELLO" |
 * +---------+                    +-------------+---------+
 * </pre>
 *
 * <p>Like Netty's {@code LengthFieldPrepender}, it writes the header as a buffer of its own and
 * passes the payload on as it is: the payload is never copied. It writes exactly the bytes
 * framing's blocking {@code FrameWriter} writes for the same frame.
 *
 * <h2>Errors</h2>
 * A payload over the format's maximum, or too long for the length field, fails the write's
 * promise with an {@link EncoderException} whose cause is the blocking writer's
 * {@code FrameTooLongException}; wrong header values fail it with one whose cause is a
 * {@code FramingArgumentException} or {@code StructError}. Nothing is written then and the
 * message is released; the channel stays usable.
 *
 * <p>Immutable and {@code @Sharable}: one instance can serve every channel.
 */
@Sharable
public class StructFrameEncoder extends MessageToMessageEncoder<Object> {
  private static final Object[] NO_VALUES = {};

  private final HeaderLayout layout;

  /**
   * An encoder for {@code format}.
   *
   * @param format the frames' format
   * @throws io.jstruct.framing.FramingArgumentException if {@code format} is null
   */
  public StructFrameEncoder(FrameFormat format) {
    this.layout = new HeaderLayout(format);
  }

  /**
   * The format this encoder writes.
   *
   * @return the format given to the constructor
   */
  public FrameFormat format() {
    return layout.format;
  }

  /**
   * Whether this encoder writes {@code msg}: a {@link StructFrame} or a {@link ByteBuf}.
   *
   * @param msg an outbound message
   * @return true for the messages this encoder frames
   */
  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof StructFrame || msg instanceof ByteBuf;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    ByteBuf payload;
    byte[] header;
    try {
      if (msg instanceof StructFrame) {
        StructFrame frame = (StructFrame) msg;
        payload = frame.content();
        header = header(frame, payload);
      } else {
        payload = (ByteBuf) msg;
        header = layout.header(payload, NO_VALUES);
      }
    } catch (FramingException | StructError | IllegalArgumentException e) {
      throw new EncoderException(e.getMessage(), e);
    }
    out.add(Unpooled.wrappedBuffer(header));
    out.add(payload.retain()); // the encoder releases msg; the payload goes on, not copied
  }

  private byte[] header(StructFrame frame, ByteBuf payload) throws FramingException {
    // a received frame's whole header goes through the same pack as framing's FrameWriter, so
    // even its pad bytes come out as the blocking writer writes them
    return layout.header(payload, frame.valuesForWriting());
  }
}
