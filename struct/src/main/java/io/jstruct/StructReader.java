package io.jstruct;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reads one struct at a time from a stream or a blocking channel, and keeps a struct's first bytes
 * across a timeout: for sockets with a read timeout ({@code SO_TIMEOUT}).
 *
 * <pre>{@code
 * StructReader<Object[]> reader = Struct.compile("!HI").reader(socket.getInputStream());
 * Object[] header;
 * while ((header = reader.read()) != null) {   // null: the peer closed between structs
 *   ...
 * }
 * }</pre>
 *
 * <p>It reads exactly the struct's bytes and never more, so the stream can be handed on to other
 * code after any struct (to read a payload, say). That means one {@code read} call on the source
 * per struct at best: over an unbuffered stream of many small structs, wrap the stream in a
 * {@code BufferedInputStream}, or use {@link Struct#stream(java.io.InputStream)}, which reads
 * ahead.
 *
 * <h2>Timeouts</h2>
 * When the source throws {@link SocketTimeoutException} (or any {@code IOException}) after part of a
 * struct, those bytes stay in this reader ({@link #pending()} counts them) and the exception goes
 * to the caller. Calling {@link #read()} again continues the same struct where it stopped: no byte
 * is lost or read twice.
 *
 * <p>Not thread-safe: one reader per stream, used by one thread at a time.
 *
 * @param <T> what one struct reads as: {@code Object[]} for a {@link Struct}, the record for a
 *     {@link StructRecord}
 */
public final class StructReader<T> {
  private final ByteSource source;
  private final Decoder<T> decoder;
  private final byte[] bytes;
  /** How many bytes of the current struct have been read: 0 between structs. */
  private int filled;

  StructReader(ByteSource source, Decoder<T> decoder) {
    this.source = source;
    this.decoder = decoder;
    this.bytes = new byte[decoder.size()];
  }

  /**
   * Reads the next struct, blocking until all its bytes are there.
   *
   * @return the struct's values, or {@code null} if the stream ended before its first byte
   * @throws TruncatedStructException if the stream ended inside the struct ({@code expected 24
   *     bytes, got 10}); the partial bytes are dropped and the reader is between structs again
   * @throws IOException if the source fails; the bytes read so far are kept for the next call,
   *     which continues the same struct (this is how a {@link SocketTimeoutException} is resumed)
   */
  public @Nullable T read() throws IOException {
    int size = bytes.length;
    while (filled < size) {
      int n = source.read(bytes, filled, size - filled);
      if (n < 0) {
        if (filled == 0) {
          return null;
        }
        int got = filled;
        filled = 0;
        throw new TruncatedStructException(size, got);
      }
      filled += n;
    }
    filled = 0;
    return decoder.decode(bytes, 0);
  }

  /**
   * How many bytes of a struct this reader holds: 0 between structs, more after a read that ended
   * with an exception part way through one.
   *
   * @return the number of bytes read of the struct in progress
   */
  public int pending() {
    return filled;
  }

  /**
   * One struct, for the one-shot {@code read} methods: on a timeout inside the struct, the bytes
   * read go to the caller in a {@link StructTimeoutException}, since no reader outlives the call.
   */
  static <T> @Nullable T readOnce(ByteSource source, Decoder<T> decoder) throws IOException {
    StructReader<T> reader = new StructReader<>(source, decoder);
    try {
      return reader.read();
    } catch (SocketTimeoutException e) {
      if (reader.filled == 0) {
        throw e;
      }
      byte[] partial = java.util.Arrays.copyOf(reader.bytes, reader.filled);
      throw new StructTimeoutException(decoder.size(), partial, e);
    }
  }
}
