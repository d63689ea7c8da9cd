package io.jstruct.framing;

/**
 * The stream ended inside a frame: after some but not all of a header, or before all of a payload
 * arrived. The message says how many bytes were expected and how many came ("expected 1024 bytes
 * of payload, got 100"). An end of stream <em>between</em> frames is not an error: readers return
 * {@code null} there.
 *
 * <p>Writers throw it when a streamed payload's {@code InputStream} ends before the declared
 * length. If part of the frame was already sent, the output stream is corrupt and the writer
 * refuses further frames; if the frame was still whole in the writer's buffer, it is taken back
 * and nothing was sent (the message says which).
 *
 * <p>This is deliberately not an {@link java.io.EOFException}: callers that treat EOFException as
 * a normal end would silently drop the partial frame.
 *
 * <p><b>Stream state:</b> at its end; the reader refuses further use.
 */
public class TruncatedFrameException extends FramingException {
  private static final long serialVersionUID = 1L;

  /**
   * Makes one.
   *
   * @param message how many bytes were expected and how many came
   */
  public TruncatedFrameException(String message) {
    super(message);
  }
}
