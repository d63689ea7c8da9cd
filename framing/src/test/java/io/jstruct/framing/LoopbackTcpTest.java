package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many frames of random sizes, 0 bytes to several MiB, across a real loopback socket: every one
 * arrives intact and in order, through the blocking reader and through the decoder fed by a
 * non-blocking channel.
 */
class LoopbackTcpTest {
  private static final int FRAMES = 400;
  /** Sequence number, length, CRC32C of the payload. */
  private static final FrameFormat FORMAT =
      FrameFormat.builder("!HII").lengthField(1).checksumField(2).build();

  /** Frame {@code i}'s payload, made again by the receiver to compare. */
  static byte[] payload(int i) {
    Random random = new Random(1000L + i);
    int size;
    if (i % 40 == 7) {
      size = 1024 * 1024 + random.nextInt(3 * 1024 * 1024); // 1 to 4 MiB: ~10 such frames
    } else if (i % 10 == 0) {
      size = 0;
    } else {
      size = random.nextInt(i % 3 == 0 ? 100_000 : 200);
    }
    byte[] payload = new byte[size];
    random.nextBytes(payload);
    return payload;
  }

  private static void send(FrameWriter writer) throws IOException {
    for (int i = 0; i < FRAMES; i++) {
      writer.write(Frame.of(payload(i), i & 0xffff));
    }
    writer.flush();
  }

  private static void check(int i, Frame frame) {
    assertEquals(i & 0xffff, frame.header()[0], "sequence");
    assertArrayEquals(payload(i), frame.payload(), "payload of frame " + i);
  }

  @Test
  void blockingReaderGetsEveryFrameInOrder() throws Exception {
    ExecutorService peer = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> sender = peer.submit(() -> {
        try (Socket socket = server.accept();
            FrameWriter writer = new FrameWriter(socket.getOutputStream(), FORMAT, false)) {
          send(writer);
        }
        return null;
      });
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        socket.setSoTimeout(60_000);
        FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()),
            FORMAT);
        for (int i = 0; i < FRAMES; i++) {
          check(i, reader.read());
        }
        assertNull(reader.read());
      }
      sender.get(60, TimeUnit.SECONDS);
    } finally {
      peer.shutdownNow();
    }
  }

  @Test
  void decoderOnANonBlockingChannelGetsEveryFrameInOrder() throws Exception {
    ExecutorService peer = Executors.newSingleThreadExecutor();
    try (ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = Selector.open()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Future<?> sender = peer.submit(() -> {
        try (SocketChannel channel = SocketChannel.open(server.getLocalAddress());
            FrameWriter writer = new FrameWriter(channel, FORMAT)) {
          send(writer);
        }
        return null;
      });
      try (SocketChannel channel = server.accept()) {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        FrameDecoder decoder = new FrameDecoder(FORMAT);
        int received = 0;
        boolean open = true;
        while (open) {
          if (selector.select(60_000) == 0) {
            throw new AssertionError("no data for 60 s after " + received + " frames");
          }
          selector.selectedKeys().clear();
          int n;
          while ((n = channel.read(buffer)) > 0) {
            buffer.flip();
            decoder.feed(buffer);
            buffer.clear();
            for (Frame frame; (frame = decoder.poll()) != null; ) {
              check(received++, frame);
            }
          }
          open = n >= 0;
        }
        assertEquals(FRAMES, received);
        assertEquals(0, decoder.partialBytes());
      }
      sender.get(60, TimeUnit.SECONDS);
    } finally {
      peer.shutdownNow();
    }
  }
}
