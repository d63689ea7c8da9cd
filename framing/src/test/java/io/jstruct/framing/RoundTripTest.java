package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layout through writers, readers (streams and channels) and the decoder, split anywhere. */
class RoundTripTest {

  static Stream<Layout> layouts() {
    return Layout.all().stream();
  }

  /** A few frames: empty, one byte, and some small ones, with random header values. */
  static final class Sample {
    final List<byte[]> payloads = new ArrayList<>();
    final List<Object[]> values = new ArrayList<>();
    final byte[] wire;

    Sample(Layout layout, long seed, int... sizes) {
      Random random = new Random(seed);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int size : sizes) {
        byte[] payload = new byte[Math.min(size, layout.maxPayload)];
        random.nextBytes(payload);
        Object[] v = layout.values.apply(random);
        payloads.add(payload);
        values.add(v);
        out.writeBytes(layout.encode(payload, v));
      }
      wire = out.toByteArray();
    }

    static Sample small(Layout layout) {
      return new Sample(layout, 1, 0, 1, 5, 0, 37, 130);
    }

    static Sample large(Layout layout) {
      return new Sample(layout, 2, 3, 70_000, 0, 200_000, 64 * 1024, 64 * 1024 + 1, 9);
    }

    void check(Layout layout, List<Frame> frames) {
      assertEquals(payloads.size(), frames.size(), "frame count");
      for (int i = 0; i < frames.size(); i++) {
        assertArrayEquals(payloads.get(i), frames.get(i).payload(), "payload " + i);
        assertArrayEquals(layout.expectedHeader(payloads.get(i), values.get(i)),
            frames.get(i).header(), "header " + i);
      }
    }
  }

  private static List<Frame> readAll(FrameReader reader) throws IOException {
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = reader.read()) != null; ) {
      frames.add(f);
    }
    assertNull(reader.read(), "still null after the end");
    return frames;
  }

  private static List<Frame> pollAll(FrameDecoder decoder) {
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = decoder.poll()) != null; ) {
      frames.add(f);
    }
    return frames;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void writersProduceTheLayoutsBytes(Layout layout) throws IOException {
    Sample sample = Sample.large(layout);
    ByteArrayOutputStream viaStream = new ByteArrayOutputStream();
    ByteArrayOutputStream viaChannel = new ByteArrayOutputStream();
    ByteArrayOutputStream batched = new ByteArrayOutputStream();
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    try (FrameWriter a = new FrameWriter(viaStream, layout.format);
        FrameWriter b = new FrameWriter(Channels.newChannel(viaChannel), layout.format);
        FrameWriter c = new FrameWriter(batched, layout.format, false);
        FrameWriter d = new FrameWriter(streamed, layout.format)) {
      for (int i = 0; i < sample.payloads.size(); i++) {
        byte[] payload = sample.payloads.get(i);
        Object[] values = sample.values.get(i);
        a.write(Frame.of(payload, values));
        b.write(payload, values);
        c.write(Frame.of(payload, values));
        Object[] streamValues = values;
        if (layout.checksumItem >= 0) { // streamed writes take the whole header, CRC included
          streamValues = layout.expectedHeader(payload, values);
        }
        d.write(new java.io.ByteArrayInputStream(payload), payload.length, streamValues);
      }
      c.flush();
    }
    assertArrayEquals(sample.wire, viaStream.toByteArray());
    assertArrayEquals(sample.wire, viaChannel.toByteArray());
    assertArrayEquals(sample.wire, batched.toByteArray());
    assertArrayEquals(sample.wire, streamed.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void receivedFramesWriteBackUnchanged(Layout layout) throws IOException {
    Sample sample = Sample.small(layout);
    List<Frame> frames = readAll(new FrameReader(ChunkedInputStream.whole(sample.wire),
        layout.format));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, layout.format);
    for (Frame frame : frames) {
      writer.write(frame);
    }
    assertArrayEquals(sample.wire, out.toByteArray());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readersAndDecoderSplitAtEveryByte(Layout layout) throws IOException {
    Sample sample = Sample.small(layout);
    byte[] wire = sample.wire;
    for (int cut = 0; cut <= wire.length; cut++) {
      int[] cuts = {cut};
      sample.check(layout, readAll(new FrameReader(new ChunkedInputStream(wire, cuts),
          layout.format)));
      sample.check(layout, readAll(new FrameReader(
          Channels.newChannel(new ChunkedInputStream(wire, cuts)), layout.format)));
      FrameDecoder decoder = new FrameDecoder(layout.format);
      decoder.feed(wire, 0, cut);
      List<Frame> frames = pollAll(decoder);
      decoder.feed(Arrays.copyOfRange(wire, cut, wire.length));
      frames.addAll(pollAll(decoder));
      sample.check(layout, frames);
      assertEquals(0, decoder.partialBytes());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void everyByteAlone(Layout layout) throws IOException {
    Sample sample = Sample.small(layout);
    byte[] wire = sample.wire;
    int[] cuts = new int[wire.length];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    sample.check(layout, readAll(new FrameReader(new ChunkedInputStream(wire, cuts),
        layout.format)));
    FrameDecoder decoder = new FrameDecoder(layout.format);
    byte[] one = new byte[1];
    List<Frame> frames = new ArrayList<>();
    for (byte b : wire) {
      one[0] = b; // the same array each time: the decoder must copy, not keep it
      decoder.feed(one, 0, 1);
      frames.addAll(pollAll(decoder));
    }
    sample.check(layout, frames);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void randomGroupsOfLargeFrames(Layout layout) throws IOException {
    Sample sample = Sample.large(layout);
    byte[] wire = sample.wire;
    Random random = new Random(layout.name.hashCode());
    for (int round = 0; round < 8; round++) {
      int[] cuts = randomCuts(random, wire.length, round % 2 == 0 ? 7 : 300);
      sample.check(layout, readAll(new FrameReader(new ChunkedInputStream(wire, cuts),
          layout.format)));
      sample.check(layout, readAll(new FrameReader(
          Channels.newChannel(new ChunkedInputStream(wire, cuts)), layout.format)));
      FrameDecoder decoder = new FrameDecoder(layout.format);
      List<Frame> frames = new ArrayList<>();
      int from = 0;
      for (int i = 0; i <= cuts.length; i++) {
        int to = i < cuts.length ? cuts[i] : wire.length;
        if (round % 4 == 1) { // direct buffers take the copying path
          ByteBuffer direct = ByteBuffer.allocateDirect(to - from);
          direct.put(wire, from, to - from).flip();
          decoder.feed(direct);
          assertTrue(!direct.hasRemaining());
        } else if (round % 4 == 3) { // heap buffers with an offset
          byte[] padded = new byte[to - from + 10];
          System.arraycopy(wire, from, padded, 5, to - from);
          decoder.feed(ByteBuffer.wrap(padded, 5, to - from).slice());
        } else {
          decoder.feed(wire, from, to - from);
        }
        frames.addAll(pollAll(decoder));
        from = to;
      }
      sample.check(layout, frames);
    }
  }

  static int[] randomCuts(Random random, int length, int count) {
    return random.ints(count, 0, length + 1).sorted().distinct().toArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void streamedReadsGiveExactlyEachPayload(Layout layout) throws IOException {
    Sample sample = Sample.large(layout);
    FrameReader reader = new FrameReader(new ChunkedInputStream(sample.wire,
        randomCuts(new Random(3), sample.wire.length, 50)), layout.format);
    for (int i = 0; i < sample.payloads.size(); i++) {
      StreamedFrame frame = reader.readStreamed();
      byte[] expected = sample.payloads.get(i);
      assertEquals(expected.length, frame.payloadLength());
      assertArrayEquals(layout.expectedHeader(expected, sample.values.get(i)), frame.header());
      if (i % 2 == 0) {
        InputStream payload = frame.payload();
        assertArrayEquals(expected, payload.readAllBytes());
        assertEquals(-1, payload.read());
      } else if (expected.length > 0) { // read one byte, let the next read skip the rest
        assertEquals(expected[0] & 0xff, frame.payload().read());
        if (i % 4 == 3) {
          frame.close();
        }
      }
    }
    assertNull(reader.readStreamed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void readMixesWithReadStreamed(Layout layout) throws IOException {
    Sample sample = Sample.small(layout);
    FrameReader reader = new FrameReader(ChunkedInputStream.whole(sample.wire), layout.format);
    for (int i = 0; i < sample.payloads.size(); i++) {
      byte[] payload = i % 2 == 0 ? reader.readPayload()
          : reader.readStreamed().payload().readAllBytes();
      assertArrayEquals(sample.payloads.get(i), payload);
    }
    assertNull(reader.readPayload());
  }
}
