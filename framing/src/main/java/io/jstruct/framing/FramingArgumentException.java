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

  public FramingArgumentException(String message) {
    super(message);
  }

  public FramingArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
