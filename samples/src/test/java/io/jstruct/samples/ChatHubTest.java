package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** chat-hub over loopback with Java and Python clients, its limits, and its stop on SIGTERM. */
@Timeout(120)
class ChatHubTest {
  private static final FrameFormat FRAMES = FrameFormat.lengthPrefixed("!I");

  private static ChatHub.Config config(boolean json, int maxClients, int idleMillis, int queue,
      ChatHub.SlowPolicy slow) {
    return new ChatHub.Config(json, false, maxClients, 64 * 1024, idleMillis, 30_000, queue, slow,
        false);
  }

  private static ChatHub hub(ChatHub.Config config, LineCapture log) throws IOException {
    return ChatHub.bind(Peers.LOOPBACK_ANY_PORT, config, log.stream);
  }

  /** A blocking Java client speaking the hub's length frames. */
  private static final class Client implements Closeable {
    final Socket socket;
    final FrameReader in;
    final FrameWriter out;

    Client(ChatHub hub) throws IOException {
      this(hub, 0);
    }

    /** {@code receiveBuffer} > 0 makes the kernel's receive buffer small (a slow reader). */
    Client(ChatHub hub, int receiveBuffer) throws IOException {
      socket = new Socket();
      if (receiveBuffer > 0) {
        socket.setReceiveBufferSize(receiveBuffer);
      }
      socket.connect(hub.address());
      socket.setSoTimeout(30_000);
      in = new FrameReader(socket.getInputStream(), FRAMES);
      out = new FrameWriter(socket.getOutputStream(), FRAMES);
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    String receive() throws IOException {
      byte[] payload = in.readPayload();
      return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    while (!condition.getAsBoolean()) { // bounded by the class's @Timeout
      Thread.sleep(10);
    }
  }

  @Test
  void everyMessageGoesToEveryOtherClient() throws Exception {
    LineCapture log = new LineCapture();
    try (ChatHub hub = hub(config(false, 16, 60_000, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Client a = new Client(hub); Client b = new Client(hub); Client c = new Client(hub)) {
      await(() -> hub.clientCount() == 3, "three clients");
      a.send("hello from a");
      assertEquals("hello from a", b.receive());
      assertEquals("hello from a", c.receive());
      b.send("hi from b");
      assertEquals("hi from b", a.receive(), "a never gets its own message back");
      assertEquals("hi from b", c.receive());
      assertTrue(log.awaitLine(l -> l.matches("\\('127\\.0\\.0\\.1', \\d+\\) joined, 3 online"))
          != null);
    }
  }

  @Test
  void pythonClientTalksWithAJavaClient() throws Exception {
    Peers.assumePython();
    LineCapture log = new LineCapture();
    LineCapture pyOut = new LineCapture();
    LineCapture pyErr = new LineCapture();
    Process python = null;
    try (ChatHub hub = hub(config(false, 16, 60_000, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Client java = new Client(hub)) {
      python = Peers.python("chat_hub_client.py", pyOut, pyErr, hub.address().getPort());
      await(() -> hub.clientCount() == 2, "the Python client joined");
      java.send("ni hao from java \u4f60\u597d");
      pyOut.awaitLine(l -> l.endsWith("received: ni hao from java \u4f60\u597d"));
      Peers.writeStdin(python, "hello from python\n");
      assertEquals("hello from python", java.receive());
      python.getOutputStream().close(); // EOF: the client closes its socket and ends
      assertTrue(Peers.finish(python), "python client ended");
      assertEquals(0, python.exitValue(), pyErr.text());
      await(() -> hub.clientCount() == 1, "the Python client left");
    } finally {
      Peers.kill(python);
    }
  }

  @Test
  void headerDictsAreRelayedWithTheirHeader() throws Exception {
    LineCapture log = new LineCapture();
    HeaderDictFormat dicts = HeaderDictFormat.standard();
    try (ChatHub hub = hub(config(true, 16, 60_000, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Socket a = new Socket(); Socket b = new Socket()) {
      a.connect(hub.address());
      b.connect(hub.address());
      b.setSoTimeout(30_000);
      await(() -> hub.clientCount() == 2, "two clients");
      new HeaderDictWriter(a.getOutputStream(), dicts)
          .write(Map.of("from", "a"), "hello".getBytes(StandardCharsets.UTF_8));
      HeaderDictFrame frame = new HeaderDictReader(b.getInputStream(), dicts).read();
      assertEquals(Map.of("from", "a", "total_size", 5), frame.header());
      assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), frame.payload());
    }
  }

  @ParameterizedTest
  @EnumSource(ChatHub.SlowPolicy.class)
  void aSlowConsumerDoesNotSlowTheOthers(ChatHub.SlowPolicy policy) throws Exception {
    LineCapture log = new LineCapture();
    int queue = 256 * 1024;
    int messages = 4000;
    byte[] message = new byte[8 * 1024];
    try (ChatHub hub = hub(config(false, 16, 60_000, queue, policy), log);
        Client sender = new Client(hub); Client fast = new Client(hub);
        Client slow = new Client(hub, 4096)) {
      await(() -> hub.clientCount() == 3, "three clients");
      AtomicInteger received = new AtomicInteger();
      List<Throwable> failures = new ArrayList<>();
      Thread reader = new Thread(() -> {
        try {
          for (int i = 0; i < messages; i++) {
            byte[] got = fast.in.readPayload();
            assertEquals(i, java.nio.ByteBuffer.wrap(got).getInt(), "in order, none missing");
            received.incrementAndGet();
          }
        } catch (Throwable t) {
          synchronized (failures) {
            failures.add(t);
          }
        }
      }, "fast-reader");
      reader.setDaemon(true);
      reader.start();
      // at most 16 messages (128 KiB) in flight to the fast reader: its queue never fills, while
      // the slow one's does, 32 MiB being far more than any socket buffers hold
      for (int i = 0; i < messages; i++) {
        while (i - received.get() >= 16 && failures.isEmpty()) {
          Thread.sleep(1);
        }
        java.nio.ByteBuffer.wrap(message).putInt(0, i);
        sender.out.write(message);
      }
      reader.join();
      assertTrue(failures.isEmpty(), String.valueOf(failures));
      assertEquals(messages, received.get(), "the fast client got every message");
      if (policy == ChatHub.SlowPolicy.DROP) {
        assertTrue(hub.droppedMessages() > 0, "messages for the slow client were dropped");
        assertEquals(3, hub.clientCount(), "the slow client is still connected");
      } else {
        await(() -> hub.clientCount() == 2, "the slow client was disconnected");
        assertEquals(1, hub.slowDisconnects());
        log.awaitLine(l -> l.endsWith("is not reading: disconnected (--slow disconnect)"));
      }
    }
  }

  @Test
  void idleTimeoutCountsWholeFramesNotBytes() throws Exception {
    LineCapture log = new LineCapture();
    try (ChatHub hub = hub(config(false, 16, 300, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Client trickle = new Client(hub)) {
      trickle.socket.getOutputStream().write(new byte[] {0, 0, (byte) 0xea, 0x60}); // 60000 bytes announced
      boolean closed = false;
      try {
        while (!closed) { // a byte of payload now and then, never a whole frame
          trickle.socket.getOutputStream().write('x');
          Thread.sleep(50);
          closed = hub.clientCount() == 0 && log.text().contains("--idle-timeout");
        }
      } catch (IOException resetByTheHub) {
        closed = true;
      }
      assertTrue(closed);
      log.awaitLine(l -> l.contains("no message for 0.3 s (--idle-timeout), disconnected"));
    }
  }

  @Test
  void clientsBeyondMaxClientsAreRefused() throws Exception {
    LineCapture log = new LineCapture();
    try (ChatHub hub = hub(config(false, 2, 60_000, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Client a = new Client(hub); Client b = new Client(hub)) {
      await(() -> hub.clientCount() == 2, "two clients");
      try (Client c = new Client(hub)) {
        assertNull(c.receive(), "the third connection is closed at once");
      }
      log.awaitLine(l -> l.endsWith("already 2 clients (--max-clients)"));
      a.send("still here");
      assertEquals("still here", b.receive());
      assertEquals(2, hub.clientCount());
    }
  }

  @Test
  void aTooLongMessageIsSkippedAndTheConnectionStays() throws Exception {
    LineCapture log = new LineCapture();
    try (ChatHub hub = hub(config(false, 16, 60_000, 256 * 1024, ChatHub.SlowPolicy.DROP), log);
        Client a = new Client(hub); Client b = new Client(hub)) {
      await(() -> hub.clientCount() == 2, "two clients");
      a.out.write(new byte[64 * 1024 + 1]);
      a.send("after");
      assertEquals("after", b.receive(), "the long message was skipped, the next one relayed");
      log.awaitLine(l -> l.contains("message dropped: declared length 65537"));
    }
  }

  private static final Pattern LISTENING =
      Pattern.compile("chat-hub listening on 127\\.0\\.0\\.1:(\\d+) .*");

  @Test
  void sigtermStopsTheProcessClosesClientsAndReleasesThePort() throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "chat-hub", "--port", "0"));
    Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher m = LISTENING.matcher(String.valueOf(first));
      assertTrue(m.matches(), "first line: " + first);
      int port = Integer.parseInt(m.group(1));
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
        client.setSoTimeout(30_000);
        assertTrue(out.readLine().contains("joined, 1 online"));
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "stopped on SIGTERM");
        assertEquals(-1, client.getInputStream().read(), "the client's connection was closed");
      }
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertEquals(port, again.getLocalPort(), "the port was released");
      }
    } finally {
      Peers.kill(server);
    }
  }
}
