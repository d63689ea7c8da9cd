package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes, and valid frames with random damage and random header values, into every reader
 * and the decoder: the only failures allowed are {@link FramingException}s, and the memory each
 * input costs is bounded by what arrived, not by what the headers claim.
 */
class FuzzTest {
  private static final int ROUNDS = 1500;
  /** Generous: a 64 KiB first payload buffer and change, whatever a header claims. */
  private static final long ALLOCATION_BOUND = 2L * 1024 * 1024;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Feeds one input to a consumer, checking what may escape and what it may allocate. */
  private interface Consumer {
    void consume(byte[] input, Random random) throws IOException;
  }

  private static void fuzz(String what, byte[] input, Random random, Consumer consumer) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    try {
      consumer.consume(input, random);
    } catch (FramingException expected) {
      // the only failure allowed
    } catch (Throwable t) {
      AssertionError e = new AssertionError(what + ": " + t + " for input "
          + java.util.HexFormat.of().formatHex(input, 0, Math.min(64, input.length)), t);
      throw e;
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    if (allocated > ALLOCATION_BOUND + 8L * input.length) {
      fail(what + ": allocated " + allocated + " bytes for " + input.length + " bytes of input");
    }
  }

  private static void readAll(FrameReader reader) throws IOException {
    while (reader.read() != null) {
      // drain
    }
  }

  private static void readAllStreamed(FrameReader reader, Random random) throws IOException {
    for (StreamedFrame f; (f = reader.readStreamed()) != null; ) {
      if (random.nextBoolean()) {
        f.payload().readAllBytes();
      }
    }
  }

  private static void decodeAll(FrameDecoder decoder, byte[] input, Random random)
      throws FramingException {
    int pos = 0;
    while (pos < input.length) {
      int n = Math.min(input.length - pos, 1 + random.nextInt(40));
      try {
        decoder.feed(input, pos, n);
      } catch (ChecksumMismatchException e) {
        // the decoder goes on after a bad checksum
      }
      while (decoder.poll() != null) {
        // drain
      }
      pos += n;
    }
  }

  private static void allConsumers(String name, FrameFormat format, byte[] input, Random random) {
    fuzz(name + " stream", input, random, (in, r) -> readAll(new FrameReader(
        new ChunkedInputStream(in, RoundTripTest.randomCuts(r, in.length, 5)), format)));
    fuzz(name + " channel", input, random, (in, r) -> readAll(new FrameReader(
        Channels.newChannel(new ByteArrayInputStream(in)), format)));
    fuzz(name + " streamed", input, random, (in, r) -> readAllStreamed(new FrameReader(
        new ByteArrayInputStream(in), format), r));
    fuzz(name + " decoder", input, random, (in, r) -> decodeAll(new FrameDecoder(format), in, r));
  }

  @Test
  void randomBytes() {
    Random random = new Random(11);
    List<Layout> layouts = Layout.all();
    for (int round = 0; round < ROUNDS; round++) {
      byte[] input = new byte[random.nextInt(200)];
      random.nextBytes(input);
      Layout layout = layouts.get(round % layouts.size());
      allConsumers(layout.name, layout.format, input, random);
    }
  }

  /** Extreme values a length or checksum field might hold, as raw bytes. */
  private static void putExtreme(byte[] wire, int at, int width, Random random) {
    int kind = random.nextInt(5);
    for (int i = 0; i < width && at + i < wire.length; i++) {
      wire[at + i] = switch (kind) {
        case 0 -> (byte) 0xff;
        case 1 -> 0;
        case 2 -> (byte) (i == 0 ? 0x80 : 0);
        case 3 -> (byte) (i == 0 ? 0x7f : 0xff);
        default -> (byte) random.nextInt(256);
      };
    }
  }

  @Test
  void validFramesWithRandomDamageAndHeaderValues() throws IOException {
    Random random = new Random(12);
    List<Layout> layouts = Layout.all();
    for (int round = 0; round < ROUNDS; round++) {
      Layout layout = layouts.get(round % layouts.size());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      FrameWriter writer = new FrameWriter(out, layout.format);
      List<Integer> headerStarts = new ArrayList<>();
      for (int f = random.nextInt(4); f >= 0; f--) {
        headerStarts.add(out.size());
        byte[] payload = new byte[random.nextInt(Math.min(300, layout.maxPayload))];
        random.nextBytes(payload);
        writer.write(Frame.of(payload, layout.values.apply(random)));
      }
      byte[] wire = out.toByteArray();
      int start = headerStarts.get(random.nextInt(headerStarts.size()));
      switch (random.nextInt(4)) {
        case 0 -> putExtreme(wire, start, layout.format.headerSize(), random); // whole header
        case 1 -> putExtreme(wire, start + random.nextInt(layout.format.headerSize()),
            1 + random.nextInt(8), random); // some header field
        case 2 -> wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
        default -> { }
      }
      byte[] input = random.nextInt(3) == 0 ? java.util.Arrays.copyOf(wire,
          random.nextInt(wire.length + 1)) : wire;
      allConsumers(layout.name, layout.format, input, random);
    }
  }

  @Test
  void headerDictsWithRandomDamage() throws IOException {
    Random random = new Random(13);
    String[] values = {"1", "-1", "1.5", "\"x\"", "null", "true", "[]", "{}",
        "99999999999999999999", "16777217", "0", "1e3", "-0"};
    for (int round = 0; round < ROUNDS; round++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      HeaderDictWriter writer = new HeaderDictWriter(out, HeaderDictFormat.standard());
      byte[] payload = new byte[random.nextInt(50)];
      writer.write(Map.of("filename", "f" + round), payload);
      String json = "{\"total_size\": " + values[random.nextInt(values.length)]
          + (random.nextBoolean() ? ", \"k\": " + values[random.nextInt(values.length)] : "")
          + "}";
      byte[] jsonBytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeBytes(io.jstruct.Struct.pack("i", jsonBytes.length));
      out.writeBytes(jsonBytes);
      out.writeBytes(new byte[random.nextInt(30)]);
      byte[] wire = out.toByteArray();
      int damage = random.nextInt(4);
      if (damage == 0) {
        wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
      } else if (damage == 1) {
        putExtreme(wire, 0, 4, random);
      }
      fuzz("header dict", wire, random, (in, r) -> {
        HeaderDictReader reader = new HeaderDictReader(new ChunkedInputStream(in,
            RoundTripTest.randomCuts(r, in.length, 4)), HeaderDictFormat.standard());
        while (reader.read() != null) {
          // drain
        }
      });
      fuzz("header dict streamed", wire, random, (in, r) -> {
        HeaderDictReader reader = new HeaderDictReader(new ByteArrayInputStream(in),
            HeaderDictFormat.standard());
        for (StreamedHeaderDictFrame f; (f = reader.readStreamed()) != null; ) {
          if (r.nextBoolean()) {
            f.payload().readAllBytes();
          }
        }
      });
    }
  }

  @Test
  void allocationIsMeasurable() {
    // The bound above means something only if allocations are counted on this JVM.
    assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
    long before = THREADS.getCurrentThreadAllocatedBytes();
    byte[] big = new byte[4 * 1024 * 1024];
    long after = THREADS.getCurrentThreadAllocatedBytes();
    assertTrue(after - before >= big.length, "allocation of 4 MiB seen as " + (after - before));
  }
}
