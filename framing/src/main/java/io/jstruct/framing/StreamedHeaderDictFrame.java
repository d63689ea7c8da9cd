package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A header-dict frame whose payload is read as a stream: exactly the size the header declares,
 * then -1; an early end of the underlying stream throws {@link TruncatedFrameException}.
 * {@link #close()} (or the reader's next read) skips what was not read.
 */
public final class StreamedHeaderDictFrame implements Closeable {
  private final Map<String, @Nullable Object> header;
  private final long payloadLength;
  private final PayloadStream payload;

  StreamedHeaderDictFrame(Map<String, @Nullable Object> header, long payloadLength, PayloadStream payload) {
    this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    this.payloadLength = payloadLength;
    this.payload = payload;
  }

  /**
   * The JSON header, the size key included; a JSON {@code null} is a null value.
   *
   * @return the header, unmodifiable, in the header's key order
   */
  public Map<String, @Nullable Object> header() {
    return header;
  }

  /**
   * The payload's length, as the size key declared it: known before any of it is read, so a
   * receiver can check free space or show progress first.
   *
   * @return the length in bytes
   */
  public long payloadLength() {
    return payloadLength;
  }

  /**
   * The payload as a stream, so a file of any size passes through in constant memory.
   *
   * @return exactly the payload's bytes, then -1; the same stream each call; closing it skips
   *     the rest and leaves the underlying stream open
   */
  public InputStream payload() {
    return payload;
  }

  /**
   * Skips the rest of the payload so the next frame can be read; the reader stays open.
   *
   * @throws IOException if the underlying stream fails or ends before the payload does
   */
  @Override
  public void close() throws IOException {
    payload.close();
  }
}
