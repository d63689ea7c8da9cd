package io.jstruct;

import java.net.SocketTimeoutException;

/**
 * A read timed out inside a struct, in a one-shot {@code read} such as
 * {@link Struct#read(java.io.InputStream)}: the bytes it had already taken from the stream are
 * not lost, they are here, in {@link #partial()}.
 *
 * <p>It is a {@link SocketTimeoutException}, so a caller's existing timeout handling still runs.
 * The stream is now {@code partial().length} bytes into a struct. To finish that struct, read the
 * rest and unpack both parts together; better, on a stream with a read timeout, read through a
 * {@link StructReader} ({@link Struct#reader(java.io.InputStream)}), which keeps the partial bytes
 * itself, so that after a timeout the caller just calls {@code read()} again:
 *
 * <pre>{@code
 * StructReader<Object[]> reader = HEADER.reader(socket.getInputStream());
 * while (true) {
 *   try {
 *     Object[] header = reader.read();    // null at a clean end of stream
 *     ...
 *   } catch (SocketTimeoutException e) {
 *     // nothing is lost: reader.pending() bytes wait inside the reader for the next read()
 *   }
 * }
 * }</pre>
 */
public final class StructTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  /** The bytes of the struct read before the timeout. */
  private final byte[] partial;
  /** The struct's size in bytes. */
  private final int expected;

  /**
   * Creates the exception for a struct of {@code expected} bytes, of which {@code partial} were
   * read before the timeout.
   *
   * @param expected the struct's size in bytes
   * @param partial the bytes read before the timeout (copied)
   * @param cause the timeout, from the stream
   */
  public StructTimeoutException(int expected, byte[] partial, SocketTimeoutException cause) {
    super("timed out after " + partial.length + " of a struct's " + expected
        + " bytes; they are kept in partial()");
    this.expected = expected;
    this.partial = partial.clone();
    this.bytesTransferred = partial.length;
    initCause(cause);
  }

  /**
   * The bytes of the struct read before the timeout, in stream order.
   *
   * @return a copy of the 1 to {@code expected() - 1} bytes read
   */
  public byte[] partial() {
    return partial.clone();
  }

  /**
   * The struct's size in bytes.
   *
   * @return the number of bytes the whole struct takes
   */
  public int expected() {
    return expected;
  }
}
