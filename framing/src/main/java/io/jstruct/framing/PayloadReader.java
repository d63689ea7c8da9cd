package io.jstruct.framing;

import java.io.IOException;

/**
 * The payload half of a blocking reader, shared by {@link FrameReader} and
 * {@link HeaderDictReader}: both first learn a payload's length from their own kind of header,
 * then read it the same way, whole or as a stream.
 *
 * <p>It also holds what makes a reader safe to call again: the partial payload kept across a
 * timeout, the open payload stream that the next read must skip past, and the first failure,
 * after which every call refuses with a {@link FramingException} naming it.
 */
final class PayloadReader {
  private final ByteInput in;
  private final PayloadBuffer buffer = new PayloadBuffer();
  private PayloadStream openStream;
  private FramingException failure;

  PayloadReader(ByteInput in) {
    this.in = in;
  }

  /**
   * Called first by every read: refuses after a failure, and skips the rest of a payload stream
   * handed out earlier, so the stream is at a frame's start (or inside a frame a timeout
   * interrupted).
   */
  void beginRead() throws IOException {
    if (failure != null) {
      throw new FramingException("this reader failed earlier and is unusable: "
          + failure.getMessage(), failure);
    }
    if (openStream != null) {
      openStream.close();
      openStream = null;
    }
  }

  /**
   * Reads a payload of {@code length} bytes whole. If the underlying stream throws (a timeout),
   * the bytes so far are kept and the next call with the same length continues them.
   */
  byte[] readWhole(long length) throws IOException {
    if (!buffer.started()) {
      if (length > FrameFormat.MAX_ARRAY_LENGTH) {
        throw failed(new FrameTooLongException("payload of " + length
            + " bytes is too long for a byte array: use readStreamed()"));
      }
      buffer.start((int) length);
    }
    if (!buffer.fillFrom(in)) {
      throw failed(new TruncatedFrameException("expected " + buffer.length()
          + " bytes of payload, got " + buffer.filled()));
    }
    return buffer.take();
  }

  /**
   * Hands out the payload of {@code length} bytes as a stream, checking a CRC32C if one is
   * given. If a whole read of this payload was interrupted (a timeout), the stream starts with
   * the bytes that read had, so no byte is lost or read twice.
   */
  PayloadStream stream(long length, boolean checkCrc, long expectedCrc) {
    int kept = buffer.filled();
    byte[] partial = buffer.started() ? buffer.takePartial() : null;
    openStream = new PayloadStream(in, this::failed, length, checkCrc, expectedCrc,
        partial, partial == null ? 0 : kept);
    return openStream;
  }

  /** Records the first failure (the reader is unusable from now on) and returns {@code e}. */
  <E extends FramingException> E failed(E e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }
}
