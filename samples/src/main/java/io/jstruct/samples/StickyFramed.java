package io.jstruct.samples;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The sticky demo's --framed mode, the tutorial's cure: every message goes out behind a
 * fixed-length header holding its length.
 *
 * <pre>
 * +---------------------+----------+---------------------+----------+
 * | 05 00 00 00         | "hello"  | 05 00 00 00         | "world"  |
 * | struct.pack('i', 5) |          | struct.pack('i', 5) |          |
 * +---------------------+----------+---------------------+----------+
 * </pre>
 *
 * However the bytes are glued or split on the way, the reader takes 4 header bytes, then
 * exactly that many payload bytes, and gets the messages back as they were sent.
 */
final class StickyFramed {
  private StickyFramed() {}

  /** struct.pack('i', len(data)): native int, 4 bytes little-endian here, as in the seed. */
  static final FrameFormat FORMAT = FrameFormat.lengthPrefixed("i");
  /** What the demo server takes: a message is a line typed, not a file. */
  static final int MAX_MESSAGE = 64 * 1024;
  static final FrameFormat SERVER_FORMAT = FrameFormat.builder("i").maxFrameLength(MAX_MESSAGE).build();

  interface Sender {
    void send(byte[] data) throws IOException;
  }

  static Sender sender(OutputStream out) {
    FrameWriter writer = new FrameWriter(out, FORMAT); // flushes each frame: one quick send each
    return writer::write;
  }

  /**
   * Prints each message until the end of the stream, or until {@code maxBytes} have come;
   * returns how many messages came.
   */
  static int receive(InputStream in, PrintStream log, long maxBytes) throws IOException {
    FrameReader reader = new FrameReader(in, SERVER_FORMAT);
    long total = 0;
    for (int i = 1; ; i++) {
      byte[] message = reader.readPayload();
      if (message == null) {
        log.println("end of stream after " + (i - 1) + " message(s)");
        return i - 1;
      }
      log.println("message" + i + ": " + PyBytes.repr(message));
      total += message.length;
      if (total > maxBytes) {
        throw new IOException("more than " + maxBytes + " bytes: a demo, not a sink");
      }
    }
  }
}
