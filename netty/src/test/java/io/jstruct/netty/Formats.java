package io.jstruct.netty;

import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Every FrameFormat layout the codecs must read as framing's blocking reader does. */
final class Formats {
  private Formats() {}

  static List<FrameFormat> all() {
    return List.of(
        FrameFormat.lengthPrefixed("!I"),
        FrameFormat.lengthPrefixed("i"),
        FrameFormat.lengthPrefixed("<H"),
        FrameFormat.lengthPrefixed("B"),
        FrameFormat.lengthPrefixed(">h"),
        FrameFormat.lengthPrefixed("!Q"),
        FrameFormat.lengthPrefixed("<q"),
        FrameFormat.builder("!BBI").build(),
        FrameFormat.builder("<IxH").lengthField(0).build(),
        FrameFormat.builder("!H").lengthIncludesHeader(true).build(),
        FrameFormat.builder("!BI").lengthIncludesHeader(true).lengthAdjustment(-1).build(),
        FrameFormat.builder("<H").lengthAdjustment(2).build(),
        FrameFormat.builder("!I").lengthAdjustment(-3).build(),
        FrameFormat.builder("!II").lengthField(0).checksumField(1).build(),
        FrameFormat.builder("<Qd3sIq").lengthField(3).checksumField(0).build(),
        FrameFormat.builder("!I").maxFrameLength(100).build());
  }

  /** Random payloads the format accepts, and header values that fit (for richer headers). */
  static List<Frame> frames(FrameFormat format, Random random, int count, int maxPayload) {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // declared = payload - adjustment (+ header size): it must not be negative
      int min = Math.max(0, format.lengthAdjustment()
          - (format.lengthIncludesHeader() ? format.headerSize() : 0));
      int n = min + random.nextInt(Math.max(1, (int) Math.min(maxPayload,
          Math.min(format.maxFrameLength(), maxLength(format)) - min + 1)));
      byte[] payload = new byte[n];
      random.nextBytes(payload);
      frames.add(Frame.of(payload, values(format, random)));
    }
    return frames;
  }

  /** The largest payload the length field of the test formats can declare (roughly). */
  private static long maxLength(FrameFormat format) {
    String f = format.headerFormat();
    if (f.equals("B")) {
      return 255;
    }
    if (f.contains("H") || f.contains("h")) {
      return 30_000;
    }
    return Long.MAX_VALUE;
  }

  static Object[] values(FrameFormat format, Random random) {
    switch (format.headerFormat()) {
      case "!BBI":
        return new Object[] {random.nextInt(256), random.nextInt(256)};
      case "<IxH":
        return new Object[] {random.nextInt(65536)};
      case "!BI":
        return new Object[] {random.nextInt(256)};
      case "<Qd3sIq":
        return new Object[] {random.nextDouble(), new byte[] {1, 2, (byte) random.nextInt()},
            random.nextLong()};
      default:
        return new Object[0];
    }
  }

  /** The bytes framing's blocking writer writes for {@code frames}. */
  static byte[] write(FrameFormat format, List<Frame> frames) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FrameWriter writer = new FrameWriter(out, format)) {
      for (Frame frame : frames) {
        writer.write(frame);
      }
    }
    return out.toByteArray();
  }
}
