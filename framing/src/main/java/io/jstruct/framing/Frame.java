package io.jstruct.framing;

import java.util.Arrays;

/**
 * One frame: its header's values and its payload.
 *
 * <p>A frame made with {@link #of} holds the values its caller gave, for a writer to complete with
 * the length (and checksum). A frame a reader or decoder returns holds the whole header as it
 * arrived, the length field included, so it can be written back unchanged.
 *
 * <p>The payload array is not copied, neither by {@link #of} nor by {@link #payload()}: a frame
 * owns the array it is given, and the caller must not change it afterwards. This keeps a 1 MiB
 * frame from costing two 1 MiB copies. Everything else is immutable.
 */
public final class Frame {
  private static final Object[] NO_VALUES = {};

  private final byte[] payload;
  /** The caller's values, for a frame made with {@link #of}; null for a received frame. */
  private final Object[] values;
  /** For a received frame: its format, and its header's bytes when it has more than a length. */
  private final FrameFormat format;
  private final byte[] headerBytes;

  private Frame(byte[] payload, Object[] values, FrameFormat format, byte[] headerBytes) {
    this.payload = payload;
    this.values = values;
    this.format = format;
    this.headerBytes = headerBytes;
  }

  /**
   * A frame for {@code payload}; header fields other than the length and checksum are zero.
   *
   * @param payload the payload, not copied: the frame owns it from now on
   * @return the frame, for a {@link FrameWriter}
   * @throws FramingArgumentException if {@code payload} is null
   */
  public static Frame of(byte[] payload) {
    return new Frame(checkPayload(payload), NO_VALUES, null, null);
  }

  /**
   * A frame for {@code payload} with values for the header's fields other than the length and
   * checksum, in order: {@code Frame.of(data, 1, 0)} for a {@code "!BBI"} header gives type 1,
   * flags 0. The writer checks them against its format.
   *
   * @param payload the payload, not copied: the frame owns it from now on
   * @param headerValues one value per header field other than the length and checksum, in
   *     order, as {@link io.jstruct.Struct#pack} takes them (copied)
   * @return the frame, for a {@link FrameWriter}
   * @throws FramingArgumentException if {@code payload} or {@code headerValues} is null
   */
  public static Frame of(byte[] payload, Object... headerValues) {
    if (headerValues == null) {
      throw new FramingArgumentException("header values are null");
    }
    return new Frame(checkPayload(payload), headerValues.clone(), null, null);
  }

  /** A frame as received: {@code headerBytes} is null when the header is only the length. */
  static Frame received(FrameFormat format, byte[] headerBytes, byte[] payload) {
    return new Frame(payload, null, format, headerBytes);
  }

  private static byte[] checkPayload(byte[] payload) {
    if (payload == null) {
      throw new FramingArgumentException("payload is null");
    }
    return payload;
  }

  /**
   * The header's values: for a received frame all of them, the length field included, as
   * {@link io.jstruct.Struct#unpack} gives them; for a frame made with {@link #of}, the values
   * given.
   *
   * @return a fresh array each call
   */
  public Object[] header() {
    if (values != null) {
      return values.clone();
    }
    byte[] bytes = headerBytes != null ? headerBytes : format.headerFor(payload.length);
    return format.struct().unpack(bytes);
  }

  /**
   * The payload: the frame's own array, not a copy, so a 1 MiB frame costs one 1 MiB array.
   *
   * @return the payload; do not modify it
   */
  public byte[] payload() {
    return payload;
  }

  /**
   * The payload's length, the same as {@code payload().length}.
   *
   * @return the length in bytes
   */
  public int payloadLength() {
    return payload.length;
  }

  /** Values for a writer: the caller's, or the whole received header. */
  Object[] valuesForWriting() {
    return values != null ? values : header();
  }

  /** Whether this frame was made with {@link #of} with no values, so a writer can zero-fill. */
  boolean hasNoValues() {
    return values != null && values.length == 0 || values == null && headerBytes == null;
  }

  @Override
  public String toString() {
    return "Frame{header=" + Arrays.deepToString(header()) + ", payloadLength=" + payload.length
        + "}";
  }
}
