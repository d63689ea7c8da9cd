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

  public MalformedHeaderException(String message) {
    super(message);
  }

  public MalformedHeaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
