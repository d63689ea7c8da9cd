package io.jstruct.framing;

import java.io.IOException;

/**
 * Every failure caused by the bytes a peer sent: a length that cannot be honoured, a frame cut
 * short, a header that does not parse, a checksum that does not match. Subclasses say which.
 *
 * <p>It is an {@link IOException} because it arrives where I/O failures arrive and is handled the
 * same way: close the connection (each subclass documents whether the stream is still usable).
 * Mistakes in the calling program (a bad format string, a negative maximum) are
 * {@link FramingArgumentException}s, thrown at once instead.
 */
public class FramingException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message what the bytes did wrong, with the numbers involved
   */
  public FramingException(String message) {
    super(message);
  }

  /**
   * Makes one with a cause, such as the first error of a reader that now refuses use.
   *
   * @param message what the bytes did wrong, with the numbers involved
   * @param cause the underlying error
   */
  public FramingException(String message, Throwable cause) {
    super(message, cause);
  }
}
