package io.jstruct.framing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * Reads whole frames from a blocking stream, however the bytes were split or glued in transit.
 *
 * <pre>{@code
 * FrameFormat format = FrameFormat.lengthPrefixed("i");
 * try (FrameReader reader = new FrameReader(socket.getInputStream(), format)) {
 *   byte[] payload;
 *   while ((payload = reader.readPayload()) != null) { // null: the peer closed between frames
 *     handle(payload);
 *   }
 * }
 * }</pre>
 *
 * <h2>Memory</h2>
 * The declared length is checked against the format's limits before anything is allocated for
 * the payload ({@link FrameTooLongException}); then the payload buffer starts at 64 KiB and grows
 * with the bytes that arrive, up to the declared length. {@link #readStreamed()} holds no payload
 * at all.
 *
 * <h2>No read-ahead</h2>
 * The reader never reads a byte past the current frame, so the stream can be handed to other code
 * between frames. The price is a read call per header: for many small frames over a socket, wrap
 * its stream in a {@link java.io.BufferedInputStream}.
 *
 * <h2>Timeouts</h2>
 * Timeouts are the caller's socket settings ({@link java.net.Socket#setSoTimeout}). When one
 * expires mid-frame, the {@link java.net.SocketTimeoutException} reaches the caller and the reader
 * keeps the part of the frame it has: calling {@link #read()} again continues the same frame, and
 * so does {@link #readStreamed()}, whose payload stream then starts with the bytes already read
 * (a caller may switch to streaming a payload that turned out slow). The same holds for any other
 * exception of the underlying stream, if that stream can go on.
 *
 * <h2>Stream state after errors</h2>
 * <ul>
 *   <li>{@link FrameTooLongException}: the header was consumed, the payload was not; the reader
 *       is unusable (each later call throws a {@link FramingException} naming the first error).
 *       In discard mode ({@link FrameFormat.Builder#discardTooLongFrames}) a frame over the
 *       maximum is skipped instead ({@link FrameTooLongException#skipped()}): reported after its
 *       payload was read and dropped, or, failing fast, before, and the next call skips it
 *       first. Either way the next call reads the next frame.
 *   <li>{@link TruncatedFrameException}: the stream is at its end; the reader is unusable.
 *   <li>{@link ChecksumMismatchException}: the whole frame was consumed and dropped; the next
 *       call reads the next frame.
 * </ul>
 *
 * <h2>What is thrown</h2>
 * Every failure caused by the bytes is a {@link FramingException}; the underlying stream's own
 * {@link IOException}s (a timeout, a reset) pass through unchanged. The one
 * {@link IllegalStateException} is a caller's mistake: a channel in non-blocking mode.
 *
 * <p>Not thread-safe: one thread reads at a time.
 */
public final class FrameReader implements Closeable {
  private final ByteInput in;
  private final FrameFormat format;
  private final byte[] header;
  private int headerFilled;
  /** The current frame's payload length once its header is read; -1 before. */
  private long payloadLength = -1;
  private final PayloadReader payload;

  /**
   * A reader of {@code format}'s frames from a blocking stream, such as a socket's.
   *
   * @param in the stream; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @throws FramingArgumentException if {@code in} or {@code format} is null
   */
  public FrameReader(InputStream in, FrameFormat format) {
    this(ByteInput.of(in), format);
  }

  /**
   * A reader of {@code format}'s frames from a channel in blocking mode; for non-blocking
   * channels use {@link FrameDecoder}.
   *
   * @param in the channel, in blocking mode; closed by {@link #close()}
   * @param format the frames' layout and limits
   * @throws FramingArgumentException if {@code in} or {@code format} is null
   */
  public FrameReader(ReadableByteChannel in, FrameFormat format) {
    this(ByteInput.of(in), format);
  }

  FrameReader(ByteInput in, FrameFormat format) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.in = in;
    this.format = format;
    this.header = new byte[format.headerSize()];
    this.payload = new PayloadReader(in);
  }

  /**
   * The format this reader reads.
   *
   * @return the format given to the constructor
   */
  public FrameFormat format() {
    return format;
  }

  /**
   * Reads one whole frame, blocking until it has arrived.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   * @throws FrameTooLongException if the header declares a length the format refuses, or one
   *     too long for a byte array (use {@link #readStreamed()} for those)
   * @throws TruncatedFrameException if the stream ends inside the frame
   * @throws ChecksumMismatchException if the payload does not match its CRC32C (the frame is
   *     dropped; the reader can go on)
   * @throws FramingException if the reader failed earlier and refuses further use
   * @throws IOException if the underlying stream fails; a timeout keeps the partial frame
    * @throws IllegalStateException if a channel given to the constructor is in non-blocking mode
   *     and returns no bytes (the caller's mistake: use {@link FrameDecoder} there)
   */
  public @Nullable Frame read() throws IOException {
    payload.beginRead();
    if (!readHeader()) {
      return null;
    }
    byte[] bytes = payload.readWhole(payloadLength);
    byte[] headerBytes = format.headerHasValues() ? header.clone() : null;
    headerFilled = 0;
    payloadLength = -1;
    if (format.hasChecksum()) {
      Checksums.verify(format, headerBytes, 0, bytes);
    }
    return Frame.received(format, headerBytes, bytes);
  }

  /**
   * Reads one whole frame's payload, for formats whose header is only the length: the
   * tutorial's loop in one call.
   *
   * @return {@code read().payload()}, or null if the stream ended cleanly between frames
   * @throws FramingException as {@link #read()} throws them
   * @throws IOException if the underlying stream fails; a timeout keeps the partial frame
    * @throws IllegalStateException if a channel given to the constructor is in non-blocking mode
   *     and returns no bytes (the caller's mistake: use {@link FrameDecoder} there)
   */
  public byte @Nullable [] readPayload() throws IOException {
    Frame frame = read();
    return frame == null ? null : frame.payload();
  }

  /**
   * Reads one frame's header and gives its payload as a stream of exactly the declared length, so
   * a payload of any size passes through in constant memory. The next call to any read method
   * first skips whatever of this payload was not read.
   *
   * @return the frame, or null if the stream ended cleanly between frames
   * @throws FrameTooLongException if the header declares a length the format refuses
   * @throws TruncatedFrameException if the stream ends inside the header
   * @throws FramingException if the reader failed earlier and refuses further use
   * @throws IOException if the underlying stream fails; a timeout keeps the partial frame
    * @throws IllegalStateException if a channel given to the constructor is in non-blocking mode
   *     and returns no bytes (the caller's mistake: use {@link FrameDecoder} there)
   */
  public @Nullable StreamedFrame readStreamed() throws IOException {
    payload.beginRead();
    if (!readHeader()) {
      return null;
    }
    Object[] values = format.struct().unpack(header);
    long expectedCrc = format.hasChecksum()
        ? format.struct().getLong(header, 0, format.checksumField()) : 0;
    long length = payloadLength;
    PayloadStream stream = payload.stream(length, format.hasChecksum(), expectedCrc);
    headerFilled = 0;
    payloadLength = -1;
    return new StreamedFrame(values, length, stream);
  }

  /** Reads (the rest of) the header; false at a clean end of stream before its first byte. */
  private boolean readHeader() throws IOException {
    if (payloadLength >= 0) {
      return true;
    }
    while (headerFilled < header.length) {
      int n = in.read(header, headerFilled, header.length - headerFilled);
      if (n < 0) {
        if (headerFilled == 0) {
          return false;
        }
        throw payload.failed(new TruncatedFrameException("expected " + header.length
            + " bytes of header, got " + headerFilled));
      }
      headerFilled += n;
    }
    try {
      payloadLength = format.payloadLength(header, 0);
    } catch (FrameTooLongException e) {
      if (!e.skipped()) {
        throw payload.failed(e);
      }
      headerFilled = 0; // discard mode: the next frame starts after this payload
      payload.discard(e, format.failsFast());
      if (format.failsFast()) {
        throw e;
      }
      payload.finishDiscard(); // throws e once the payload is skipped
      throw e;
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
