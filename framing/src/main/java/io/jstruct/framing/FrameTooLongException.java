package io.jstruct.framing;

/**
 * A header declared a payload length that is refused before any memory is set aside for it: over
 * the maximum frame length, negative (a signed length field, or a length that counts the header
 * but is smaller than it), or beyond what the length field or a Java array can hold.
 *
 * <p>When the rejected header bytes are printable ASCII the message says so, with the text: a
 * length of {@code 0x47455420} is {@code "GET "}, and the peer is probably speaking HTTP to a
 * framed port.
 *
 * <p><b>Stream state:</b> the header has been consumed and the payload has not; since the
 * payload's true extent is unknown, the stream cannot be resynchronised and the reader or decoder
 * refuses further use. Close the connection.
 *
 * <p>Writers throw it too, before writing any byte, when a payload is too long for the format.
 */
public class FrameTooLongException extends FramingException {
  private static final long serialVersionUID = 1L;

  public FrameTooLongException(String message) {
    super(message);
  }
}
