package io.jstruct.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;

/**
 * The payload of a streamed frame: exactly its declared length of the underlying source, read
 * through, with the CRC32C checked when the last byte is read (when the format has one).
 * Closing it skips what is left, so the next frame can be read.
 */
final class PayloadStream extends InputStream {
  /** Told when the payload ends early, so the reader can refuse further use. */
  interface Owner {
    void failed(FramingException e);
  }

  private final ByteInput in;
  private final Owner owner;
  private final long length;
  private final CRC32C crc;
  private final long expectedCrc;
  private long remaining;
  private boolean closed;
  private byte[] scratch;
  private final byte[] one = new byte[1];

  PayloadStream(ByteInput in, Owner owner, long length, boolean checkCrc, long expectedCrc) {
    this.in = in;
    this.owner = owner;
    this.length = length;
    this.remaining = length;
    this.crc = checkCrc ? new CRC32C() : null;
    this.expectedCrc = expectedCrc;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int offset, int count) throws IOException {
    if (closed) {
      throw new IOException("payload stream is closed");
    }
    java.util.Objects.checkFromIndexSize(offset, count, b.length);
    if (remaining == 0) {
      return -1;
    }
    if (count == 0) {
      return 0;
    }
    int n = in.read(b, offset, (int) Math.min(count, remaining));
    if (n < 0) {
      throw truncated();
    }
    remaining -= n;
    if (crc != null) {
      crc.update(b, offset, n);
      if (remaining == 0) {
        Checksums.verify(expectedCrc, crc.getValue(), length);
      }
    }
    return n;
  }

  private TruncatedFrameException truncated() {
    TruncatedFrameException e = new TruncatedFrameException("expected " + length
        + " bytes of payload, got " + (length - remaining));
    owner.failed(e);
    return e;
  }

  @Override
  public int available() {
    return 0;
  }

  long remaining() {
    return remaining;
  }

  /** Skips the rest of the payload without checking it; the underlying source stays open. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    if (scratch == null && remaining > 0) {
      scratch = new byte[(int) Math.min(remaining, 8192)];
    }
    while (remaining > 0) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
      if (n < 0) {
        closed = true;
        throw truncated();
      }
      remaining -= n;
    }
    closed = true;
  }
}
