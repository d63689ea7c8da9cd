package io.jstruct.framing;

import java.util.zip.CRC32C;

/** CRC32C (Castagnoli) of payloads, as the JDK computes it with the CPU's instructions. */
final class Checksums {
  private Checksums() {}

  static long crc32c(byte[] payload) {
    CRC32C crc = new CRC32C();
    crc.update(payload, 0, payload.length);
    return crc.getValue();
  }

  /** Checks a whole received payload against its header's checksum field. */
  static void verify(FrameFormat format, byte[] header, int offset, byte[] payload)
      throws ChecksumMismatchException {
    long expected = format.struct().getLong(header, offset, format.checksumField());
    verify(expected, crc32c(payload), payload.length);
  }

  static void verify(long expected, long actual, long payloadLength)
      throws ChecksumMismatchException {
    if (expected != actual) {
      throw new ChecksumMismatchException(String.format(
          "CRC32C of the %d-byte payload is %08x but the header says %s; the frame was dropped",
          payloadLength, actual, Long.toUnsignedString(expected, 16)));
    }
  }
}
