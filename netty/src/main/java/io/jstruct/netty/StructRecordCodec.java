package io.jstruct.netty;

import io.jstruct.StructError;
import io.jstruct.StructRecord;
import io.jstruct.framing.FramingArgumentException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Frames whose payload is one bound record ({@link StructRecord}): inbound, each
 * {@link StructFrame} becomes the record its payload packs; outbound, each record becomes a
 * payload for the {@link StructFrameEncoder} in front of it. Python's
 * {@code struct.pack('!I', n) + struct.pack(fmt, *point)} on the wire, a {@code Point} in the
 * handlers.
 *
 * <pre>{@code
 * record Point(int x, int y, long t) {}
 * StructRecord<Point> POINT = StructRecord.of(Point.class, "!iiq");
 * FrameFormat format = FrameFormat.lengthPrefixed("!I");
 * pipeline.addLast(new StructFrameDecoder(format), new StructFrameEncoder(format),
 *     new StructRecordCodec<>(POINT),
 *     new SimpleChannelInboundHandler<Point>() { ... ctx.writeAndFlush(new Point(1, 2, 3)); });
 * }</pre>
 *
 * <pre>
 * +-------------+-------------+-------------+-------------------------+
 * | length (!I) | x (!i)      | y (!i)      | t (!q)                  |   --&gt;  Point[x=1, y=2, t=3]
 * | 00 00 00 10 | 00 00 00 01 | 00 00 00 02 | 00 00 00 00 00 00 00 03 |
 * +-------------+-------------+-------------+-------------------------+
 * </pre>
 *
 * <p>The record is unpacked straight from the payload's bytes and the frame released; a record is
 * packed into a buffer of exactly {@link StructRecord#size()} bytes. Header values other than the
 * length are not part of the record: inbound they are dropped, outbound they are zero. For a
 * header that carries more, handle {@link StructFrame}s and use the binding on their payloads.
 *
 * <h2>Errors</h2>
 * A payload whose length is not the record's size, or whose bytes the binding refuses (a
 * {@code ?} byte other than 0 or 1, say), is a {@link CorruptedFrameException} whose cause is the
 * {@link StructError} with CPython's message; the frame is released and decoding goes on with the
 * next one. A record the binding cannot pack (a value out of its code's range, a null string)
 * fails the write with an {@link EncoderException} caused by the {@link StructError}; nothing is
 * written.
 *
 * <p>Stateless and {@code @Sharable}, as the binding is immutable and thread-safe.
 *
 * @param <T> the record type
 */
@Sharable
public class StructRecordCodec<T> extends MessageToMessageCodec<StructFrame, T> {
  private final StructRecord<T> binding;

  /**
   * A codec for records bound by {@code binding}.
   *
   * @param binding the record's binding to its struct format
   * @throws FramingArgumentException if {@code binding} is null
   */
  public StructRecordCodec(StructRecord<T> binding) {
    super(StructFrame.class, checked(binding).recordType());
    this.binding = binding;
  }

  private static <T> StructRecord<T> checked(StructRecord<T> binding) {
    if (binding == null) {
      throw new FramingArgumentException("binding is null");
    }
    return binding;
  }

  /**
   * The binding this codec packs and unpacks with.
   *
   * @return the binding given to the constructor
   */
  public StructRecord<T> binding() {
    return binding;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, StructFrame frame, List<Object> out) {
    ByteBuf payload = frame.payload();
    T value;
    try {
      if (payload.hasArray()) {
        if (payload.readableBytes() != binding.size()) {
          // the same check and message as unpack(bytes) of a payload of that length
          value = binding.unpack(new byte[payload.readableBytes()]);
        } else {
          value = binding.unpackFrom(payload.array(),
              payload.arrayOffset() + payload.readerIndex());
        }
      } else {
        value = binding.unpack(payload.nioBuffer());
      }
    } catch (StructError e) {
      throw new CorruptedFrameException("payload of " + payload.readableBytes()
          + " bytes is not a " + binding.recordType().getSimpleName() + ": " + e.getMessage(), e);
    }
    out.add(value);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, T value, List<Object> out) {
    int size = binding.size();
    ByteBuf buf = ctx.alloc().heapBuffer(size, size);
    try {
      binding.packInto(buf.array(), buf.arrayOffset() + buf.writerIndex(), value);
    } catch (StructError e) {
      buf.release();
      throw new EncoderException(binding.recordType().getSimpleName() + " cannot be packed: "
          + e.getMessage(), e);
    }
    out.add(buf.writerIndex(buf.writerIndex() + size));
  }
}
