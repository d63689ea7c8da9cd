package io.jstruct.netty;

import io.jstruct.LongField;
import io.jstruct.Struct;
import io.jstruct.StructError;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameTooLongException;
import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.FramingArgumentException;
import io.jstruct.framing.FramingException;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A {@link FrameFormat} compiled for {@link ByteBuf}s: where the length and checksum sit, and the
 * arithmetic from declared length to payload length, done without allocating on the hot path.
 *
 * <p>Only the accept test is computed here. Whenever a header is refused, the exception is the one
 * framing's blocking {@link FrameReader} (or {@link FrameWriter}) throws for the same bytes, so
 * the messages and the rules behind them live in one place, and the tests check that this class
 * accepts exactly what the blocking reader accepts.
 *
 * <p>Immutable and thread-safe.
 */
final class HeaderLayout {
  /** The largest payload a {@link ByteBuf} can hold. */
  static final long MAX_BUF_LENGTH = Integer.MAX_VALUE - 8;

  final FrameFormat format;
  final Struct struct;
  final int headerSize;
  final int lengthItem;
  /** Reads the length field with its position and type settled once, as hand-written code does. */
  private final LongField length;
  final int checksumItem;
  /** Whether a frame must keep its header bytes: the header holds more than the length. */
  final boolean keepHeader;
  /** Subtracted from the declared length to give the payload length. */
  private final long headerCorrection;
  private final long maxPayload;
  private final Object[] zeroValues;
  private final byte[] zeroHeader;
  /** The item index of each caller value: every item but the length and checksum. */
  private final int[] valueItems;

  HeaderLayout(FrameFormat format) {
    if (format == null) {
      throw new FramingArgumentException("format is null");
    }
    this.format = format;
    this.struct = Struct.compile(format.headerFormat(), format.platform());
    this.headerSize = struct.size();
    this.lengthItem = format.lengthField();
    this.length = struct.longField(lengthItem);
    this.checksumItem = format.checksumField();
    this.keepHeader = struct.itemCount() > 1;
    this.headerCorrection =
        (format.lengthIncludesHeader() ? headerSize : 0) - (long) format.lengthAdjustment();
    this.maxPayload = format.maxFrameLength();
    this.zeroHeader = new byte[headerSize];
    this.zeroValues = struct.unpack(zeroHeader);
    this.valueItems = new int[format.valueCount()];
    for (int i = 0, v = 0; i < struct.itemCount(); i++) {
      if (i != lengthItem && i != checksumItem) {
        valueItems[v++] = i;
      }
    }
  }

  /** The length field's raw value in {@code header} at {@code offset}. */
  long declared(byte[] header, int offset) {
    return length.get(header, offset);
  }

  /**
   * The payload length a declared length gives, or -1 when the frame's extent is unknown (a
   * negative or overflowing declaration): such a stream cannot be resynchronised. The result may
   * be over the maximum: {@link #accepts} says whether it is.
   */
  long payloadLength(long declared) {
    if (declared < 0 || declared > Long.MAX_VALUE - Integer.MAX_VALUE) {
      return -1;
    }
    long payload = declared - headerCorrection;
    return payload < 0 ? -1 : payload;
  }

  /** Whether a payload of {@code payloadLength} bytes (from {@link #payloadLength}) is accepted. */
  boolean accepts(long payloadLength) {
    return payloadLength >= 0 && payloadLength <= maxPayload && payloadLength <= MAX_BUF_LENGTH;
  }

  /**
   * The exception framing's blocking reader throws for this refused header: the same type and
   * message. {@code header} holds exactly one header.
   */
  FramingException refusal(byte[] header) {
    try (FrameReader reader = new FrameReader(new ByteArrayInputStream(header), format)) {
      reader.readStreamed();
    } catch (FramingException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError("reading from memory", e);
    }
    long payload = payloadLength(declared(header, 0));
    // the blocking reader streams payloads of any length; a ByteBuf holds at most 2 GiB
    return new FrameTooLongException("payload of " + payload
        + " bytes is too long for a ByteBuf (at most " + MAX_BUF_LENGTH + ")");
  }

  /**
   * The header to send before {@code payload}, with its length and (if the format has one) its
   * CRC32C filled in.
   *
   * @param values none (all zeros), the caller's values (every item but the length and checksum)
   *     or a whole header as a received frame gives it
   * @throws FrameTooLongException if the payload is over the maximum or its length does not fit
   *     the length field (the blocking writer's exception)
   * @throws FramingArgumentException if the number of values is wrong
   * @throws StructError if a value does not fit its field
   */
  byte[] header(ByteBuf payload, Object[] values) throws FramingException {
    int length = payload.readableBytes();
    byte[] header;
    if (values.length == 0) {
      header = zeroHeader.clone();
    } else {
      Object[] all;
      if (values.length == valueItems.length) {
        all = zeroValues.clone();
        for (int i = 0; i < valueItems.length; i++) {
          all[valueItems[i]] = values[i];
        }
      } else if (values.length == zeroValues.length) {
        all = values.clone();
        all[lengthItem] = zeroValues[lengthItem];
        if (checksumItem >= 0) {
          all[checksumItem] = zeroValues[checksumItem];
        }
      } else {
        throw new FramingArgumentException("header '" + struct.format() + "' takes "
            + valueItems.length + " values (every item but the length"
            + (checksumItem >= 0 ? " and checksum" : "") + "), or all " + zeroValues.length
            + " as a received frame gives them; got " + values.length);
      }
      header = new byte[headerSize];
      struct.packInto(header, 0, all);
    }
    complete(header, payload, length);
    return header;
  }

  /** Writes the length (and checksum) for {@code payload} into a header that has its values. */
  void complete(byte[] header, ByteBuf payload, int length) throws FramingException {
    if (length > maxPayload) {
      throw writeRefusal(length);
    }
    try {
      struct.putLong(header, 0, lengthItem, length + headerCorrection);
    } catch (StructError e) {
      throw writeRefusal(length);
    }
    if (checksumItem >= 0) {
      struct.putLong(header, 0, checksumItem, crc32c(payload));
    }
  }

  /** The exception framing's blocking writer throws for a payload of {@code length} bytes. */
  private FramingException writeRefusal(long length) {
    Object[] zeros = zeroValues.clone(); // all items: accepted by a streamed write with a checksum
    try (FrameWriter writer = new FrameWriter(OutputStream.nullOutputStream(), format)) {
      writer.write(InputStream.nullInputStream(), length, zeros);
    } catch (FramingException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError("writing to nowhere", e);
    }
    throw new AssertionError("the blocking writer accepted a length this encoder refused: "
        + length + " for " + format);
  }

  /** The CRC32C of the readable bytes of {@code payload}, without moving its indexes. */
  static long crc32c(ByteBuf payload) {
    CRC32C crc = new CRC32C();
    if (payload.hasArray()) {
      crc.update(payload.array(), payload.arrayOffset() + payload.readerIndex(),
          payload.readableBytes());
    } else {
      for (ByteBuffer piece : payload.nioBuffers()) {
        crc.update(piece);
      }
    }
    return crc.getValue();
  }

  /**
   * The exception framing's blocking reader throws for a frame whose payload does not match its
   * checksum. Copies the payload: only for a frame that is being dropped.
   */
  FramingException checksumRefusal(byte[] header, ByteBuf payload) {
    byte[] frame = new byte[headerSize + payload.readableBytes()];
    System.arraycopy(header, 0, frame, 0, headerSize);
    payload.getBytes(payload.readerIndex(), frame, headerSize, payload.readableBytes());
    try (FrameReader reader = new FrameReader(new ByteArrayInputStream(frame), format)) {
      reader.read();
    } catch (FramingException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError("reading from memory", e);
    }
    throw new AssertionError("the blocking reader accepted a checksum this decoder refused");
  }

  /** The header's checksum field, as an unsigned 32-bit value in a long. */
  long checksum(byte[] header) {
    return struct.getLong(header, 0, checksumItem);
  }

  /** Unpacks a header's values, as framing's {@code Frame.header()} gives them. */
  Object[] values(byte[] header) {
    return struct.unpack(header);
  }

  /** The header a length-only frame had, from its declared length. */
  byte[] lengthOnlyHeader(long declared) {
    byte[] header = zeroHeader.clone();
    struct.putLong(header, 0, lengthItem, declared);
    return header;
  }
}
