package io.jstruct.netty;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FramingArgumentException;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.StreamedHeaderDictFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads the tutorial's header-dict frames (see {@link HeaderDictFormat}) and emits each as a
 * {@link HeaderDictMessage}: the parsed JSON header, and the payload as a retained slice of the
 * received bytes (no copy).
 *
 * <pre>
 * BEFORE DECODE (50 bytes, prefix "i" on a little-endian host)
 * +---------------+------------------------------------------+-------------+
 * | json length   | {"filename": "a.txt", "total_size": 11}  | hello world |
 * | 27 00 00 00   | 39 bytes                                 | 11 bytes    |
 * +---------------+------------------------------------------+-------------+
 * AFTER DECODE
 *   header()  = {filename=a.txt, total_size=11}
 *   payload() = slice "hello world"
 * </pre>
 *
 * <h2>Limits and strictness</h2>
 * The same as framing's blocking {@link HeaderDictReader}, because that reader parses each header:
 * the prefix is checked against the maximum header length before the JSON is awaited, the size
 * key against the maximum payload length before the payload is awaited, and the JSON must be a
 * strict UTF-8 JSON object (no duplicate keys, no trailing content) holding a non-negative integer
 * under the size key.
 *
 * <h2>Errors and the channel's state after them</h2>
 * Each is a {@link io.netty.handler.codec.DecoderException} whose cause is the exception the
 * blocking reader throws for the same bytes:
 * <ul>
 *   <li>{@link TooLongFrameException} (cause {@code FrameTooLongException}): the size key is over
 *       the maximum payload length. The payload is discarded as it arrives and decoding goes on;
 *       the exception is passed on with {@code fireExceptionCaught} at once ({@code failFast},
 *       the default) or once the payload has been skipped.
 *   <li>{@link CorruptedFrameException}, cause {@code FrameTooLongException} (the prefix declares
 *       a JSON header over its maximum, or a negative one) or {@code MalformedHeaderException}
 *       (the JSON is bad): the payload's extent is unknown, so the decoder drops all further
 *       input. Close the channel.
 *   <li>{@link CorruptedFrameException} with cause {@code TruncatedFrameException}: the channel
 *       closed inside a frame.
 * </ul>
 *
 * <p>Not {@code @Sharable}: one per channel.
 */
public class HeaderDictFrameDecoder extends ByteToMessageDecoder {
  private final HeaderDictFormat format;
  /** The same format with no payload limit: parses a header whose size is over the maximum. */
  private final HeaderDictFormat unlimited;
  private final HeaderLayout prefix;
  private final boolean failFast;
  /** The header of the frame whose payload is awaited; null between frames. */
  private Map<String, Object> header;
  private long payloadLength;
  private final DiscardState discard = new DiscardState();

  /**
   * A decoder for {@code format} that reports a too-long payload as soon as the header is read.
   *
   * @param format the frames' format
   * @throws FramingArgumentException if {@code format} is null
   */
  public HeaderDictFrameDecoder(HeaderDictFormat format) {
    this(format, true);
  }

  /**
   * A decoder for {@code format}.
   *
   * @param format the frames' format
   * @param failFast whether a too-long payload is reported as soon as its header is read (true)
   *     or once it has been discarded (false)
   * @throws FramingArgumentException if {@code format} is null
   */
  public HeaderDictFrameDecoder(HeaderDictFormat format, boolean failFast) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.format = format;
    this.unlimited = HeaderDictFormat.builder().prefixFormat(format.prefixFormat())
        .platform(format.platform()).sizeKey(format.sizeKey())
        .maxHeaderLength(format.maxHeaderLength()).maxPayloadLength(Long.MAX_VALUE).build();
    this.prefix = new HeaderLayout(FrameFormat.builder(format.prefixFormat())
        .platform(format.platform()).maxFrameLength(format.maxHeaderLength()).build());
    this.failFast = failFast;
  }

  /**
   * The format this decoder reads.
   *
   * @return the format given to the constructor
   */
  public HeaderDictFormat format() {
    return format;
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!discard.skip(ctx, in)) {
      return;
    }
    if (header == null && !readHeader(ctx, in)) {
      return;
    }
    if (in.readableBytes() < payloadLength) {
      return;
    }
    // payloadLength <= MAX_BUF_LENGTH, checked in readHeader
    out.add(HeaderDictMessage.received(header, in.readRetainedSlice((int) payloadLength)));
    header = null;
  }

  /** Reads and parses a whole prefix and JSON header, or consumes nothing and returns false. */
  private boolean readHeader(ChannelHandlerContext ctx, ByteBuf in) {
    int prefixSize = prefix.headerSize;
    int readable = in.readableBytes();
    if (readable < prefixSize) {
      return false;
    }
    byte[] prefixBytes = new byte[prefixSize];
    in.getBytes(in.readerIndex(), prefixBytes);
    long jsonLength = prefix.payloadLength(prefix.declared(prefixBytes, 0));
    if (!prefix.accepts(jsonLength)) {
      throw fail(in, refusal(prefixBytes));
    }
    if (readable - prefixSize < jsonLength) {
      return false;
    }
    byte[] frame = new byte[prefixSize + (int) jsonLength]; // at most maxHeaderLength + prefix
    in.getBytes(in.readerIndex(), frame);
    StreamedHeaderDictFrame parsed;
    try {
      parsed = parse(frame, unlimited);
    } catch (FramingException e) {
      throw fail(in, refusal(frame));
    }
    in.skipBytes(frame.length);
    long length = parsed.payloadLength();
    if (length > format.maxPayloadLength() || length > HeaderLayout.MAX_BUF_LENGTH) {
      FramingException cause = length > format.maxPayloadLength() ? refusal(frame)
          : new FrameTooLongException("payload of " + length
              + " bytes is too long for a ByteBuf (at most " + HeaderLayout.MAX_BUF_LENGTH + ")");
      discard.start(ctx, in, length, failFast, new TooLongFrameException(cause.getMessage()
          + " - discarding the payload's " + length + " bytes", cause));
      return false;
    }
    header = Collections.unmodifiableMap(parsed.header());
    payloadLength = length;
    return true;
  }

  private static StreamedHeaderDictFrame parse(byte[] frame, HeaderDictFormat format)
      throws FramingException {
    try (HeaderDictReader reader = new HeaderDictReader(new ByteArrayInputStream(frame), format)) {
      return reader.readStreamed();
    } catch (FramingException e) {
      throw e;
    } catch (IOException e) {
      throw new AssertionError("reading from memory", e);
    }
  }

  /** The exception the blocking reader throws for these bytes (a prefix, or prefix and JSON). */
  private FramingException refusal(byte[] bytes) {
    try {
      parse(bytes, format);
    } catch (FramingException e) {
      return e;
    }
    throw new AssertionError("the blocking reader accepted a header this decoder refused");
  }

  private CorruptedFrameException fail(ByteBuf in, FramingException cause) {
    discard.fail(in);
    return new CorruptedFrameException(cause.getMessage()
        + "; the payload's extent is unknown, so this decoder drops all further input", cause);
  }

  /**
   * At the end of input, decodes what is whole; bytes of a frame cut short are dropped and
   * reported as a {@link CorruptedFrameException} caused by a {@code TruncatedFrameException}.
   */
  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    EndOfInput.decodeWhole(ctx, in, out, this::decode);
    int held = in.readableBytes();
    in.skipBytes(held);
    if (discard.dropping() || held == 0 && header == null) {
      return;
    }
    String problem = header == null && held < prefix.headerSize
        ? "expected a " + prefix.headerSize + "-byte prefix and its JSON header, got " + held
            + " bytes"
        : "expected the rest of a header-dict frame, got " + held + " bytes";
    header = null;
    throw Truncation.of(problem);
  }
}
