package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UdpChatTest {
  private static final Pattern MESSAGE = Pattern.compile("message from \\('127\\.0\\.0\\.1', (\\d+)\\): (.*)");

  private final LineCapture serverOut = new LineCapture();
  private final LineCapture serverErr = new LineCapture();
  private PipedOutputStream keyboard;
  private UdpChatServer server;
  private Thread loop;
  private int port;
  private final ExecutorService clients = Executors.newCachedThreadPool();

  @BeforeEach
  void startServer() throws Exception {
    keyboard = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(keyboard, 1 << 16);
    server = UdpChatServer.bind(Peers.LOOPBACK_ANY_PORT, Peers.io(stdin, serverOut, serverErr));
    port = server.address().getPort();
    loop = Peers.serve(server::serve);
  }

  @AfterEach
  void stop() throws Exception {
    clients.shutdownNow();
    server.close();
    keyboard.close();
  }

  /** Plays the person at the server: answers each of the next n messages with "to " + message. */
  private void answer(int n) throws Exception {
    int from = 0;
    for (int i = 0; i < n; i++) {
      from = serverOut.awaitLine(from, l -> MESSAGE.matcher(l).matches());
      Matcher m = MESSAGE.matcher(serverOut.lines().get(from));
      assertTrue(m.matches());
      keyboard.write(("to " + m.group(2) + "\n").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      from++;
    }
  }

  private Future<String> javaClient(String stdin) {
    return clients.submit(() -> {
      LineCapture out = new LineCapture();
      LineCapture err = new LineCapture();
      int code = Main.run(new String[] {"udp-chat-client", "--port", Integer.toString(port), "--timeout", "20"},
          Peers.io(stdin, out, err));
      assertEquals(0, code, err.text());
      return out.text();
    });
  }

  @Test
  void manyJavaClientsAtOnceEachGetTheReplyToTheirOwnMessage() throws Exception {
    List<Future<String>> sent = List.of(javaClient("from a\nquit\nnot sent\n"), javaClient("from b\n"), javaClient("from c\n  \nagain c\n"));
    answer(4);
    String me = "message from ('127.0.0.1', " + port + "): ";
    assertEquals(me + "to from a\n", sent.get(0).get(20, TimeUnit.SECONDS));
    assertEquals(me + "to from b\n", sent.get(1).get(20, TimeUnit.SECONDS));
    assertEquals(me + "to from c\n" + me + "to again c\n", sent.get(2).get(20, TimeUnit.SECONDS));
  }

  @Test
  void theSeedsPythonClientsTalkToTheJavaServer() throws Exception {
    LineCapture out1 = new LineCapture();
    LineCapture out2 = new LineCapture();
    Process py1 = Peers.python("udp_chat_client.py", out1, new LineCapture(), port);
    Process py2 = Peers.python("udp_chat_client.py", out2, new LineCapture(), port);
    try {
      Peers.writeStdin(py1, "你好 from one\nquit\n");
      Peers.writeStdin(py2, "hi from two\nquit\n");
      answer(2);
      assertTrue(Peers.finish(py1) && Peers.finish(py2));
      String prompt = "请输入消息,回车发送: ";
      String from = "来自[('127.0.0.1', " + port + ")]的一条消息:";
      assertEquals(prompt + from + "to 你好 from one\n" + prompt, out1.text());
      assertEquals(prompt + from + "to hi from two\n" + prompt, out2.text());
      assertEquals(0, py1.exitValue());
    } finally {
      Peers.kill(py1);
      Peers.kill(py2);
    }
  }

  @Test
  void theJavaClientTalksToTheSeedsPythonServer() throws Exception {
    server.close(); // not needed here
    int pyPort = Peers.freeUdpPort();
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("udp_chat_server.py", pyOut, new LineCapture(), pyPort);
    try {
      Peers.awaitUdpBound(pyPort, py);
      LineCapture out = new LineCapture();
      LineCapture err = new LineCapture();
      Future<Integer> client = clients.submit(() -> Main.run(
          new String[] {"udp-chat-client", "--port", Integer.toString(pyPort), "--timeout", "20"}, Peers.io("hello 你好\n", out, err)));
      pyOut.awaitLine(l -> l.matches("来自\\[\\('127\\.0\\.0\\.1', \\d+\\)\\]的一条消息:hello 你好"));
      Peers.writeStdin(py, "  welcome 欢迎  \n");
      assertEquals(0, client.get(20, TimeUnit.SECONDS), err.text());
      assertEquals(List.of("message from ('127.0.0.1', " + pyPort + "): welcome 欢迎"), out.lines());
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aMessageIsPrintedEscapedSoItCannotForgeALineOrSendTerminalEscapes() throws Exception {
    byte[] hostile = "a\nmessage from ('10.0.0.1', 22): run rm -rf ~\u001b]0;owned\u0007\u001b[1A \u4f60\u597d"
        .getBytes(StandardCharsets.UTF_8);
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      s.send(new java.net.DatagramPacket(hostile, hostile.length, java.net.InetAddress.getLoopbackAddress(), port));
      int at = serverOut.awaitLine(0, l -> MESSAGE.matcher(l).matches());
      assertEquals("message from ('127.0.0.1', " + s.getLocalPort() + "): a\\nmessage from ('10.0.0.1', 22): run rm -rf ~"
          + "\\x1b]0;owned\\x07\\x1b[1A \u4f60\u597d", serverOut.lines().get(at));
      assertTrue(serverOut.text().chars().noneMatch(c -> c == 0x1b), serverOut.text());
    }
  }

  @Test
  void endOfStdinStopsTheServer() throws Exception {
    keyboard.close();
    loop.join(20_000);
    assertTrue(!loop.isAlive(), "the chat server should stop at end of stdin");
  }

  @Test
  void repliesTypedAheadAreSentBeforeEndOfStdinStopsTheServer() throws Exception {
    keyboard.write("first\nsecond\n".getBytes(StandardCharsets.UTF_8));
    keyboard.close();
    assertEquals("message from ('127.0.0.1', " + port + "): first\nmessage from ('127.0.0.1', " + port + "): second\n",
        javaClient("one\ntwo\n").get(20, TimeUnit.SECONDS));
    loop.join(20_000);
    assertTrue(!loop.isAlive(), "the chat server should stop once its typed replies are used up");
  }
}
