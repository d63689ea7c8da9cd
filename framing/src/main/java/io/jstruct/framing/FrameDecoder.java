package io.jstruct.framing;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Decodes frames incrementally for non-blocking code: {@link #feed} it the bytes as they arrive,
 * in chunks of any size, and {@link #poll} the whole frames out.
 *
 * <pre>{@code
 * FrameDecoder decoder = new FrameDecoder(FrameFormat.lengthPrefixed("!I"));
 * decoder.feed(bytesFromSelector);          // 0, 1 or many frames' worth, split anywhere
 * for (Frame frame; (frame = decoder.poll()) != null; ) {
 *   handle(frame.payload());
 * }
 * }</pre>
 *
 * <p>Three frames glued in one chunk, the last split across two (drawn with a one-byte length
 * field, {@code "B"}, for brevity):
 *
 * <pre>
 * feed #1: +----+-----+----+-------+----+---            poll: "ABC", "HELLO", null
 *          | 03 | ABC | 05 | HELLO | 04 | WO            (holds "WO" of the third)
 *          +----+-----+----+-------+----+---
 * feed #2:                               ---+----+      poll: "WORD", null
 *                                           | RD |
 *                                        ---+----+
 * </pre>
 *
 * <h2>What is buffered</h2>
 * After {@code feed} returns, the decoder holds exactly: the whole frames decoded and not yet
 * polled (each payload its own exact-length array), plus at most one partial frame: up to a
 * header's bytes, then the payload's bytes so far in a buffer that starts at 64 KiB and doubles up
 * to the declared length. A declared length is checked before anything is allocated for it. Poll
 * until null after each feed, and memory stays within one chunk's frames plus one partial frame.
 * The chunk itself is never retained: feeding the same array again is safe.
 *
 * <h2>Errors</h2>
 * <ul>
 *   <li>{@link FrameTooLongException}: frames completed earlier (in this chunk too) can still be
 *       polled; the decoder then refuses further input.
 *   <li>In discard mode ({@link FrameFormat.Builder#discardTooLongFrames}), a frame over the
 *       maximum is skipped instead ({@link FrameTooLongException#skipped()} is true): its payload
 *       is dropped as it arrives, across feeds, and never held. It is reported at the end of the
 *       {@code feed} call that completes its header (fail fast) or its payload; every other
 *       frame can be polled and the decoder goes on.
 *   <li>{@link ChecksumMismatchException}: thrown at the end of the {@code feed} call, after the
 *       whole chunk was decoded; the bad frame is dropped, every other frame can be polled, and the
 *       decoder goes on.
 * </ul>
 * When one {@code feed} meets several errors it goes on after, it throws the first with the
 * others {@linkplain Throwable#getSuppressed() suppressed}.
 *
 * <p>Not thread-safe. No per-byte work: headers are decoded in place from the chunk when they
 * arrive whole, payloads are bulk-copied, and a frame costs its payload array and a {@link Frame}
 * (plus a copy of the header's few bytes when the header holds more than the length).
 */
public final class FrameDecoder {
  private final FrameFormat format;
  private final int headerSize;
  private final boolean keepHeader;
  private final boolean checksum;
  private final ArrayDeque<Frame> frames = new ArrayDeque<>();
  /** A header that arrived in pieces; also the held header of a partial frame, if kept. */
  private final byte[] header;
  private int headerFilled;
  /** The partial frame's payload length once its header is complete; -1 before. */
  private long payloadLength = -1;
  private final PayloadBuffer payload = new PayloadBuffer();
  /** The fatal error after which the decoder refuses input; null while it is usable. */
  private @Nullable FrameTooLongException failure;
  /** Errors the decoder went on after (checksum mismatches, skipped frames): thrown by feed. */
  private @Nullable FramingException report;
  /** Discard mode: payload bytes of a too-long frame still to skip. */
  private long toDiscard;
  /** Discard mode, reporting after the skip: the report, made once the skip is done. */
  private @Nullable FrameTooLongException discardReport;
  private byte @Nullable [] scratch;

  /**
   * A decoder for one connection's bytes.
   *
   * @param format the frames' layout and limits
   * @throws FramingArgumentException if {@code format} is null
   */
  public FrameDecoder(FrameFormat format) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.format = format;
    this.headerSize = format.headerSize();
    this.keepHeader = format.headerHasValues();
    this.checksum = format.hasChecksum();
    this.header = new byte[headerSize];
  }

  /**
   * The format this decoder decodes.
   *
   * @return the format given to the constructor
   */
  public FrameFormat format() {
    return format;
  }

  /**
   * Feeds all of {@code chunk}; it is copied as needed, never kept.
   *
   * @param chunk the bytes that arrived
   * @throws FramingArgumentException if {@code chunk} is null
   * @throws FrameTooLongException if a header declares a length the format refuses: fatal,
   *     unless {@link FrameTooLongException#skipped()} (discard mode), when decoding goes on
   * @throws ChecksumMismatchException if a payload does not match its CRC32C (that frame is
   *     dropped; decoding goes on)
   * @throws FramingException if the decoder failed earlier and refuses input
   */
  public void feed(byte[] chunk) throws FramingException {
    if (chunk == null) {
      throw new FramingArgumentException("chunk is null");
    }
    feed(chunk, 0, chunk.length);
  }

  /**
   * Feeds {@code length} bytes of {@code chunk} from {@code offset}; they are copied as needed,
   * never kept.
   *
   * @param chunk holds the bytes that arrived
   * @param offset where they start in {@code chunk}
   * @param length how many there are
   * @throws FramingArgumentException if {@code chunk} is null or the range is outside it
   * @throws FrameTooLongException if a header declares a length the format refuses: fatal,
   *     unless {@link FrameTooLongException#skipped()} (discard mode), when decoding goes on
   * @throws ChecksumMismatchException if a payload does not match its CRC32C (that frame is
   *     dropped; decoding goes on)
   * @throws FramingException if the decoder failed earlier and refuses input
   */
  public void feed(byte[] chunk, int offset, int length) throws FramingException {
    if (chunk == null) {
      throw new FramingArgumentException("chunk is null");
    }
    if (offset < 0 || length < 0 || offset > chunk.length - length) {
      throw new FramingArgumentException("offset " + offset + " and length " + length
          + " are outside a chunk of " + chunk.length + " bytes");
    }
    checkUsable();
    try {
      decode(chunk, offset, offset + length);
    } catch (FrameTooLongException e) {
      failure = e;
      report = null;
      throw e;
    }
    FramingException e = report;
    if (e != null) {
      report = null;
      throw e;
    }
  }

  /**
   * Feeds the buffer's remaining bytes, heap or direct; its position moves to its limit.
   *
   * @param chunk the bytes that arrived, between its position and limit
   * @throws FramingArgumentException if {@code chunk} is null
   * @throws FrameTooLongException if a header declares a length the format refuses: fatal,
   *     unless {@link FrameTooLongException#skipped()} (discard mode), when decoding goes on
   * @throws ChecksumMismatchException if a payload does not match its CRC32C (that frame is
   *     dropped; decoding goes on)
   * @throws FramingException if the decoder failed earlier and refuses input
   */
  public void feed(ByteBuffer chunk) throws FramingException {
    if (chunk == null) {
      throw new FramingArgumentException("chunk is null");
    }
    if (chunk.hasArray()) {
      int start = chunk.arrayOffset() + chunk.position();
      int length = chunk.remaining();
      chunk.position(chunk.limit());
      feed(chunk.array(), start, length);
      return;
    }
    if (scratch == null) {
      scratch = new byte[8192];
    }
    FramingException first = null;
    while (chunk.hasRemaining()) {
      int n = Math.min(scratch.length, chunk.remaining());
      chunk.get(scratch, 0, n);
      try {
        feed(scratch, 0, n);
      } catch (FramingException e) {
        if (failure != null) {
          throw e; // fatal: the rest of the chunk is not decoded
        }
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void decode(byte[] chunk, int pos, int end) throws FrameTooLongException {
    while (pos < end) {
      if (toDiscard > 0) {
        // never overflows an int: at most end - pos
        int n = (int) Math.min(toDiscard, end - pos);
        pos += n;
        toDiscard -= n;
        if (toDiscard == 0 && discardReport != null) {
          report(discardReport);
          discardReport = null;
        }
        continue;
      }
      if (payloadLength < 0) {
        if (headerFilled == 0 && end - pos >= headerSize) {
          long length;
          try {
            length = format.payloadLength(chunk, pos);
          } catch (FrameTooLongException e) {
            pos += headerSize;
            discard(e);
            continue;
          }
          int headerAt = pos;
          pos += headerSize;
          if (end - pos >= length) { // the whole frame is in this chunk
            int n = (int) length;
            byte[] bytes = Arrays.copyOfRange(chunk, pos, pos + n);
            byte[] headerBytes = keepHeader
                ? Arrays.copyOfRange(chunk, headerAt, headerAt + headerSize) : null;
            pos += n;
            emit(headerBytes, bytes);
            continue;
          }
          System.arraycopy(chunk, headerAt, header, 0, headerSize);
          startPayload(length);
        } else {
          int n = Math.min(headerSize - headerFilled, end - pos);
          System.arraycopy(chunk, pos, header, headerFilled, n);
          headerFilled += n;
          pos += n;
          if (headerFilled < headerSize) {
            return;
          }
          long length;
          try {
            length = format.payloadLength(header, 0);
          } catch (FrameTooLongException e) {
            headerFilled = 0;
            discard(e);
            continue;
          }
          startPayload(length);
        }
      }
      pos += payload.append(chunk, pos, end - pos);
      if (payload.complete()) {
        headerFilled = 0;
        payloadLength = -1;
        emit(keepHeader ? header.clone() : null, payload.take());
      }
    }
  }

  /**
   * Starts skipping a too-long frame's payload in discard mode, reporting it now or when the
   * skip ends; rethrows a fatal one.
   */
  private void discard(FrameTooLongException e) throws FrameTooLongException {
    if (!e.skipped()) {
      throw e;
    }
    toDiscard = e.skippedLength();
    if (format.failsFast()) {
      report(e);
    } else {
      discardReport = e;
    }
  }

  /** Keeps an error the decoder goes on after, for {@code feed} to throw at its end. */
  private void report(FramingException e) {
    if (report == null) {
      report = e;
    } else {
      report.addSuppressed(e);
    }
  }

  private void startPayload(long length) throws FrameTooLongException {
    if (length > FrameFormat.MAX_ARRAY_LENGTH) {
      throw new FrameTooLongException(
          "payload of " + length + " bytes is too long for a byte array");
    }
    headerFilled = headerSize;
    payloadLength = length;
    payload.start((int) length);
  }

  private void emit(byte[] headerBytes, byte[] bytes) {
    if (checksum) {
      try {
        Checksums.verify(format, headerBytes, 0, bytes);
      } catch (ChecksumMismatchException e) {
        report(e);
        return;
      }
    }
    frames.add(Frame.received(format, headerBytes, bytes));
  }

  /**
   * Takes the next whole frame, oldest first.
   *
   * @return the frame, or null if none is complete yet
   */
  public @Nullable Frame poll() {
    return frames.poll();
  }

  /**
   * How many whole frames wait to be polled.
   *
   * @return the count
   */
  public int framesReady() {
    return frames.size();
  }

  /**
   * How many bytes of a partial frame are held (header and payload so far), for a caller that
   * bounds memory per connection or reports a peer that stopped mid-frame. A payload being
   * discarded holds none.
   *
   * @return the count
   */
  public long partialBytes() {
    return payloadLength < 0 ? headerFilled : headerSize + payload.filled();
  }

  private void checkUsable() throws FramingException {
    if (failure != null) {
      throw new FramingException("this decoder failed earlier and refuses input: "
          + failure.getMessage(), failure);
    }
  }
}
