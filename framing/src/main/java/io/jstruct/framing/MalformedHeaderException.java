package io.jstruct.framing;

/**
 * A header-dict frame's header is not usable: not valid UTF-8 JSON, not a JSON object, or its size
 * key is missing, not an integer, or negative.
 *
 * <p><b>Stream state:</b> the JSON header has been consumed, the payload has not, and its length
 * is unknown: the reader refuses further use. Close the connection.
 */
public class MalformedHeaderException extends FramingException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message what is wrong with the header, with its first bytes
   */
  public MalformedHeaderException(String message) {
    super(message);
  }

  /**
   * Makes one with the parser's error as its cause.
   *
   * @param message what is wrong with the header, with its first bytes
   * @param cause the JSON parser's error
   */
  public MalformedHeaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
