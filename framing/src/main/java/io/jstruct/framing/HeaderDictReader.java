package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the tutorial's header-dict frames (see {@link HeaderDictFormat}) from a blocking stream.
 *
 * <pre>{@code
 * HeaderDictFormat format = HeaderDictFormat.standard();
 * try (HeaderDictReader reader = new HeaderDictReader(socket.getInputStream(), format)) {
 *   StreamedHeaderDictFrame file = reader.readStreamed();
 *   Path target = Path.of((String) file.header().get("filename")).getFileName();
 *   try (OutputStream out = Files.newOutputStream(target)) {
 *     file.payload().transferTo(out);          // constant memory, whatever the size
 *   }
 * }
 * }</pre>
 *
 * <h2>Limits and errors</h2>
 * The prefix is checked against the maximum header length and the size key against the maximum
 * payload length before anything is allocated for them ({@link FrameTooLongException}); a header
 * that is not a UTF-8 JSON object, or whose size key is missing, not an integer or negative,
 * throws {@link MalformedHeaderException}. After either, the payload's extent is unknown and the
 * reader is unusable. After a {@link TruncatedFrameException} the stream is at its end.
 *
 * <p>Timeouts mid-frame keep the partial frame, as in {@link FrameReader}: call again to
 * continue. Not thread-safe.
 */
public final class HeaderDictReader implements Closeable {
  private final ByteInput in;
  private final HeaderDictFormat format;
  private final FrameReader headers;
  /** The current frame's header once parsed; null before. */
  private @Nullable Map<String, @Nullable Object> header;
  private long payloadLength;
  private final PayloadReader payload;

  /**
   * A reader of header-dict frames from a blocking stream, such as a socket's.
   *
   * @param in the stream; closed by {@link #close()}
   * @param format the prefix, size key and limits
   * @throws FramingArgumentException if {@code in} or {@code format} is null
   */
  public HeaderDictReader(InputStream in, HeaderDictFormat format) {
    this(ByteInput.of(in), format);
  }

  /**
   * A reader of header-dict frames from a channel in blocking mode.
   *
   * @param in the channel, in blocking mode; closed by {@link #close()}
   * @param format the prefix, size key and limits
   * @throws FramingArgumentException if {@code in} or {@code format} is null
   */
  public HeaderDictReader(ReadableByteChannel in, HeaderDictFormat format) {
    this(ByteInput.of(in), format);
  }

  private HeaderDictReader(ByteInput in, HeaderDictFormat format) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.in = in;
    this.format = format;
    this.headers = new FrameReader(in, format.prefix());
    this.payload = new PayloadReader(in);
  }

  /**
   * The format this reader reads.
   *
   * @return the format given to the constructor
   */
  public HeaderDictFormat format() {
    return format;
  }

  /**
   * Reads one whole frame.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   * @throws FrameTooLongException if the JSON header or the payload is over its maximum
   * @throws MalformedHeaderException if the header is not strict UTF-8 JSON holding an object
   *     with a non-negative integer size
   * @throws TruncatedFrameException if the stream ends inside the frame
   * @throws FramingException if the reader failed earlier and refuses further use
   * @throws IOException if the underlying stream fails; a timeout keeps the partial frame
   * @throws IllegalStateException if a channel given to the constructor is in non-blocking mode
   *     and returns no bytes (the caller's mistake)
   */
  public @Nullable HeaderDictFrame read() throws IOException {
    payload.beginRead();
    if (!readHeader()) {
      return null;
    }
    HeaderDictFrame frame = new HeaderDictFrame(header, payload.readWhole(payloadLength));
    header = null;
    return frame;
  }

  /**
   * Reads one frame's header and gives its payload as a stream of exactly the declared size. The
   * next read first skips whatever of it was not read.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   * @throws FrameTooLongException if the JSON header or the payload is over its maximum
   * @throws MalformedHeaderException if the header is not strict UTF-8 JSON holding an object
   *     with a non-negative integer size
   * @throws TruncatedFrameException if the stream ends inside the frame
   * @throws FramingException if the reader failed earlier and refuses further use
   * @throws IOException if the underlying stream fails; a timeout keeps the partial frame
   * @throws IllegalStateException if a channel given to the constructor is in non-blocking mode
   *     and returns no bytes (the caller's mistake)
   */
  public @Nullable StreamedHeaderDictFrame readStreamed() throws IOException {
    payload.beginRead();
    if (!readHeader()) {
      return null;
    }
    StreamedHeaderDictFrame frame = new StreamedHeaderDictFrame(
        header, payloadLength, payload.stream(payloadLength, false, 0));
    header = null;
    return frame;
  }

  private boolean readHeader() throws IOException {
    if (header != null) {
      return true;
    }
    Frame json;
    try {
      json = headers.read();
    } catch (FramingException e) {
      throw payload.failed(e instanceof FrameTooLongException
          ? new FrameTooLongException("JSON header: " + e.getMessage())
          : e instanceof TruncatedFrameException
              ? new TruncatedFrameException("JSON header: " + e.getMessage()) : e);
    }
    if (json == null) {
      return false;
    }
    try {
      Map<String, @Nullable Object> parsed = format.parse(json.payload());
      payloadLength = format.payloadLength(parsed);
      header = parsed;
    } catch (FramingException e) {
      throw payload.failed(e);
    }
    return true;
  }

  /**
   * Closes the underlying stream or channel.
   *
   * @throws IOException if closing it fails
   */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
