package io.jstruct.framing;

/**
 * The stream ended inside a frame: after some but not all of a header, or before all of a payload
 * arrived. The message says how many bytes were expected and how many came ("expected 1024 bytes
 * of payload, got 100"). An end of stream <em>between</em> frames is not an error: readers return
 * {@code null} there.
 *
 * <p>Writers throw it when a streamed payload's {@code InputStream} ends before the declared
 * length; the header is already sent then, so the output stream is corrupt.
 *
 * <p>This is deliberately not an {@link java.io.EOFException}: callers that treat EOFException as
 * a normal end would silently drop the partial frame.
 *
 * <p><b>Stream state:</b> at its end; the reader refuses further use.
 */
public class TruncatedFrameException extends FramingException {
  private static final long serialVersionUID = 1L;

  public TruncatedFrameException(String message) {
    super(message);
  }
}
