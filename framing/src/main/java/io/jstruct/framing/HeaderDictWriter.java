package io.jstruct.framing;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.WritableByteChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes the tutorial's header-dict frames (see {@link HeaderDictFormat}): the JSON header's
 * length, the header, the payload.
 *
 * <pre>{@code
 * HeaderDictWriter writer =
 *     new HeaderDictWriter(socket.getOutputStream(), HeaderDictFormat.standard());
 * writer.write(Map.of("filename", "a.txt"), data);
 * // 27 00 00 00 {"filename": "a.txt", "total_size": 11} + the 11 bytes
 * }</pre>
 *
 * <p>The writer sets the size key itself: where the caller's map has it, its value must equal the
 * payload's length and keeps its place; otherwise it is added last. Keys keep the map's iteration
 * order. Each frame is sent and flushed before {@code write} returns, unless the writer was made
 * with {@code flushEachFrame = false}. Not thread-safe.
 */
public final class HeaderDictWriter implements Closeable, Flushable {
  private final HeaderDictFormat format;
  private final FrameWriter frames;

  /**
   * A writer that sends each frame before {@code write} returns.
   *
   * @param out the stream; closed by {@link #close()}
   * @param format the prefix, size key and limits
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public HeaderDictWriter(OutputStream out, HeaderDictFormat format) {
    this(ByteOutput.of(out), format, true);
  }

  /**
   * A writer that may batch small frames until {@link #flush}.
   *
   * @param out the stream; closed by {@link #close()}
   * @param format the prefix, size key and limits
   * @param flushEachFrame true to send each frame before {@code write} returns
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public HeaderDictWriter(OutputStream out, HeaderDictFormat format, boolean flushEachFrame) {
    this(ByteOutput.of(out), format, flushEachFrame);
  }

  /**
   * A writer to a channel in blocking mode that sends each frame before {@code write} returns.
   *
   * @param out the channel, in blocking mode; closed by {@link #close()}
   * @param format the prefix, size key and limits
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public HeaderDictWriter(WritableByteChannel out, HeaderDictFormat format) {
    this(ByteOutput.of(out), format, true);
  }

  private HeaderDictWriter(ByteOutput out, HeaderDictFormat format, boolean flushEachFrame) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.format = format;
    // The JSON header is the payload of a length-prefixed frame; the real payload follows it raw.
    this.frames = new FrameWriter(out, format.prefix(), flushEachFrame);
  }

  /**
   * The format this writer writes.
   *
   * @return the format given to the constructor
   */
  public HeaderDictFormat format() {
    return format;
  }

  /**
   * Writes {@code header} (with the size key set to {@code payload.length}) and {@code payload}.
   *
   * @param header the header's entries, in the order they are written; values as JSON takes
   *     them (strings, numbers, booleans, nulls, lists, maps)
   * @param payload the payload
   * @throws FramingException if an earlier failure left the output stream corrupt
   * @throws IOException if the underlying stream fails
   * @throws FrameTooLongException if the payload or the JSON header is over its maximum; nothing
   *     is written then
   * @throws FramingArgumentException if the header holds the size key with another value, or a
   *     value JSON cannot represent
   */
  public void write(Map<String, ? extends @Nullable Object> header, byte[] payload)
      throws IOException {
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    byte[] json = headerBytes(header, payload.length);
    frames.writeHeaderDict(json, payload);
  }

  /**
   * Writes {@code header} (with the size key set to {@code length}), then the next {@code length}
   * bytes of {@code payload}, in constant memory. {@code payload} is not closed.
   *
   * @param header the header's entries, as for {@link #write(Map, byte[])}
   * @param payload where the payload's bytes come from; not closed
   * @param length how many bytes of {@code payload} to send
   * @throws FramingArgumentException if an argument is null or {@code length} is negative
   * @throws FrameTooLongException if the payload or the JSON header is over its maximum;
   *     nothing is written then
   * @throws IOException if the underlying stream or {@code payload} fails
   * @throws TruncatedFrameException if {@code payload} ends early: the header is already sent,
   *     so the output stream is corrupt and the writer refuses further frames
   */
  public void write(Map<String, ? extends @Nullable Object> header, InputStream payload,
      long length) throws IOException {
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    if (length < 0) {
      throw new FramingArgumentException("length must be >= 0, got " + length);
    }
    byte[] json = headerBytes(header, length);
    frames.writeHeaderDict(json, payload, length);
  }

  private byte[] headerBytes(Map<String, ? extends @Nullable Object> header, long payloadLength) throws FramingException {
    if (header == null) {
      throw new FramingArgumentException("header is null");
    }
    if (payloadLength > format.maxPayloadLength()) {
      throw new FrameTooLongException("payload of " + payloadLength
          + " bytes is over the maximum of " + format.maxPayloadLength());
    }
    String key = format.sizeKey();
    Map<String, @Nullable Object> withSize = new LinkedHashMap<>(header);
    if (withSize.containsKey(key)) {
      Object given = withSize.get(key);
      if (!(given instanceof Number) || !sameInteger((Number) given, payloadLength)) {
        throw new FramingArgumentException("header's \"" + key + "\" is " + given
            + " but the payload has " + payloadLength + " bytes");
      }
    }
    withSize.put(key, payloadLength);
    byte[] json = format.serialize(withSize);
    if (json.length > format.maxHeaderLength()) {
      throw new FrameTooLongException("JSON header of " + json.length
          + " bytes is over the maximum of " + format.maxHeaderLength());
    }
    return json;
  }

  private static boolean sameInteger(Number n, long value) {
    if (n instanceof BigInteger) {
      return n.equals(BigInteger.valueOf(value));
    }
    if (n instanceof Double || n instanceof Float) {
      return false;
    }
    return n.longValue() == value;
  }

  /**
   * Sends the buffered frames and flushes the underlying stream.
   *
   * @throws IOException if the underlying stream fails
   */
  @Override
  public void flush() throws IOException {
    frames.flush();
  }

  /**
   * Flushes, then closes the underlying stream or channel.
   *
   * @throws IOException if flushing or closing fails
   */
  @Override
  public void close() throws IOException {
    frames.close();
  }
}
