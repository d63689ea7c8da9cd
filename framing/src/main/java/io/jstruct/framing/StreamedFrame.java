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

  /**
   * The header's values, the length field included, as {@link io.jstruct.Struct#unpack} gives
   * them.
   *
   * @return a fresh array each call
   */
  public Object[] header() {
    return header.clone();
  }

  /**
   * The payload's length, as declared (and adjusted), known before any of it is read.
   *
   * @return the length in bytes
   */
  public long payloadLength() {
    return payloadLength;
  }

  /**
   * The payload as a stream, so a payload of any size passes through in constant memory.
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
