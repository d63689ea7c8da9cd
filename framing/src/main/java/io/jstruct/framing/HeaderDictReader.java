package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;

/**
 * Reads the tutorial's header-dict frames (see {@link HeaderDictFormat}) from a blocking stream.
 *
 * <pre>{@code
 * try (HeaderDictReader reader = new HeaderDictReader(socket.getInputStream(), HeaderDictFormat.standard())) {
 *   StreamedHeaderDictFrame file = reader.readStreamed();
 *   try (OutputStream out = Files.newOutputStream(Path.of((String) file.header().get("filename")))) {
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
  private Map<String, Object> header;
  private long payloadLength;
  private final PayloadBuffer payload = new PayloadBuffer();
  private PayloadStream openPayload;
  private FramingException failure;
  private final PayloadStream.Owner owner = this::failed;

  public HeaderDictReader(InputStream in, HeaderDictFormat format) {
    this(ByteInput.of(in), format);
  }

  /** Reads from a channel in blocking mode. */
  public HeaderDictReader(ReadableByteChannel in, HeaderDictFormat format) {
    this(ByteInput.of(in), format);
  }

  private HeaderDictReader(ByteInput in, HeaderDictFormat format) {
    if (format == null) {
      throw new IllegalArgumentException("format is null");
    }
    this.in = in;
    this.format = format;
    this.headers = new FrameReader(in, format.prefix());
  }

  public HeaderDictFormat format() {
    return format;
  }

  /**
   * Reads one whole frame.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   */
  public HeaderDictFrame read() throws IOException {
    checkUsable();
    finishOpenPayload();
    if (!readHeader()) {
      return null;
    }
    if (!payload.started()) {
      if (payloadLength > FrameFormat.MAX_ARRAY_LENGTH) {
        throw failed(new FrameTooLongException("payload of " + payloadLength
            + " bytes is too long for a byte array: use readStreamed()"));
      }
      payload.start((int) payloadLength);
    }
    if (!payload.fillFrom(in)) {
      throw failed(new TruncatedFrameException("expected " + payload.length()
          + " bytes of payload, got " + payload.filled()));
    }
    HeaderDictFrame frame = new HeaderDictFrame(header, payload.take());
    header = null;
    return frame;
  }

  /**
   * Reads one frame's header and gives its payload as a stream of exactly the declared size. The
   * next read first skips whatever of it was not read.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   */
  public StreamedHeaderDictFrame readStreamed() throws IOException {
    checkUsable();
    finishOpenPayload();
    if (payload.started()) {
      throw new IllegalStateException(
          "read() was interrupted inside a payload: call read() again to finish that frame");
    }
    if (!readHeader()) {
      return null;
    }
    openPayload = new PayloadStream(in, owner, payloadLength, false, 0);
    StreamedHeaderDictFrame frame =
        new StreamedHeaderDictFrame(header, payloadLength, openPayload);
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
      throw failed(e instanceof FrameTooLongException
          ? new FrameTooLongException("JSON header: " + e.getMessage())
          : e instanceof TruncatedFrameException
              ? new TruncatedFrameException("JSON header: " + e.getMessage()) : e);
    }
    if (json == null) {
      return false;
    }
    try {
      Map<String, Object> parsed = format.parse(json.payload());
      payloadLength = format.payloadLength(parsed);
      header = parsed;
    } catch (FramingException e) {
      throw failed(e);
    }
    return true;
  }

  private void finishOpenPayload() throws IOException {
    if (openPayload != null) {
      openPayload.close();
      openPayload = null;
    }
  }

  private void checkUsable() throws FramingException {
    if (failure != null) {
      throw new FramingException("this reader failed earlier and is unusable: "
          + failure.getMessage(), failure);
    }
  }

  private <E extends FramingException> E failed(E e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /** Closes the underlying stream or channel. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
