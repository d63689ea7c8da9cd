package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A header-dict frame whose payload is read as a stream: exactly the size the header declares,
 * then -1; an early end of the underlying stream throws {@link TruncatedFrameException}.
 * {@link #close()} (or the reader's next read) skips what was not read.
 */
public final class StreamedHeaderDictFrame implements Closeable {
  private final Map<String, Object> header;
  private final long payloadLength;
  private final PayloadStream payload;

  StreamedHeaderDictFrame(Map<String, Object> header, long payloadLength, PayloadStream payload) {
    this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    this.payloadLength = payloadLength;
    this.payload = payload;
  }

  /** The JSON header, the size key included; unmodifiable, in the header's key order. */
  public Map<String, Object> header() {
    return header;
  }

  public long payloadLength() {
    return payloadLength;
  }

  /** Exactly the payload's bytes; the same stream each call. Closing it skips the rest. */
  public InputStream payload() {
    return payload;
  }

  @Override
  public void close() throws IOException {
    payload.close();
  }
}
