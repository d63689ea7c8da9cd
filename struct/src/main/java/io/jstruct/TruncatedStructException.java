package io.jstruct;

import java.io.EOFException;

/**
 * The end of a stream came inside a struct: some of its bytes were read, not all. The message
 * says how many, {@code expected 24 bytes, got 10}, in the words of CPython's
 * {@code unpack requires a buffer of 24 bytes}.
 *
 * <p>An end of stream <em>before</em> the first byte of a struct is not an error: the reading
 * methods return {@code null} there, as {@code InputStream.read()} returns -1. It is an
 * {@link EOFException}, so code that already handles a short stream handles this one; it is not a
 * {@link StructError}, because the bytes were not wrong, there were just too few of them.
 */
public final class TruncatedStructException extends EOFException {
  private static final long serialVersionUID = 1L;

  /** The struct's size in bytes. */
  private final int expected;
  /** How many of them the stream gave before it ended; 1 to {@code expected - 1}. */
  private final int actual;

  /**
   * Creates the exception for a struct of {@code expected} bytes of which the stream gave
   * {@code actual}.
   *
   * @param expected the struct's size in bytes
   * @param actual how many bytes the stream gave before it ended
   */
  public TruncatedStructException(int expected, int actual) {
    super("expected " + expected + " bytes, got " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The struct's size in bytes.
   *
   * @return the number of bytes one struct takes
   */
  public int expected() {
    return expected;
  }

  /**
   * How many bytes of the struct the stream gave before it ended.
   *
   * @return a count from 1 to {@code expected() - 1}
   */
  public int actual() {
    return actual;
  }
}
