package io.jstruct.framing;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

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
  private @Nullable PayloadStream openStream;
  private @Nullable FramingException failure;
  /** Discard mode: payload bytes of a too-long frame still to skip. */
  private long toDiscard;
  /** Discard mode, reporting after the skip: the report, thrown once the skip is done. */
  private @Nullable FrameTooLongException discardReport;
  private byte @Nullable [] scratch;

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
    finishDiscard();
  }

  /**
   * Starts skipping the payload of a too-long frame in discard mode; with {@code reportNow}
   * false, {@code e} is thrown by {@link #finishDiscard()} once the payload is skipped.
   */
  void discard(FrameTooLongException e, boolean reportNow) {
    toDiscard = e.skippedLength();
    discardReport = reportNow ? null : e;
  }

  /**
   * Skips what is left of a discarded payload, resumably (a timeout keeps the count), then
   * throws the report deferred by {@link #discard}, if any.
   */
  void finishDiscard() throws IOException {
    while (toDiscard > 0) {
      if (scratch == null) {
        scratch = new byte[(int) Math.min(toDiscard, 8192)];
      }
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, toDiscard));
      if (n < 0) {
        throw failed(new TruncatedFrameException("the stream ended while discarding a too-long "
            + "frame, " + toDiscard + " bytes before its end"));
      }
      toDiscard -= n;
    }
    FrameTooLongException report = discardReport;
    if (report != null) {
      discardReport = null;
      throw report;
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
