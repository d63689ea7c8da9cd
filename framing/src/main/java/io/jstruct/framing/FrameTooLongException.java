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
 * payload's true extent cannot be trusted, the reader or decoder refuses further use. Close the
 * connection. The exception is a frame that {@link #skipped()}: in discard mode
 * ({@link FrameFormat.Builder#discardTooLongFrames}), a frame over the maximum whose length is
 * otherwise sound is skipped, and the reader or decoder goes on with the next frame.
 *
 * <p>Writers throw it too, before writing any byte, when a payload is too long for the format.
 */
public class FrameTooLongException extends FramingException {
  private static final long serialVersionUID = 1L;

  /** The payload bytes skipped (or to skip) in discard mode; -1 when the frame is fatal. */
  private final long skippedLength;

  /**
   * A fatal too-long frame: the reader or decoder that throws it refuses further use.
   *
   * @param message what was declared and which limit it breaks
   */
  public FrameTooLongException(String message) {
    super(message);
    this.skippedLength = -1;
  }

  /** A frame whose {@code skippedLength} payload bytes are skipped, so reading goes on. */
  FrameTooLongException(String message, long skippedLength) {
    super(message);
    this.skippedLength = skippedLength;
  }

  /**
   * Whether the frame's payload is skipped and the reader or decoder goes on with the next frame:
   * true only in discard mode ({@link FrameFormat.Builder#discardTooLongFrames}) for a frame
   * over the maximum whose length is otherwise sound; false when the reader is now unusable.
   *
   * @return true if the caller may read on
   */
  public boolean skipped() {
    return skippedLength >= 0;
  }

  /** The payload length skipped in discard mode, or -1. */
  long skippedLength() {
    return skippedLength;
  }
}
