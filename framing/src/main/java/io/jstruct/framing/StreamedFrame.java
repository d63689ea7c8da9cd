package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A frame whose payload is read as a stream, for payloads too large to hold: the header now, then
 * {@link #payload()} gives exactly {@link #payloadLength()} bytes and then -1.
 *
 * <p>When the format has a checksum field, the read that delivers the last byte throws a
 * {@link ChecksumMismatchException} if the CRC32C does not match. An early end of the underlying
 * stream throws {@link TruncatedFrameException}. {@link #close()} (or the reader's next read)
 * skips the unread rest of the payload, unchecked.
 */
public final class StreamedFrame implements Closeable {
  private final Object[] header;
  private final long payloadLength;
  private final PayloadStream payload;

  StreamedFrame(Object[] header, long payloadLength, PayloadStream payload) {
    this.header = header;
    this.payloadLength = payloadLength;
    this.payload = payload;
  }

  /** The header's values, the length field included. */
  public Object[] header() {
    return header.clone();
  }

  /** The payload's length in bytes, as declared (and adjusted). */
  public long payloadLength() {
    return payloadLength;
  }

  /** Exactly the payload's bytes; the same stream each call. Closing it skips the rest. */
  public InputStream payload() {
    return payload;
  }

  /** Skips the rest of the payload so the next frame can be read; the reader stays open. */
  @Override
  public void close() throws IOException {
    payload.close();
  }
}
