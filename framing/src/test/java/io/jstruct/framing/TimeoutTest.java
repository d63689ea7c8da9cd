package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A timeout mid-frame reaches the caller, and calling again continues the same frame. */
class TimeoutTest {

  /** Reads every frame, retrying after each timeout; counts the timeouts. */
  private static List<Frame> readRetrying(FrameReader reader, int[] timeouts) throws IOException {
    List<Frame> frames = new ArrayList<>();
    while (true) {
      Frame frame;
      try {
        frame = reader.read();
      } catch (SocketTimeoutException e) {
        timeouts[0]++;
        continue;
      }
      if (frame == null) {
        return frames;
      }
      frames.add(frame);
    }
  }

  @Test
  void aTimeoutAtAnyByteLosesNothing() throws IOException {
    for (Layout layout : Layout.all()) {
      RoundTripTest.Sample sample = RoundTripTest.Sample.small(layout);
      byte[] wire = sample.wire;
      for (int at = 0; at <= wire.length; at++) {
        int[] timeouts = {0};
        sample.check(layout, readRetrying(new FrameReader(
            new ChunkedInputStream(wire, new int[] {at / 2}, at), layout.format), timeouts));
        assertEquals(1, timeouts[0], layout + " at " + at);
      }
    }
  }

  @Test
  void aTimeoutInsideAStreamedPayloadLosesNothing() throws IOException {
    byte[] payload = new byte[1000];
    new java.util.Random(5).nextBytes(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameFormat format = FrameFormat.builder("!II").lengthField(0).checksumField(1).build();
    new FrameWriter(out, format).write(payload);
    byte[] wire = out.toByteArray();
    for (int at = 9; at < wire.length; at += 37) {
      FrameReader reader = new FrameReader(new ChunkedInputStream(wire, new int[0], at, at + 3),
          format);
      InputStream in = reader.readStreamed().payload();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buffer = new byte[64];
      int timeouts = 0;
      while (true) {
        int n;
        try {
          n = in.read(buffer, 0, buffer.length);
        } catch (SocketTimeoutException e) {
          timeouts++;
          continue;
        }
        if (n < 0) {
          break;
        }
        got.write(buffer, 0, n);
      }
      assertEquals(2, timeouts);
      assertArrayEquals(payload, got.toByteArray());
      assertNull(reader.read());
    }
  }

  /**
   * A whole read that timed out inside a frame can be finished as a streamed read: the stream
   * starts with the bytes the whole read had, and the CRC32C covers them.
   */
  @Test
  void readStreamedAfterATimedOutReadContinuesTheFrame() throws IOException {
    byte[] payload = new byte[300];
    new java.util.Random(11).nextBytes(payload);
    FrameFormat format = FrameFormat.builder("!II").lengthField(0).checksumField(1).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, format);
    writer.write(payload);
    writer.write(new byte[] {42});
    byte[] wire = out.toByteArray();
    for (int at = 1; at < 8 + payload.length; at++) {
      FrameReader reader = new FrameReader(
          new ChunkedInputStream(wire, new int[] {at / 2}, at), format);
      assertThrows(SocketTimeoutException.class, reader::read, "at " + at);
      StreamedFrame frame = reader.readStreamed();
      assertEquals(payload.length, frame.payloadLength());
      byte[] got = frame.payload().readAllBytes();
      assertArrayEquals(payload, got, "at " + at);
      assertArrayEquals(new byte[] {42}, reader.readPayload(), "at " + at);
      assertNull(reader.read());
    }
  }

  @Test
  void readStreamedAfterATimedOutReadThenCloseSkipsTheRest() throws IOException {
    FrameFormat format = FrameFormat.lengthPrefixed("!H");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, format);
    writer.write(new byte[100]);
    writer.write(new byte[] {7});
    byte[] wire = out.toByteArray();
    for (int at = 3; at < 102; at++) {
      FrameReader reader = new FrameReader(
          new ChunkedInputStream(wire, new int[0], at), format);
      assertThrows(SocketTimeoutException.class, reader::read);
      StreamedFrame frame = reader.readStreamed();
      assertEquals(1, frame.payload().read(new byte[1], 0, 1));
      frame.close(); // skips the kept bytes and the rest from the stream
      assertArrayEquals(new byte[] {7}, reader.readPayload(), "at " + at);
    }
  }

  @Test
  void headerDictReadStreamedAfterATimedOutRead() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(out, HeaderDictFormat.standard());
    writer.write(Map.of("filename", "a.txt"), "hello world".getBytes());
    byte[] wire = out.toByteArray();
    int payloadStart = wire.length - 11;
    for (int at = 1; at < wire.length; at++) {
      HeaderDictReader reader = new HeaderDictReader(
          new ChunkedInputStream(wire, new int[0], at), HeaderDictFormat.standard());
      assertThrows(SocketTimeoutException.class, reader::read);
      StreamedHeaderDictFrame frame = reader.readStreamed();
      assertEquals("a.txt", frame.header().get("filename"), "at " + at);
      assertArrayEquals("hello world".getBytes(), frame.payload().readAllBytes(), "at " + at);
      assertNull(reader.read());
      assertTrue(at < payloadStart || frame.payloadLength() == 11);
    }
  }

  @Test
  void headerDictReaderKeepsItsPartialFrameToo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(out, HeaderDictFormat.standard());
    writer.write(Map.of("filename", "a.txt"), "hello world".getBytes());
    writer.write(Map.of(), new byte[0]);
    byte[] wire = out.toByteArray();
    for (int at = 0; at <= wire.length; at++) {
      HeaderDictReader reader = new HeaderDictReader(
          new ChunkedInputStream(wire, new int[] {at / 3}, at), HeaderDictFormat.standard());
      List<HeaderDictFrame> frames = new ArrayList<>();
      int timeouts = 0;
      while (true) {
        HeaderDictFrame frame;
        try {
          frame = reader.read();
        } catch (SocketTimeoutException e) {
          timeouts++;
          continue;
        }
        if (frame == null) {
          break;
        }
        frames.add(frame);
      }
      assertEquals(1, timeouts);
      assertEquals(2, frames.size());
      assertEquals(Map.of("filename", "a.txt", "total_size", 11), frames.get(0).header());
      assertArrayEquals("hello world".getBytes(), frames.get(0).payload());
      assertEquals(Map.of("total_size", 0), frames.get(1).header());
    }
  }

  @Test
  void aRealSocketTimeoutMidFrameThenTheRest() throws Exception {
    byte[] payload = new byte[100_000];
    new java.util.Random(9).nextBytes(payload);
    FrameFormat format = FrameFormat.lengthPrefixed("!I");
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new FrameWriter(frame, format).write(payload);
    byte[] wire = frame.toByteArray();
    ExecutorService peer = Executors.newSingleThreadExecutor();
    CountDownLatch timedOut = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> sender = peer.submit(() -> {
        try (Socket socket = server.accept()) {
          OutputStream out = socket.getOutputStream();
          out.write(wire, 0, 50_002); // the header and half the payload, then a pause
          out.flush();
          if (!timedOut.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the reader never timed out");
          }
          out.write(wire, 50_002, wire.length - 50_002);
        }
        return null;
      });
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        socket.setSoTimeout(200);
        FrameReader reader = new FrameReader(socket.getInputStream(), format);
        assertThrows(SocketTimeoutException.class, reader::read);
        timedOut.countDown();
        socket.setSoTimeout(30_000);
        assertArrayEquals(payload, reader.readPayload());
        assertNull(reader.read());
      }
      sender.get(30, TimeUnit.SECONDS);
    } finally {
      peer.shutdownNow();
    }
  }
}
