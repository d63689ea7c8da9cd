package io.jstruct.framing;

/**
 * A mistake in the calling program, not in the bytes: a null stream or payload, a header format
 * without an integer length field, a negative maximum, header values of the wrong count or
 * range. Thrown at once, by the constructor, builder or method given the argument, before any
 * byte is read or written.
 *
 * <p>It is an {@link IllegalArgumentException}, unchecked, because no retry or peer can fix it;
 * failures caused by what a peer sent are {@link FramingException}s instead.
 */
public class FramingArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message which argument is wrong, with its value and what is allowed
   */
  public FramingArgumentException(String message) {
    super(message);
  }

  /**
   * Makes one with a cause, such as the struct error of an invalid header format.
   *
   * @param message which argument is wrong, with its value and what is allowed
   * @param cause the underlying error
   */
  public FramingArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
