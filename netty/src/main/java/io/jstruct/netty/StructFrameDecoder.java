package io.jstruct.netty;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FramingArgumentException;
import io.jstruct.framing.FramingException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a byte stream into the frames a {@link FrameFormat} describes and emits each as a
 * {@link StructFrame}: the header's values, and the payload as a retained slice of the received
 * bytes (no copy). It reads exactly the frames framing's blocking {@code FrameReader} reads from
 * the same bytes, so a server moves from a thread per client to a Netty pipeline without touching
 * its protocol.
 *
 * <pre>{@code
 * FrameFormat format = FrameFormat.lengthPrefixed("!I");   // struct.pack('!I', len(data)) + data
 * pipeline.addLast(new StructFrameDecoder(format));        // one per channel
 * pipeline.addLast(new StructFrameEncoder(format));        // @Sharable
 * pipeline.addLast(new SimpleChannelInboundHandler<StructFrame>() {
 *   protected void channelRead0(ChannelHandlerContext ctx, StructFrame frame) {
 *     ctx.writeAndFlush(frame.retain());                   // echo: the same slice goes back out
 *   }
 * });
 * }</pre>
 *
 * <h2>A header with more than the length</h2>
 * With {@code FrameFormat.builder("!BBI").build()} (type, flags, then the length), two frames
 * glued in one read:
 *
 * <pre>
 * BEFORE DECODE (20 bytes)
 * +------+-------+-------------+---------+------+-------+-------------+-------+
 * | type | flags | length (!I) | payload | type | flags | length (!I) |payload|
 * |  01  |  00   | 00 00 00 05 | "HELLO" |  02  |  01   | 00 00 00 03 | "BYE" |
 * +------+-------+-------------+---------+------+-------+-------------+-------+
 * AFTER DECODE (two StructFrames)
 *   header() = [1, 0, 5]   payload() = slice "HELLO"
 *   header() = [2, 1, 3]   payload() = slice "BYE"
 * </pre>
 *
 * Lengths that count the header, length adjustments, any integer type and byte order for the
 * length, and a CRC32C field work as in {@link FrameFormat}'s own examples.
 *
 * <h2>Limits</h2>
 * A header's declared length is checked against {@link FrameFormat#maxFrameLength()} as soon as
 * the header's bytes are there, before anything waits for the payload: the decoder never holds
 * more than one frame's header and payload (plus whatever the peer sent after it) and allocates
 * nothing for a declared length.
 *
 * <h2>Errors and the channel's state after them</h2>
 * Every error is a {@link io.netty.handler.codec.DecoderException} whose cause is the exception
 * framing's blocking reader throws for the same bytes and the same format, with the same message.
 * The format decides what a frame over {@link FrameFormat#maxFrameLength()} costs, as it does for
 * the blocking reader:
 * <ul>
 *   <li>In discard mode ({@link FrameFormat.Builder#discardTooLongFrames}, Netty's own behaviour),
 *       a {@link TooLongFrameException} whose cause is a {@code FrameTooLongException} that
 *       {@code skipped()}: the decoder discards the frame's bytes as they arrive and decodes the
 *       frames after it. It is reported as soon as the header is read when the format
 *       {@link FrameFormat#failsFast()}, else once the whole frame has been discarded, and passed
 *       on with {@code fireExceptionCaught}, as Netty's {@code DelimiterBasedFrameDecoder} does, so
 *       the frames that follow in the same read are still decoded.
 *   <li>Otherwise, a {@link TooLongFrameException} (cause {@code FrameTooLongException}) after
 *       which the decoder drops all further input, as the blocking reader refuses further reads.
 *       Close the channel.
 *   <li>{@link CorruptedFrameException} with cause {@code FrameTooLongException}: the declared
 *       length is negative, beyond the length field's type, or smaller than the header it counts.
 *       The frame's extent is unknown, so the stream cannot be resynchronised, in discard mode
 *       too: the decoder drops all further input. Close the channel.
 *   <li>{@link CorruptedFrameException} with cause {@code ChecksumMismatchException}: a payload
 *       does not match its CRC32C. The frame is dropped (its slice released), the exception is
 *       passed on with {@code fireExceptionCaught}, and decoding goes on with the next frame.
 *   <li>{@link CorruptedFrameException} with cause {@code TruncatedFrameException}: the channel
 *       closed inside a frame; its bytes are dropped.
 * </ul>
 * The decoder never closes the channel itself (Netty's convention): the handler that receives
 * {@code exceptionCaught} decides.
 *
 * <p>Not {@code @Sharable}: it holds one channel's partial frame. Reference counting: each
 * emitted frame holds one reference to a slice of the cumulation buffer, which the handler that
 * consumes the frame releases.
 */
public class StructFrameDecoder extends ByteToMessageDecoder {
  private final HeaderLayout layout;
  private final int headerSize;
  /** The header's bytes when the cumulation buffer has no array to read them in place. */
  private final byte[] scratch;
  private final DiscardState discard = new DiscardState();

  /**
   * A decoder for {@code format}; frames over its maximum are skipped or fatal as the format's
   * discard mode says.
   *
   * @param format the frames' format
   * @throws FramingArgumentException if {@code format} is null
   */
  public StructFrameDecoder(FrameFormat format) {
    this.layout = new HeaderLayout(format);
    this.headerSize = layout.headerSize;
    this.scratch = new byte[headerSize];
  }

  /**
   * The format this decoder reads.
   *
   * @return the format given to the constructor
   */
  public FrameFormat format() {
    return layout.format;
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    StructFrame frame = decodeFrame(ctx, in);
    if (frame != null) {
      out.add(frame);
    }
  }

  /** One frame from {@code in}, or null (consuming nothing) until one is whole. */
  private StructFrame decodeFrame(ChannelHandlerContext ctx, ByteBuf in) {
    if (!discard.skip(ctx, in)) {
      return null;
    }
    int readable = in.readableBytes();
    if (readable < headerSize) {
      return null;
    }
    int start = in.readerIndex();
    byte[] header;
    int offset;
    if (in.hasArray()) {
      header = in.array();
      offset = in.arrayOffset() + start;
    } else {
      in.getBytes(start, scratch);
      header = scratch;
      offset = 0;
    }
    long declared = layout.declared(header, offset);
    long payloadLength = layout.payloadLength(declared);
    if (!layout.accepts(payloadLength)) {
      refuse(ctx, in, Arrays.copyOfRange(header, offset, offset + headerSize), payloadLength);
      return null;
    }
    if (readable - headerSize < payloadLength) {
      return null; // wait for the rest; nothing consumed
    }
    int length = (int) payloadLength; // accepts() capped it at MAX_BUF_LENGTH
    byte[] kept = layout.keepHeader ? Arrays.copyOfRange(header, offset, offset + headerSize) : null;
    ByteBuf payload = in.retainedSlice(start + headerSize, length);
    in.skipBytes(headerSize + length); // fits: both are within readable
    if (layout.checksumItem >= 0 && layout.checksum(kept) != HeaderLayout.crc32c(payload)) {
      FramingException cause;
      try {
        cause = layout.checksumRefusal(kept, payload);
      } finally {
        payload.release();
      }
      ctx.fireExceptionCaught(new CorruptedFrameException(cause.getMessage(), cause));
      return null; // consumed: decoding goes on with the next frame
    }
    return StructFrame.received(layout, kept, declared, payload);
  }

  /** Reports (or defers) the error for a refused header; the decoder's state follows the rules. */
  private void refuse(ChannelHandlerContext ctx, ByteBuf in, byte[] header, long payloadLength) {
    FramingException cause = layout.refusal(header);
    if (payloadLength < 0) {
      discard.fail(in);
      throw new CorruptedFrameException(cause.getMessage()
          + "; the frame's extent is unknown, so this decoder drops all further input", cause);
    }
    if (!layout.discard) {
      discard.fail(in);
      throw new TooLongFrameException(cause.getMessage()
          + "; not in discard mode, so this decoder drops all further input", cause);
    }
    long frameLength = headerSize + payloadLength; // no overflow: payloadLength < 2^63 - 2^31
    discard.start(ctx, in, frameLength, layout.failFast, new TooLongFrameException(
        cause.getMessage() + " - discarding the frame's " + frameLength + " bytes", cause));
  }

  /**
   * At the end of input, decodes what is whole; bytes of a frame cut short are dropped and
   * reported as a {@link CorruptedFrameException} caused by a {@code TruncatedFrameException}.
   */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    EndOfInput.decodeWhole(ctx, in, out, this::decode);
    if (!in.isReadable() || discard.dropping()) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int held = in.readableBytes();
    String problem;
    if (held < headerSize) {
      problem = "expected " + headerSize + " bytes of header, got " + held;
    } else {
      byte[] header = new byte[headerSize];
      in.getBytes(in.readerIndex(), header);
      long payloadLength = layout.payloadLength(layout.declared(header, 0));
      problem = "expected " + payloadLength + " bytes of payload, got " + (held - headerSize);
    }
    in.skipBytes(held);
    throw Truncation.of(problem);
  }
}
