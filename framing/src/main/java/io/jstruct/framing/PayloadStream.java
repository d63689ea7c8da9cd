package io.jstruct.framing;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The payload of a streamed frame: exactly its declared length of the underlying source, read
 * through, with the CRC32C checked when the last byte is read (when the format has one).
 * Closing it skips what is left, so the next frame can be read.
 *
 * <p>It may start with bytes already read (by a whole read that a timeout interrupted), which
 * it gives before reading more from the source.
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
  /** Bytes of the payload read before this stream was made; served first. */
  private final byte @Nullable [] kept;
  private final int keptCount;
  private int keptPosition;

  PayloadStream(ByteInput in, Owner owner, long length, boolean checkCrc, long expectedCrc,
      byte @Nullable [] kept, int keptCount) {
    this.kept = kept;
    this.keptCount = keptCount;
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
    int n;
    if (keptPosition < keptCount) {
      n = Math.min(count, keptCount - keptPosition);
      System.arraycopy(kept, keptPosition, b, offset, n);
      keptPosition += n;
    } else {
      n = in.read(b, offset, (int) Math.min(count, remaining));
      if (n < 0) {
        throw truncated();
      }
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
    remaining -= keptCount - keptPosition;
    keptPosition = keptCount;
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
