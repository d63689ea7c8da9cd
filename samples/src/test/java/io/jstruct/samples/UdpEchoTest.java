package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class UdpEchoTest {
  private final LineCapture serverLog = new LineCapture();
  private UdpEchoServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    server = UdpEchoServer.bind(Peers.LOOPBACK_ANY_PORT, serverLog.stream);
    port = server.address().getPort();
    Peers.serve(server::serve);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private static byte[] exchange(DatagramSocket socket, InetSocketAddress to, byte[] data) throws Exception {
    socket.send(new DatagramPacket(data, data.length, to));
    byte[] buffer = new byte[70_000];
    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
    socket.receive(reply);
    return Arrays.copyOf(buffer, reply.getLength());
  }

  private static DatagramSocket socket() throws Exception {
    DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    s.setSoTimeout(20_000);
    return s;
  }

  @Test
  void javaClientGetsUpperCasedRepliesAndTheServerPrintsLikePython() throws Exception {
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    int code = Main.run(new String[] {"udp-echo-client", "--port", Integer.toString(port)},
        Peers.io("hello\n\n   \n  héllo wörld ß  \n", out, err));
    assertEquals(0, code, err.text());
    assertEquals(List.of("HELLO ('127.0.0.1', " + port + ")", "HéLLO WöRLD ß ('127.0.0.1', " + port + ")"), out.lines());
    assertTrue(serverLog.awaitLine(l -> l.startsWith("b'hello' ('127.0.0.1', ")).matches("b'hello' \\('127\\.0\\.0\\.1', \\d+\\)"));
    serverLog.awaitLine(l -> l.startsWith("b'h\\xc3\\xa9llo w\\xc3\\xb6rld \\xc3\\x9f' ("));
  }

  @Test
  void upperCasesOnlyAsciiLettersForEveryByteValue() throws Exception {
    byte[] all = new byte[256];
    byte[] expected = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
      expected[i] = (byte) (i >= 'a' && i <= 'z' ? i - 32 : i);
    }
    try (DatagramSocket s = socket()) {
      assertArrayEquals(expected, exchange(s, server.address(), all));
    }
  }

  @Test
  void repliesAreByteForByteThoseOfThePythonServer() throws Exception {
    int pyPort = Peers.freeUdpPort();
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("udp_echo_server.py", pyOut, new LineCapture(), pyPort);
    try (DatagramSocket s = socket()) {
      Peers.awaitUdpBound(pyPort, py);
      InetSocketAddress python = new InetSocketAddress(InetAddress.getLoopbackAddress(), pyPort);
      byte[][] messages = {
        "hello".getBytes(StandardCharsets.UTF_8),
        "mIxEd 123 ÄÖÜ é ß ǆ ﬃ".getBytes(StandardCharsets.UTF_8),
        {(byte) 0xff, (byte) 0xfe, 'a', 0, 'z', (byte) 0x80, '{', '`'},
        {},
      };
      for (byte[] m : messages) {
        assertArrayEquals(exchange(s, python, m), exchange(s, server.address(), m), new String(m, StandardCharsets.UTF_8));
      }
      // the two servers print the same line for the same datagram (the ports differ)
      String local = "('127.0.0.1', " + s.getLocalPort() + ")";
      pyOut.awaitLine(l -> l.equals("b'\\xff\\xfea\\x00z\\x80{`' " + local));
      serverLog.awaitLine(l -> l.equals("b'\\xff\\xfea\\x00z\\x80{`' " + local));
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void pythonClientTalksToJavaServer() throws Exception {
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("udp_echo_client.py", pyOut, new LineCapture(), port);
    try {
      Peers.writeStdin(py, "hello\n\nwörld\n");
      py.getOutputStream().close(); // input() then raises EOFError: the seed's client ends
      assertTrue(Peers.finish(py));
      assertEquals(">>: HELLO ('127.0.0.1', " + port + ")\n>>: >>: WöRLD ('127.0.0.1', " + port + ")\n>>: ", pyOut.text());
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void javaClientTalksToPythonServer() throws Exception {
    int pyPort = Peers.freeUdpPort();
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("udp_echo_server.py", pyOut, new LineCapture(), pyPort);
    try {
      Peers.awaitUdpBound(pyPort, py);
      LineCapture out = new LineCapture();
      LineCapture err = new LineCapture();
      int code = Main.run(new String[] {"udp-echo-client", "--port", Integer.toString(pyPort)}, Peers.io("hello\nwörld\n", out, err));
      assertEquals(0, code, err.text());
      assertEquals(List.of("HELLO ('127.0.0.1', " + pyPort + ")", "WöRLD ('127.0.0.1', " + pyPort + ")"), out.lines());
      pyOut.awaitLine(l -> l.matches("b'hello' \\('127\\.0\\.0\\.1', \\d+\\)"));
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void theLargestDatagramComesBackWhole() throws Exception {
    byte[] big = new byte[Datagrams.MAX_DATAGRAM];
    Arrays.fill(big, (byte) 'a');
    byte[] expected = new byte[big.length];
    Arrays.fill(expected, (byte) 'A');
    try (DatagramSocket s = socket()) {
      s.setSendBufferSize(1 << 17);
      assertArrayEquals(expected, exchange(s, server.address(), big)); // the seed's recvfrom(1024) keeps 1024
    }
  }

  @Test
  void aLineTooLongForADatagramIsRefusedAndTheClientGoesOn() throws Exception {
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    String tooLong = "x".repeat(Datagrams.MAX_DATAGRAM + 1);
    int code = Main.run(new String[] {"udp-echo-client", "--port", Integer.toString(port)}, Peers.io(tooLong + "\nok\n", out, err));
    assertEquals(0, code);
    assertEquals(List.of("udp-echo-client: message of 65508 bytes does not fit in one UDP datagram (at most 65507 bytes): not sent"),
        err.lines());
    assertEquals(List.of("OK ('127.0.0.1', " + port + ")"), out.lines());
  }

  @Test
  void clientTimesOutWithAClearMessageWhenNobodyAnswers() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      LineCapture out = new LineCapture();
      LineCapture err = new LineCapture();
      int code = Main.run(new String[] {"udp-echo-client", "--port", Integer.toString(silent.getLocalPort()), "--timeout", "0.2"},
          Peers.io("hello\nnever sent\n", out, err));
      assertEquals(1, code);
      assertEquals(List.of("udp-echo-client: no reply from 127.0.0.1:" + silent.getLocalPort()
          + " (udp) within 0.2 s (is the server running? see --timeout)"), err.lines());
      assertEquals("", out.text());
    }
  }

  @Test
  void manyClientsAtOnceEachGetTheirOwnReplies() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        int client = c;
        results.add(pool.submit(() -> {
          try (DatagramSocket s = socket()) {
            for (int i = 0; i < 25; i++) {
              String msg = "client " + client + " message " + i;
              byte[] reply = exchange(s, server.address(), msg.getBytes(StandardCharsets.UTF_8));
              if (!new String(reply, StandardCharsets.UTF_8).equals(msg.toUpperCase())) {
                return false;
              }
            }
            return true;
          }
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedReceiveIsLoggedAndTheServerGoesOn() throws Exception {
    LineCapture log = new LineCapture();
    AtomicInteger calls = new AtomicInteger();
    // every other receive fails before it takes a datagram, as one reporting a late ICMP error does
    UdpEchoServer failing = UdpEchoServer.bind(Peers.LOOPBACK_ANY_PORT, log.stream, (socket, packet) -> {
      int call = calls.incrementAndGet();
      if (call % 2 == 1) {
        throw new SocketException("injected failure " + call);
      }
      return Datagrams.receive(socket, packet);
    });
    try (DatagramSocket s = socket()) {
      Peers.serve(failing::serve);
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(("HELLO " + i).getBytes(StandardCharsets.UTF_8),
            exchange(s, failing.address(), ("hello " + i).getBytes(StandardCharsets.UTF_8)));
      }
      log.awaitLine(l -> l.equals("receive failed: injected failure 7")); // then the 8th call waits for a datagram
      String client = " ('127.0.0.1', " + s.getLocalPort() + ")";
      assertEquals(List.of("receive failed: injected failure 1", "b'hello 0'" + client,
          "receive failed: injected failure 3", "b'hello 1'" + client,
          "receive failed: injected failure 5", "b'hello 2'" + client,
          "receive failed: injected failure 7"), log.lines());
    } finally {
      failing.close();
    }
  }
}
