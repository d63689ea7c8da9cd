package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
  private final LineCapture serverLog = new LineCapture();
  private final List<ShellServer> servers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    for (ShellServer s : servers) {
      s.close();
    }
  }

  /** A server on a free loopback port, configured as by these command-line options. */
  private int start(String... options) throws Exception {
    ShellServer server = Peers.shellServer(serverLog, options);
    servers.add(server);
    return server.address().getPort();
  }

  private static Socket connect(int port) throws IOException {
    return Peers.connect(port, 30_000);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The json reply by hand: the header's JSON text, then the output. */
  private static String[] jsonExchange(Socket s, String command) throws IOException {
    s.getOutputStream().write(utf8(command));
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] length = new byte[4];
    in.readFully(length);
    byte[] header = new byte[(Integer) Struct.unpack("i", length)[0]];
    in.readFully(header);
    String json = new String(header, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"total_size\": (\\d+)\\}$").matcher(json);
    assertTrue(m.find(), json);
    byte[] data = new byte[Integer.parseInt(m.group(1))];
    in.readFully(data);
    return new String[] {json, new String(data, StandardCharsets.UTF_8)};
  }

  private Result client(int port, String stdin, String... options) {
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    List<String> argv = new ArrayList<>(List.of("shell-client", "--port", Integer.toString(port)));
    argv.addAll(List.of(options));
    int code = Main.run(argv.toArray(new String[0]), Peers.io(stdin, out, err));
    return new Result(code, out.text(), err.text());
  }

  private static final class Result {
    final int code;
    final String out;
    final String err;

    Result(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }
  }

  // ---- the wire, byte for byte

  @Test
  void lengthReplyIsStructPackIThenStdoutThenStderr() throws Exception {
    int port = start("--protocol", "length");
    try (Socket s = connect(port)) {
      s.getOutputStream().write(utf8("echo hi; echo oops >&2"));
      byte[] reply = new DataInputStream(s.getInputStream()).readNBytes(4 + 8);
      assertArrayEquals(utf8("\u0008\u0000\u0000\u0000hi\noops\n"), reply);
      assertArrayEquals(utf8("again\n"), Peers.lengthExchange(s, "echo again")); // same connection, next command
    }
  }

  @Test
  void jsonReplyIsTheLengthOfTheHeaderDictThenTheDictThenTheOutput() throws Exception {
    int port = start("--protocol", "json", "--encoding", "UTF-8");
    try (Socket s = connect(port)) {
      String[] reply = jsonExchange(s, "echo hi; echo oops >&2; exit 3");
      assertEquals("{\"encoding\": \"UTF-8\", \"stdout_size\": 3, \"stderr_size\": 5, \"exit_code\": 3, \"timed_out\": false, "
          + "\"truncated\": false, \"total_size\": 8}", reply[0]);
      assertEquals("hi\noops\n", reply[1]);
    }
  }

  // ---- Java client and server

  @Test
  void javaClientPrintsEachResultWholeWithEitherProtocol() throws Exception {
    for (String protocol : new String[] {"length", "json"}) {
      int port = start("--protocol", protocol);
      String big = "seq 1 20000"; // ~109 KB: many recv()s, one result
      Result r = client(port, "echo one\n\n  \n" + big + "\necho two\n", "--protocol", protocol, "--encoding", "UTF-8");
      assertEquals(0, r.code, r.err);
      StringBuilder expected = new StringBuilder("one\n\n");
      for (int i = 1; i <= 20000; i++) {
        expected.append(i).append('\n');
      }
      expected.append("\ntwo\n\n");
      assertEquals(expected.toString(), r.out, protocol);
    }
  }

  @Test
  void javaClientDecodesWithTheCharsetTheJsonHeaderNames() throws Exception {
    int port = start("--protocol", "json", "--encoding", "GBK");
    // 你好 in GBK, as a Chinese Windows prints it; the client's own --encoding says UTF-8
    Result r = client(port, "printf '\\304\\343\\272\\303'\n", "--protocol", "json", "--encoding", "UTF-8");
    assertEquals(0, r.code, r.err);
    assertEquals("你好\n", r.out);
    int lengthPort = start("--protocol", "length");
    Result byOption = client(lengthPort, "printf '\\304\\343\\272\\303'\n", "--encoding", "GBK");
    assertEquals("你好\n", byOption.out); // the length protocol carries no charset: --encoding says it
  }

  // ---- against the seed's Python programs

  @Test
  void seedsPythonClientsTalkToTheJavaServer() throws Exception {
    for (String protocol : new String[] {"length", "json"}) {
      int port = start("--protocol", protocol);
      LineCapture pyOut = new LineCapture();
      Process py = Peers.python("shell_client_" + protocol + ".py", pyOut, new LineCapture(), port);
      try {
        Peers.writeStdin(py, "echo hello\n\nseq 1 3000\necho bye >&2\n");
        py.getOutputStream().close();
        assertTrue(Peers.finish(py));
        StringBuilder seq = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
          seq.append(i).append('\n');
        }
        assertEquals(">>: hello\n\n>>: >>: " + seq + "\n>>: bye\n\n>>: ", pyOut.text(), protocol);
      } finally {
        Peers.kill(py);
      }
    }
  }

  @Test
  void javaClientTalksToTheSeedsPythonServers() throws Exception {
    for (String protocol : new String[] {"length", "json"}) {
      int port = Peers.freeTcpPort();
      LineCapture pyOut = new LineCapture();
      Process py = Peers.python("shell_server_" + protocol + ".py", pyOut, new LineCapture(), port);
      try {
        pyOut.awaitLine(l -> l.equals("starting..."));
        Result r = client(port, "echo hello\nseq 1 3000 | tail -n 1\necho bye >&2\n", "--protocol", protocol, "--encoding", "UTF-8");
        assertEquals(0, r.code, r.err);
        assertEquals("hello\n\n3000\n\nbye\n\n", r.out, protocol);
      } finally {
        Peers.kill(py);
      }
    }
  }

  // ---- robustness

  @Test
  void garbageAndAbruptDisconnectsNeverTakeTheServerDown() throws Exception {
    int port = start("--protocol", "length");
    try (Socket s = connect(port)) {
      s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 'x'}); // not UTF-8
      assertEquals("\n[shell-server: command is not valid UTF-8, not run]\n", new String(Peers.lengthReply(s), StandardCharsets.UTF_8));
      assertArrayEquals(utf8("still fine\n"), Peers.lengthExchange(s, "echo still fine"));
      String nul = new String(Peers.lengthExchange(s, "echo a\u0000b"), StandardCharsets.UTF_8); // valid UTF-8, but no OS takes NUL in an argument
      assertTrue(nul.startsWith("\n[shell-server: could not run the command: "), nul);
      assertArrayEquals(utf8("after nul\n"), Peers.lengthExchange(s, "echo after nul"));
    }
    try (Socket s = connect(port)) {
      s.getOutputStream().write(utf8("sleep 0.2; seq 1 100000"));
      s.setSoLinger(true, 0); // leave mid-command with a RST
    }
    try (Socket s = connect(port)) {
      s.getOutputStream().write(utf8("echo half")); // leave before reading the reply
      s.shutdownOutput();
    }
    try (Socket s = connect(port)) {
      assertArrayEquals(utf8("alive\n"), Peers.lengthExchange(s, "echo alive"));
    }
  }

  @Test
  void clientsAreServedAtOnce(@TempDir Path dir) throws Exception {
    int port = start("--protocol", "length", "--timeout", "60");
    Path flag = dir.resolve("flag");
    // The first command waits for a file only the second client creates: a server that served
    // one client at a time, as the seed's does, would never get to the second.
    Future<byte[]> waiting = pool.submit(() -> {
      try (Socket s = connect(port)) {
        return Peers.lengthExchange(s, "while [ ! -e '" + flag + "' ]; do sleep 0.05; done; echo released");
      }
    });
    serverLog.awaitLine(l -> l.startsWith("--------> "));
    try (Socket s = connect(port)) {
      assertArrayEquals(utf8(""), Peers.lengthExchange(s, "touch '" + flag + "'"));
    }
    assertArrayEquals(utf8("released\n"), waiting.get(30, TimeUnit.SECONDS));
    List<Future<Boolean>> many = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      int client = c;
      many.add(pool.submit(() -> {
        try (Socket s = connect(port)) {
          for (int i = 0; i < 5; i++) {
            if (!new String(Peers.lengthExchange(s, "echo " + client + "-" + i), StandardCharsets.UTF_8).equals(client + "-" + i + "\n")) {
              return false;
            }
          }
          return true;
        }
      }));
    }
    for (Future<Boolean> f : many) {
      assertTrue(f.get(60, TimeUnit.SECONDS));
    }
  }

  @Test
  void aTimedOutCommandIsKilledWithEveryProcessItStarted() throws Exception {
    int port = start("--protocol", "json", "--timeout", "1", "--encoding", "UTF-8");
    try (Socket s = connect(port)) {
      String[] reply = jsonExchange(s, "sleep 60 & echo $!; sleep 61 & echo $!; wait");
      assertTrue(reply[0].contains("\"exit_code\": -1, \"timed_out\": true"), reply[0]);
      String[] lines = reply[1].split("\n");
      assertTrue(reply[1].contains("[shell-server: timed out after 1.0 s; killed 3 process(es)]"), reply[1]);
      for (String pid : new String[] {lines[0], lines[1]}) {
        assertTrue(dead(Long.parseLong(pid)), "sleep " + pid + " still runs");
      }
    }
  }

  /** Gone, or a zombie waiting for a parent that does not reap (PID 1 in some containers). */
  private static boolean dead(long pid) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      if (ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)
          || (Files.exists(stat) && Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z"))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Test
  void outputOverTheCapIsCutAndTheCommandKilled() throws Exception {
    int port = start("--protocol", "length", "--max-output", "1000");
    try (Socket s = connect(port)) {
      String reply = new String(Peers.lengthExchange(s, "yes"), StandardCharsets.UTF_8); // never ends by itself
      assertEquals("y\n".repeat(500) + "\n[shell-server: output cut at 1000 bytes (--max-output); command killed]\n", reply);
      assertArrayEquals(utf8("next\n"), Peers.lengthExchange(s, "echo next"));
    }
  }

  @Test
  void fullStdoutAndStderrPipesDoNotDeadlock() throws Exception {
    int port = start("--protocol", "json", "--encoding", "UTF-8");
    try (Socket s = connect(port)) {
      // 300 KB to stderr first: the seed's server, reading stdout to the end first, hangs here
      String[] reply = jsonExchange(s, "head -c 300000 /dev/zero | tr '\\0' e >&2; head -c 300000 /dev/zero | tr '\\0' o");
      assertTrue(reply[0].contains("\"stdout_size\": 300000, \"stderr_size\": 300000"), reply[0]);
      assertEquals("o".repeat(300000) + "e".repeat(300000), reply[1]);
    }
  }

  @Test
  void aHalfFrameIsDroppedWhenTooSlowAndWhenTheServerIsFullItsSlotGoesToANewcomer() throws Exception {
    int port = start("--protocol", "json", "--token", "t", "--idle-timeout", "2", "--max-clients", "1");
    try (Socket s = connect(port)) {
      s.getOutputStream().write(new byte[] {40, 0, 0, 0, '{'}); // half a command frame, then silence
      assertEquals(-1, s.getInputStream().read()); // closed by the server
    }
    int slow = serverLog.awaitLine(0, l -> l.endsWith("too slow: a message must arrive whole within 2.0 s, connection closed"));
    serverLog.awaitLine(slow, l -> l.startsWith("<-------- "));
    try (Socket s = connect(port)) {
      s.getOutputStream().write(new byte[] {40, 0, 0, 0, '{'}); // the same, but a client comes meanwhile
      while (servers.get(0).guard().idleConnections() < 1) {
        Thread.sleep(10);
      }
      Result r = client(port, "echo back\n", "--protocol", "json", "--token", "t");
      assertEquals("back\n\n", r.out, r.err); // it took the slot: a half frame without a checked token holds none
      HeaderDictFrame why = new HeaderDictReader(s.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
      assertEquals("the server was full (--max-clients) and this connection was not busy; reconnect to go on",
          why.header().get(ShellProtocol.ERROR_KEY)); // told why, in its protocol
      assertEquals(-1, s.getInputStream().read());
    }
    serverLog.awaitLine(l -> l.endsWith("gives its slot to a new client, connection closed"));
  }

  @Test
  void whenEveryClientIsRunningACommandAnExtraJsonClientIsToldWhyInItsProtocol() throws Exception {
    int port = start("--protocol", "json", "--token", "t", "--max-clients", "1");
    try (Socket busy = connect(port)) {
      new HeaderDictWriter(busy.getOutputStream(), ShellProtocol.COMMAND)
          .write(Map.of(TokenCheck.KEY, "t"), utf8("sleep 2; echo done"));
      while (servers.get(0).guard().busyConnections() < 1) {
        Thread.sleep(10);
      }
      try (Socket extra = connect(port)) {
        HeaderDictFrame refusal = new HeaderDictReader(extra.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
        assertEquals("already 1 clients (--max-clients), try again later", refusal.header().get(ShellProtocol.ERROR_KEY));
        assertEquals(-1, extra.getInputStream().read());
      }
      HeaderDictFrame reply = new HeaderDictReader(busy.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
      assertEquals("done\n", new String(reply.payload(), StandardCharsets.UTF_8)); // the running command was not disturbed
    }
  }

  @Test
  void clientTimesOutOnAServerThatNeverRepliesAndReportsOneThatHangsUpMidReply() throws Exception {
    try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Result r = client(mute.getLocalPort(), "echo hi\n", "--timeout", "0.3");
      assertEquals(1, r.code);
      assertEquals("shell-client: no reply within 0.3 s (see --timeout)\n", r.err);
    }
    try (java.net.ServerSocket liar = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Future<?> halfReply = pool.submit(() -> {
        try (Socket conn = liar.accept()) {
          conn.getInputStream().read(new byte[1024]);
          conn.getOutputStream().write(new byte[] {100, 0, 0, 0, 'p', 'a', 'r', 't'}); // promises 100 bytes
        }
        return null;
      });
      Result cut = client(liar.getLocalPort(), "echo hi\n", "--timeout", "20");
      halfReply.get(20, TimeUnit.SECONDS);
      assertEquals(1, cut.code);
      assertTrue(cut.err.startsWith("shell-client: TruncatedFrameException: "), cut.err);
    }
  }

  @Test
  void clientRefusesACommandLongerThanOneRecv() throws Exception {
    int port = start("--protocol", "length");
    Result r = client(port, "echo " + "x".repeat(1100) + "\necho short\n");
    assertEquals(0, r.code);
    assertEquals("shell-client: command of 1105 bytes not sent: the server reads one recv(1024)\n", r.err);
    assertEquals("short\n\n", r.out);
  }

  // ---- security

  @Test
  void withATokenOnlyClientsPresentingItAreServed() throws Exception {
    int port = start("--protocol", "json", "--token", "s3cret", "--encoding", "UTF-8");
    Result ok = client(port, "echo in\n", "--protocol", "json", "--token", "s3cret");
    assertEquals(0, ok.code, ok.err);
    assertEquals("in\n\n", ok.out);
    Result wrong = client(port, "echo never\n", "--protocol", "json", "--token", "guess");
    assertEquals(1, wrong.code);
    assertEquals("shell-client: the server refused: wrong or missing token\n", wrong.err);
    assertEquals("", wrong.out);
    try (Socket s = connect(port)) { // a raw command, as the seed's client sends it, is not a frame
      s.getOutputStream().write(utf8("echo never"));
      io.jstruct.framing.HeaderDictFrame refusal =
          new io.jstruct.framing.HeaderDictReader(s.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
      assertTrue(String.valueOf(refusal.header().get(ShellProtocol.ERROR_KEY)).startsWith("bad command frame: "),
          refusal.header().toString()); // told why, then closed
      assertEquals(-1, s.getInputStream().read());
    }
    serverLog.awaitLine(l -> l.contains("bad frame, connection closed"));
    Result again = client(port, "echo in\n", "--protocol", "json", "--token", "s3cret");
    assertEquals("in\n\n", again.out);
  }

  @Test
  void refusesToStartOffLoopbackWithoutAToken() {
    UsageException e = assertThrows(UsageException.class, () -> ShellServer.bind(new InetSocketAddress("0.0.0.0", 0),
        ShellServer.config(ShellServer.spec().parse("--protocol", "json")), serverLog.stream));
    assertEquals("refusing to serve a remote shell (remote code execution) on 0.0.0.0 without --token (or --token-file, --token-env): "
        + "anyone who can reach it could use it", e.getMessage());
    LineCapture err = new LineCapture();
    assertEquals(2, Main.run(new String[] {"shell-server", "--host", "0.0.0.0", "--port", "0"}, Peers.io("", new LineCapture(), err)));
    assertTrue(err.text().startsWith("shell-server: refusing to serve a remote shell"), err.text());
    assertEquals(2, Main.run(new String[] {"shell-server", "--port", "0", "--token", "x"}, Peers.io("", new LineCapture(), err)));
    assertTrue(err.text().contains("shell-server: --token needs --protocol json"), err.text());
  }

  @Test
  void helpSaysPlainlyThatThisIsRemoteCodeExecution() {
    LineCapture out = new LineCapture();
    assertEquals(0, Main.run(new String[] {"shell-server", "--help"}, Peers.io("", out, new LineCapture())));
    assertTrue(out.text().contains("WARNING: a remote shell is remote code execution."));
    assertTrue(out.text().contains("--protocol length|json"));
  }
}
