package io.jstruct.framing;

/**
 * A frame's payload does not match the CRC32C its header carries: the bytes were damaged, or the
 * peer computes the checksum differently.
 *
 * <p><b>Stream state:</b> the whole frame has been consumed and dropped, and the stream is
 * positioned at the next frame: a reader or decoder can go on, if the caller chooses to trust a
 * peer that just sent a damaged frame.
 */
public class ChecksumMismatchException extends FramingException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message the expected and actual CRC32C and the payload's length
   */
  public ChecksumMismatchException(String message) {
    super(message);
  }
}
