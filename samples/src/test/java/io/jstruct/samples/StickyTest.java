package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StickyTest {
  private final LineCapture serverLog = new LineCapture();
  private StickyServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private int start(boolean framed, int pauseMillis) throws Exception {
    server = StickyServer.bind(Peers.LOOPBACK_ANY_PORT, framed, pauseMillis, serverLog.stream);
    Peers.serve(server::serve);
    return server.address().getPort();
  }

  private List<String> dataLines() {
    return serverLog.lines().stream().filter(l -> !l.startsWith("connection from")).collect(Collectors.toList());
  }

  @Test
  void theSeedsPythonClientsTwoSendsArriveGlued() throws Exception {
    int port = start(false, 1000);
    Process py = Peers.python("sticky_client.py", new LineCapture(), new LineCapture(), port);
    try {
      assertTrue(Peers.finish(py));
      assertTrue(server.awaitHandled(1, 20_000));
      assertEquals(List.of("data1: b'helloworld'", "data2: b''"), dataLines());
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void theJavaClientsTwoSendsArriveGlued() throws Exception {
    int port = start(false, 1000);
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    int code = Main.run(new String[] {"sticky-client", "--port", Integer.toString(port)}, Peers.io("hello\nworld\n", out, err));
    assertEquals(0, code, err.text());
    assertEquals("sent 2 messages\n", out.text());
    assertTrue(server.awaitHandled(1, 20_000));
    assertEquals(List.of("data1: b'helloworld'", "data2: b''"), dataLines());
  }

  @Test
  void theJavaClientAgainstTheSeedsPythonServerSendsHelloWorld() throws Exception {
    int port = Peers.freeTcpPort();
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("sticky_server.py", pyOut, new LineCapture(), port);
    try {
      Peers.awaitTcpBound(port, py);
      LineCapture err = new LineCapture();
      int code = Main.run(new String[] {"sticky-client", "--port", Integer.toString(port)}, Peers.io("hello\nworld\n", new LineCapture(), err));
      assertEquals(0, code, err.text());
      assertTrue(Peers.finish(py));
      // The seed's server recvs at once: glued or not is luck there, but nothing is lost either way.
      List<String> lines = pyOut.lines();
      assertEquals(2, lines.size(), pyOut.text());
      String joined = lines.get(0).replaceFirst("^data1:  b'(.*)'$", "$1") + lines.get(1).replaceFirst("^data2: b'(.*)'$", "$1");
      assertEquals("helloworld", joined, pyOut.text());
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void aClientThatSendsNothingOrGarbageDoesNotStopTheServer() throws Exception {
    int port = start(false, 1);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoLinger(true, 0); // RST instead of FIN: an abrupt disconnect
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {(byte) 0xff, 0, '\'', '\\', '\n'});
    }
    assertTrue(server.awaitHandled(2, 20_000));
    serverLog.awaitLine(l -> l.equals("data1: b\"\\xff\\x00'\\\\\\n\""));
    LineCapture err = new LineCapture();
    assertEquals(0, Main.run(new String[] {"sticky-client", "--port", Integer.toString(port)}, Peers.io("still here\n", new LineCapture(), err)));
    assertTrue(server.awaitHandled(1, 20_000));
    serverLog.awaitLine(l -> l.equals("data1: b'still here'"));
  }

  @Test
  void framedTheSameQuickSendsComeOutAsTwoMessages() throws Exception {
    int port = start(true, 1000);
    LineCapture err = new LineCapture();
    LineCapture out = new LineCapture();
    assertEquals(0, Main.run(new String[] {"sticky-client", "--port", Integer.toString(port), "--framed"},
        Peers.io("hello\nworld\n", out, err)), err.text());
    assertEquals("sent 2 frames\n", out.text());
    assertTrue(server.awaitHandled(1, 20_000));
    assertEquals(List.of("message1: b'hello'", "message2: b'world'", "end of stream after 2 message(s)"), dataLines());
  }

  @Test
  void framedThePythonClientWithTheTutorialsFixIsReadAsTwoMessages() throws Exception {
    int port = start(true, 1000);
    Process py = Peers.python("sticky_client_framed.py", new LineCapture(), new LineCapture(), port);
    try {
      assertTrue(Peers.finish(py));
      assertTrue(server.awaitHandled(1, 20_000));
      assertEquals(List.of("message1: b'hello'", "message2: b'world'", "end of stream after 2 message(s)"), dataLines());
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void framedAFrameCutShortOrAbsurdlyLongCostsOnlyThatConnection() throws Exception {
    int port = start(true, 1);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(utf8("GET / HTTP/1.1\r\n\r\n"));
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(new byte[] {10, 0, 0, 0, 'h', 'i'}); // promises 10 bytes, sends 2
    }
    assertTrue(server.awaitHandled(2, 20_000));
    assertEquals(2, serverLog.lines().stream().filter(l -> l.startsWith("connection failed: ")).count(), serverLog.text());
    assertEquals(0, Main.run(new String[] {"sticky-client", "--port", Integer.toString(port), "--framed"},
        Peers.io("ok\n", new LineCapture(), new LineCapture())));
    assertTrue(server.awaitHandled(1, 20_000));
    serverLog.awaitLine(l -> l.equals("message1: b'ok'"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(120)
  void aSlowlorisIsCutOffThoughEachByteArrivesWithinTheOldPerReadLimit() throws Exception {
    server = StickyServer.bind(Peers.LOOPBACK_ANY_PORT, false, 1, 8, 1000, serverLog.stream);
    Peers.serve(server::serve);
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      for (int i = 0; i < 200; i++) { // a byte every 0.2 s: each recv returns in time, the message never ends
        if (serverLog.lines().stream().anyMatch(l -> l.startsWith("connection failed: "))) {
          break;
        }
        try {
          s.getOutputStream().write('x');
        } catch (java.io.IOException closed) {
          break;
        }
        Thread.sleep(200);
      }
    }
    serverLog.awaitLine(l -> l.equals("connection failed: too slow: a message must arrive whole within 1.0 s"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aClientThatSendsMoreThanADemoNeedsIsCutOff() throws Exception {
    int port = start(false, 1);
    try (Socket s = new Socket("127.0.0.1", port)) {
      byte[] chunk = new byte[64 * 1024];
      for (int i = 0; i < 64; i++) { // 4 MiB, past the 1 MiB a conversation may hold
        try {
          s.getOutputStream().write(chunk);
        } catch (java.io.IOException closed) {
          break;
        }
      }
    }
    serverLog.awaitLine(l -> l.equals("connection failed: more than 1048576 bytes: a demo, not a sink"));
    assertTrue(serverLog.lines().size() < 1100, "lines kept: " + serverLog.lines().size());
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aFramedMessageOverTheDemosLimitIsRefusedBeforeItIsRead() throws Exception {
    int port = start(true, 1);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(io.jstruct.Struct.pack("i", 100 << 20)); // announces 100 MiB, sends none
      serverLog.awaitLine(l -> l.startsWith("connection failed: ") && l.contains("104857600"));
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
