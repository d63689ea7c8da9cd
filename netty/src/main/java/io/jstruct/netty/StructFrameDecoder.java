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
 * framing's blocking reader throws for the same bytes, with the same message:
 * <ul>
 *   <li>{@link TooLongFrameException} (cause {@code FrameTooLongException}): a frame declares a
 *       payload over the maximum. As Netty's {@code LengthFieldBasedFrameDecoder} does, the
 *       decoder then <em>discards</em> the frame's bytes as they arrive and decodes the frames
 *       after it. With {@code failFast} (the default) the exception comes as soon as the header is
 *       read; without it, once the whole frame has been discarded. It is passed on with
 *       {@code fireExceptionCaught}, as Netty's {@code DelimiterBasedFrameDecoder} does, so the
 *       frames that follow in the same read are still decoded.
 *   <li>{@link CorruptedFrameException} with cause {@code FrameTooLongException}: the declared
 *       length is negative, beyond the length field's type, or smaller than the header it counts.
 *       The frame's extent is unknown, so the stream cannot be resynchronised: the decoder throws
 *       (Netty passes the exception on) and drops everything after it. Close the channel.
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
  private final boolean failFast;
  /** The header's bytes when the cumulation buffer has no array to read them in place. */
  private final byte[] scratch;
  /** Bytes of a too-long frame still to be skipped as they arrive. */
  private long bytesToDiscard;
  /** Without failFast: the exception to throw once the too-long frame is discarded. */
  private TooLongFrameException deferred;
  /** Set when the stream cannot be resynchronised: all further input is dropped. */
  private boolean failed;

  /**
   * A decoder for {@code format} that reports a too-long frame as soon as its header is read.
   *
   * @param format the frames' format
   * @throws FramingArgumentException if {@code format} is null
   */
  public StructFrameDecoder(FrameFormat format) {
    this(format, true);
  }

  /**
   * A decoder for {@code format}.
   *
   * @param format the frames' format
   * @param failFast whether a too-long frame is reported as soon as its header is read (true) or
   *     only once all its bytes have been discarded (false), as in Netty's
   *     {@code LengthFieldBasedFrameDecoder}
   * @throws FramingArgumentException if {@code format} is null
   */
  public StructFrameDecoder(FrameFormat format, boolean failFast) {
    this.layout = new HeaderLayout(format);
    this.headerSize = layout.headerSize;
    this.failFast = failFast;
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
    if (failed) {
      in.skipBytes(in.readableBytes());
      return null;
    }
    if (bytesToDiscard > 0 && !discard(ctx, in)) {
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
    int readable = in.readableBytes();
    if (payloadLength < 0) {
      failed = true;
      in.skipBytes(readable);
      throw new CorruptedFrameException(cause.getMessage()
          + "; the frame's extent is unknown, so this decoder drops all further input", cause);
    }
    long frameLength = headerSize + payloadLength; // no overflow: payloadLength < 2^63 - 2^31
    int skipped = (int) Math.min(frameLength, readable);
    in.skipBytes(skipped);
    bytesToDiscard = frameLength - skipped;
    TooLongFrameException e = new TooLongFrameException(cause.getMessage()
        + " - discarding the frame's " + frameLength + " bytes", cause);
    if (failFast || bytesToDiscard == 0) {
      ctx.fireExceptionCaught(e);
    } else {
      deferred = e;
    }
  }

  /** Skips discarded bytes; true once the too-long frame is gone (reporting a deferred error). */
  private boolean discard(ChannelHandlerContext ctx, ByteBuf in) {
    int skipped = (int) Math.min(bytesToDiscard, in.readableBytes());
    in.skipBytes(skipped);
    bytesToDiscard -= skipped;
    if (bytesToDiscard > 0) {
      return false;
    }
    if (deferred != null) {
      TooLongFrameException e = deferred;
      deferred = null;
      ctx.fireExceptionCaught(e);
    }
    return true;
  }

  /**
   * At the end of input, decodes what is whole; bytes of a frame cut short are dropped and
   * reported as a {@link CorruptedFrameException} caused by a {@code TruncatedFrameException}.
   */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    while (in.isReadable()) {
      int before = in.readableBytes();
      int frames = out.size();
      decode(ctx, in, out);
      if (before == in.readableBytes() && frames == out.size()) {
        break;
      }
    }
    if (!in.isReadable() || failed || bytesToDiscard > 0) {
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
