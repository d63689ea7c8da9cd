package io.jstruct.netty;

import io.jstruct.framing.FramingArgumentException;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes {@link HeaderDictMessage}s as the tutorial's header-dict frames: the struct prefix, the
 * JSON header with its size key set to the payload's length, then the payload, byte for byte as
 * framing's blocking {@link HeaderDictWriter} writes them (which writes them here: Python's
 * {@code json.dumps} spelling lives in one place).
 *
 * <p>Unlike {@link StructFrameEncoder}, it copies the payload into the frame's buffer, after the
 * JSON: header dicts carry files and commands, where one copy is small beside the JSON work.
 *
 * <h2>Errors</h2>
 * A payload or JSON header over its maximum fails the write's promise with an
 * {@link EncoderException} whose cause is the blocking writer's {@code FrameTooLongException}; a
 * size key that disagrees with the payload, or a value JSON cannot hold, with one whose cause is a
 * {@link FramingArgumentException}. Nothing is written then; the channel stays usable.
 *
 * <p>Immutable and {@code @Sharable}.
 */
@Sharable
public class HeaderDictFrameEncoder extends MessageToByteEncoder<HeaderDictMessage> {
  private final HeaderDictFormat format;

  /**
   * An encoder for {@code format}.
   *
   * @param format the frames' format
   * @throws FramingArgumentException if {@code format} is null
   */
  public HeaderDictFrameEncoder(HeaderDictFormat format) {
    super(HeaderDictMessage.class);
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.format = format;
  }

  /**
   * The format this encoder writes.
   *
   * @return the format given to the constructor
   */
  public HeaderDictFormat format() {
    return format;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, HeaderDictMessage msg, ByteBuf out) {
    ByteBuf payload = msg.content();
    int length = payload.readableBytes();
    int start = out.writerIndex();
    try (InputStream in = new ByteBufInputStream(payload.duplicate());
        HeaderDictWriter writer = new HeaderDictWriter(new ByteBufOutputStream(out), format)) {
      writer.write(msg.header(), in, length);
    } catch (IOException | IllegalArgumentException e) {
      out.writerIndex(start); // nothing of a refused frame goes out
      throw new EncoderException(e.getMessage(), e);
    }
  }
}
