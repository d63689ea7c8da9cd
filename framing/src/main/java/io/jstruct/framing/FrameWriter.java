package io.jstruct.framing;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Writes frames to a blocking stream: the header the format describes, with the payload's length
 * (and CRC32C) filled in, then the payload.
 *
 * <pre>{@code
 * FrameWriter writer = new FrameWriter(socket.getOutputStream(), FrameFormat.lengthPrefixed("i"));
 * writer.write("hello".getBytes(UTF_8));   // 05 00 00 00 68 65 6c 6c 6f, one send
 * }</pre>
 *
 * <p>The header and the start of the payload go out in one write, so a small frame is one send
 * (no header-then-payload pair for Nagle's algorithm and delayed ACKs to stall on). By default each
 * frame is handed to the stream and the stream is flushed before {@code write} returns; a writer
 * made with {@code flushEachFrame = false} batches small frames in its 8 KiB buffer until
 * {@link #flush()}, for many frames per send.
 *
 * <p>Every value is checked before any byte of the frame is written: a payload over the maximum
 * or beyond the length field's type throws {@link FrameTooLongException}, a header value that
 * does not fit its field throws {@link io.jstruct.StructError}, and nothing is written. Only a
 * failure of the stream itself, or a streamed payload that ends early, leaves a frame half-written;
 * the writer then refuses further frames.
 *
 * <p>Not thread-safe: one thread writes at a time.
 */
public final class FrameWriter implements Closeable, Flushable {
  private static final Object[] NO_VALUES = {};
  static final int BUFFER_SIZE = 8192;
  private static final String INSIDE_FRAME = "an earlier write failed inside a frame";

  private final ByteOutput out;
  private final FrameFormat format;
  private final boolean flushEachFrame;
  private final byte[] buffer;
  private int count;
  /** Where the current frame starts in the buffer, while none of it has been sent; else -1. */
  private int frameStart = -1;
  private @Nullable String corrupt;

  /**
   * A writer that sends each frame before {@code write} returns.
   *
   * @param out the stream; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public FrameWriter(OutputStream out, FrameFormat format) {
    this(ByteOutput.of(out), format, true);
  }

  /**
   * A writer that may batch small frames: with {@code flushEachFrame = false}, frames wait in an
   * 8 KiB buffer until {@link #flush}, so many small frames cost few system calls.
   *
   * @param out the stream; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @param flushEachFrame true to send each frame before {@code write} returns
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public FrameWriter(OutputStream out, FrameFormat format, boolean flushEachFrame) {
    this(ByteOutput.of(out), format, flushEachFrame);
  }

  /**
   * A writer to a channel in blocking mode that sends each frame before {@code write} returns.
   *
   * @param out the channel, in blocking mode; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public FrameWriter(WritableByteChannel out, FrameFormat format) {
    this(ByteOutput.of(out), format, true);
  }

  /**
   * A writer to a channel in blocking mode that may batch small frames until {@link #flush}.
   *
   * @param out the channel, in blocking mode; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @param flushEachFrame true to send each frame before {@code write} returns
   * @throws FramingArgumentException if {@code out} or {@code format} is null
   */
  public FrameWriter(WritableByteChannel out, FrameFormat format, boolean flushEachFrame) {
    this(ByteOutput.of(out), format, flushEachFrame);
  }

  FrameWriter(ByteOutput out, FrameFormat format, boolean flushEachFrame) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.out = out;
    this.format = format;
    this.flushEachFrame = flushEachFrame;
    this.buffer = new byte[Math.max(BUFFER_SIZE, 2 * format.headerSize())];
  }

  /**
   * The format this writer writes.
   *
   * @return the format given to the constructor
   */
  public FrameFormat format() {
    return format;
  }

  /**
   * Writes a frame whose header values (other than the length and checksum) are zero: the
   * tutorial's {@code struct.pack('i', len(data)) + data}.
   *
   * @param payload the payload
   * @throws FramingArgumentException if {@code payload} is null
   * @throws FrameTooLongException if the payload is over the format's maximum or its length
   *     field's range; nothing is written
   * @throws FramingException if an earlier failure left the output stream corrupt
   * @throws io.jstruct.StructError if a header value does not fit its field; nothing is written
   * @throws IOException if the underlying stream fails; the writer then refuses further frames
   */
  public void write(byte[] payload) throws IOException {
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    writeFrame(payload, NO_VALUES);
  }

  /**
   * Writes {@code frame}: one made with {@link Frame#of}, or one a reader returned (its length and
   * checksum are recomputed, its other values kept).
   *
   * @param frame the frame
   * @throws FramingArgumentException if {@code frame} is null or has the wrong number of values
   * @throws FrameTooLongException if the payload is over the format's maximum or its length
   *     field's range; nothing is written
   * @throws FramingException if an earlier failure left the output stream corrupt
   * @throws io.jstruct.StructError if a header value does not fit its field; nothing is written
   * @throws IOException if the underlying stream fails; the writer then refuses further frames
   */
  public void write(Frame frame) throws IOException {
    if (frame == null) {
      throw new FramingArgumentException("frame is null");
    }
    writeFrame(frame.payload(), frame.hasNoValues() ? NO_VALUES : frame.valuesForWriting());
  }

  /**
   * Writes a frame with the given header values (other than the length and checksum).
   *
   * @param payload the payload
   * @param headerValues one value per header field other than the length and checksum, in
   *     order, as {@link io.jstruct.Struct#pack} takes them
   * @throws FramingArgumentException if an argument is null or the number of values is wrong
   * @throws FrameTooLongException if the payload is over the format's maximum or its length
   *     field's range; nothing is written
   * @throws FramingException if an earlier failure left the output stream corrupt
   * @throws io.jstruct.StructError if a header value does not fit its field; nothing is written
   * @throws IOException if the underlying stream fails; the writer then refuses further frames
   */
  public void write(byte[] payload, Object... headerValues) throws IOException {
    if (payload == null || headerValues == null) {
      throw new FramingArgumentException("payload or header values are null");
    }
    writeFrame(payload, headerValues);
  }

  private void writeFrame(byte[] payload, Object[] values) throws IOException {
    checkUsable();
    long declared = format.declaredLength(payload.length);
    long crc = format.hasChecksum() ? Checksums.crc32c(payload) : 0;
    putHeader(declared, values, crc);
    append(payload);
    endFrame();
  }

  /** A header-dict frame: the JSON as this writer's frame, then the payload raw. */
  void writeHeaderDict(byte[] json, byte[] payload) throws IOException {
    checkUsable();
    putHeader(format.declaredLength(json.length), NO_VALUES, 0);
    append(json);
    append(payload);
    endFrame();
  }

  /** A header-dict frame with a streamed payload. */
  void writeHeaderDict(byte[] json, InputStream payload, long length) throws IOException {
    checkUsable();
    putHeader(format.declaredLength(json.length), NO_VALUES, 0);
    append(json);
    copy(payload, length, null);
    endFrame();
  }

  /** Adds bytes of the current frame: into the buffer, or past it when they do not fit. */
  private void append(byte[] bytes) throws IOException {
    int room = buffer.length - count;
    if (bytes.length <= room) {
      System.arraycopy(bytes, 0, buffer, count, bytes.length);
      count += bytes.length;
    } else {
      System.arraycopy(bytes, 0, buffer, count, room);
      count = buffer.length;
      corrupt = INSIDE_FRAME;
      flushBuffer();
      out.write(bytes, room, bytes.length - room);
    }
  }

  /**
   * Copies the next {@code length} bytes of {@code payload} into the current frame. If the source
   * fails while the whole frame is still in the buffer, the frame is taken back and the stream
   * stays clean; once part of it was sent, the stream is corrupt.
   */
  private void copy(InputStream payload, long length, CRC32C crc) throws IOException {
    corrupt = INSIDE_FRAME;
    long copied = 0;
    while (copied < length) {
      if (count == buffer.length) {
        flushBuffer();
      }
      int n;
      try {
        n = payload.read(buffer, count, (int) Math.min(buffer.length - count, length - copied));
      } catch (IOException | RuntimeException e) {
        takeBackFrame();
        throw e;
      }
      if (n < 0) {
        String problem = "payload stream ended early: expected " + length + " bytes, got "
            + copied;
        if (takeBackFrame()) {
          throw new TruncatedFrameException(problem + "; nothing of the frame was sent");
        }
        flushBuffer();
        corrupt = "a streamed payload ended after " + copied + " of " + length + " bytes";
        throw new TruncatedFrameException(problem + "; the header was already sent, so the "
            + "output stream is corrupt");
      }
      if (crc != null) {
        crc.update(buffer, count, n);
      }
      count += n;
      copied += n;
    }
  }

  /** The frame is whole in the buffer or the stream: send it, if each frame is flushed. */
  private void endFrame() throws IOException {
    frameStart = -1;
    corrupt = null;
    if (flushEachFrame) {
      flush();
    }
  }

  /**
   * Writes a frame whose payload is the next {@code length} bytes of {@code payload}, copied in
   * 8 KiB pieces, so a payload of any size takes constant memory. {@code payload} is not closed.
   *
   * <p>A format with a checksum field needs the CRC32C before the payload goes out: pass the
   * whole header then (every item; the length's value is ignored), checksum included; the
   * writer checks it as the bytes pass.
   *
   * @param payload where the payload's bytes come from; not closed
   * @param length how many bytes of {@code payload} to send
   * @param headerValues the header's other values, as for {@link #write(byte[], Object...)};
   *     with a checksum field, all of the header's values
   * @throws FramingArgumentException if an argument is null, {@code length} is negative, or
   *     the values are wrong in number
   * @throws FrameTooLongException if {@code length} is over the format's maximum or its length
   *     field's range; nothing is written
   * @throws TruncatedFrameException if {@code payload} ends before {@code length} bytes. If part
   *     of the frame was already sent (the header goes out with the first 8 KiB), the output
   *     stream is corrupt and this writer refuses further frames; if not, nothing was sent and
   *     the writer goes on
   * @throws ChecksumMismatchException if the bytes did not match the given checksum (the frame
   *     is sent; the peer will reject it)
   * @throws IOException from {@code payload} itself: as for an early end, the writer refuses
   *     further frames if part of this one was sent
   */
  public void write(InputStream payload, long length, Object... headerValues) throws IOException {
    if (payload == null || headerValues == null) {
      throw new FramingArgumentException("payload or header values are null");
    }
    if (length < 0) {
      throw new FramingArgumentException("length must be >= 0, got " + length);
    }
    checkUsable();
    long declared = format.declaredLength(length);
    long expectedCrc = 0;
    if (format.hasChecksum()) {
      if (headerValues.length != format.struct().itemCount()) {
        throw new FramingArgumentException("a streamed write with a checksum field needs the "
            + "CRC32C up front: pass all " + format.struct().itemCount()
            + " header values, the checksum included");
      }
      Object given = headerValues[format.checksumField()];
      if (!(given instanceof Number)) {
        throw new FramingArgumentException("checksum value (item " + format.checksumField()
            + ") must be a number, got " + given);
      }
      expectedCrc = ((Number) given).longValue();
    }
    putHeader(declared, headerValues, expectedCrc);
    CRC32C crc = format.hasChecksum() ? new CRC32C() : null;
    copy(payload, length, crc);
    if (crc != null && crc.getValue() != (expectedCrc & 0xffffffffL)) {
      endFrame();
      throw new ChecksumMismatchException(String.format("the streamed payload's CRC32C is %08x "
          + "but the header sent said %08x", crc.getValue(), expectedCrc));
    }
    endFrame();
  }

  private void putHeader(long declared, Object[] values, long crc) throws IOException {
    if (buffer.length - count < format.headerSize()) {
      flushBuffer();
    }
    format.writeHeader(buffer, count, declared, values, crc); // may throw: count not yet moved
    frameStart = count;
    count += format.headerSize();
  }

  /** Drops the current frame if none of it has left the buffer; false if some has. */
  private boolean takeBackFrame() {
    if (frameStart < 0) {
      return false;
    }
    count = frameStart;
    frameStart = -1;
    corrupt = null;
    return true;
  }

  private void flushBuffer() throws IOException {
    frameStart = -1;
    if (count > 0) {
      int n = count;
      count = 0;
      try {
        out.write(buffer, 0, n);
      } catch (IOException | RuntimeException e) {
        corrupt = "a write to the stream failed: " + e;
        throw e;
      }
    }
  }

  /**
   * Sends the buffered frames and flushes the underlying stream.
   *
   * @throws IOException if the underlying stream fails
   */
  @Override
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  private void checkUsable() throws FramingException {
    if (corrupt != null) {
      throw new FramingException("the output stream is corrupt: " + corrupt);
    }
  }

  /**
   * Flushes, then closes the underlying stream or channel.
   *
   * @throws IOException if flushing or closing fails
   */
  @Override
  public void close() throws IOException {
    try {
      if (corrupt == null) {
        flush();
      }
    } finally {
      out.close();
    }
  }
}
