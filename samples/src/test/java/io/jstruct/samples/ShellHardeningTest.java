package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstruct.Struct;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** shell-server against clients that trickle, stop reading, guess tokens, or leave processes behind. */
@Timeout(120)
class ShellHardeningTest {
  private final LineCapture serverLog = new LineCapture();
  private final List<ShellServer> servers = new ArrayList<>();
  private final List<Long> pids = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ShellServer s : servers) {
      s.close();
    }
    for (long pid : pids) { // a failed run leaves no sleep behind
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private int start(String... options) throws Exception {
    ShellServer server = Peers.shellServer(serverLog, options);
    servers.add(server);
    return server.address().getPort();
  }

  private static Socket connect(int port) throws IOException {
    return Peers.connect(port, 60_000);
  }

  /** Reads until the server closes; true if it did (end of stream or reset). */
  private static boolean closedByServer(InputStream in) {
    try {
      byte[] sink = new byte[8192];
      while (in.read(sink) >= 0) {
        // drain
      }
      return true;
    } catch (SocketException reset) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aClientTricklingOneByteAtATimeIsDroppedAfterTheIdleTimeout() throws Exception {
    int port = start("--protocol", "json", "--token", "t", "--idle-timeout", "1");
    byte[] json = ("{\"token\": \"t\", \"pad\": \"" + "x".repeat(400) + "\", \"total_size\": 4}").getBytes(StandardCharsets.UTF_8);
    try (Socket s = connect(port)) {
      OutputStream out = s.getOutputStream();
      out.write(Struct.pack("i", json.length));
      boolean dropped = false;
      for (int i = 0; i < json.length && !dropped; i++) { // each byte well within the idle timeout
        try {
          out.write(json[i]);
          out.flush();
        } catch (SocketException e) {
          dropped = true;
        }
        Thread.sleep(200);
        if (serverLog.lines().stream().anyMatch(l -> l.contains("too slow"))) {
          dropped = true;
        }
      }
      assertTrue(dropped, "the whole 400-byte trickle was accepted: " + serverLog.text());
      assertTrue(closedByServer(s.getInputStream()));
    }
    serverLog.awaitLine(l -> l.endsWith("too slow: a message must arrive whole within 1.0 s, connection closed"));
  }

  @Test
  void aOneByteCommandIsRunAtOnceNotHeldForMoreBytes() throws Exception {
    int port = start("--protocol", "length", "--idle-timeout", "600"); // a 30 s message time: the test would time out
    try (Socket s = connect(port)) {
      s.setSoTimeout(20_000);
      assertEquals("", new String(Peers.lengthExchange(s, ":"), StandardCharsets.UTF_8)); // ':' is the shell's no-op
      assertEquals("hi\n", new String(Peers.lengthExchange(s, "echo hi"), StandardCharsets.UTF_8));
    }
  }

  @Test
  void deadlinesMetInTimeLeaveNothingBehindInTheWatchdog() throws Exception {
    int port = start("--protocol", "length");
    try (Socket s = connect(port)) {
      for (int i = 0; i < 40; i++) { // 40 commands: 80 deadlines set and met, each due in 30 s or 600 s
        assertEquals("", new String(Peers.lengthExchange(s, ":"), StandardCharsets.UTF_8));
      }
      assertTrue(servers.get(0).guard().pendingDeadlines() <= 2, "pending: " + servers.get(0).guard().pendingDeadlines());
    }
  }

  @Test
  void aSilentClientIsDroppedAfterTheIdleTimeout() throws Exception {
    int port = start("--protocol", "length", "--idle-timeout", "1");
    try (Socket s = connect(port)) {
      assertTrue(closedByServer(s.getInputStream()));
    }
    serverLog.awaitLine(l -> l.endsWith("idle for 1.0 s (--idle-timeout), connection closed"));
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndItsSlotFreed() throws Exception {
    int port = start("--protocol", "length", "--idle-timeout", "1", "--max-clients", "1", "--max-output", "20000000");
    try (Socket s = connect(port)) {
      s.setReceiveBufferSize(4096);
      s.getOutputStream().write("head -c 16000000 /dev/zero".getBytes(StandardCharsets.UTF_8)); // then never read
      serverLog.awaitLine(l -> l.endsWith("did not read its reply for 1.0 s, connection closed"));
      serverLog.awaitLine(l -> l.startsWith("<-------- "));
      try (Socket next = connect(port)) { // the one slot is free again
        assertEquals("served\n", new String(Peers.lengthExchange(next, "echo served"), StandardCharsets.UTF_8));
      }
    }
  }

  /** A client whose command runs until the server stops: its slot cannot be taken. */
  private Socket busy(int port) throws Exception {
    Socket s = connect(port);
    String seconds = Integer.toString(5900 + pids.size());
    s.getOutputStream().write(("sleep " + seconds).getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (ProcessHandle h : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
        if (h.info().command().map(c -> c.endsWith("/sleep")).orElse(false)
            && h.info().arguments().map(a -> List.of(a).contains(seconds)).orElse(false)) {
          pids.add(h.pid());
          return s;
        }
      }
      Thread.sleep(20);
    }
    s.close();
    throw new AssertionError("no sleep " + seconds + " started");
  }

  @Test
  void whenFullTricklingRawClientsGiveTheirSlotsToANewcomerOldestFirst() throws Exception {
    int port = start("--protocol", "length", "--max-clients", "2", "--idle-timeout", "600");
    try (Socket oldest = connect(port); Socket older = connect(port)) {
      assertEquals("", new String(Peers.lengthExchange(oldest, ":"), StandardCharsets.UTF_8)); // a trickler's no-op
      assertEquals("", new String(Peers.lengthExchange(older, ":"), StandardCharsets.UTF_8));
      while (servers.get(0).guard().idleConnections() < 2) { // both back between commands
        Thread.sleep(10);
      }
      try (Socket newcomer = connect(port)) {
        assertEquals("legit\n", new String(Peers.lengthExchange(newcomer, "echo legit"), StandardCharsets.UTF_8));
        assertTrue(closedByServer(oldest.getInputStream()));
        assertEquals("", new String(Peers.lengthExchange(older, ":"), StandardCharsets.UTF_8)); // the younger one stays
      }
    }
    serverLog.awaitLine(l -> l.endsWith("gives its slot to a new client, connection closed"));
  }

  @Test
  void anOutputCapTheHeapCannotHoldForEveryClientIsRefusedAtStart() {
    UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> ShellServer.config(
        ShellServer.spec().parse("--max-output", Integer.toString(Integer.MAX_VALUE), "--max-clients", "16")));
    assertTrue(e.getMessage().startsWith("--max-output x --max-clients x 3 copies of a reply is 98303 MiB, more than the heap ("),
        e.getMessage());
  }

  @Test
  void aRefusedLengthClientReadsTheReasonAsOutput() throws Exception {
    int port = start("--protocol", "length", "--max-clients", "1");
    try (Socket first = busy(port)) { // running a command: not evicted, so the next client is refused
      try (Socket second = connect(port)) {
        String reason = new String(Peers.lengthExchange(second, "echo 2"), StandardCharsets.UTF_8);
        assertEquals("\n[shell-server: already 1 clients (--max-clients), try again later]\n", reason);
      }
    }
  }

  @Test
  void afterABurstOfRefusalsTooBigToLingerRefusedClientsAreToldWhyAgain() throws Exception {
    int port = start("--protocol", "length", "--max-clients", "1");
    Guard guard = servers.get(0).guard();
    try (Socket first = busy(port)) { // running a command: not evicted, so the next client is refused
      List<Socket> refused = new ArrayList<>();
      try {
        for (int i = 0; i < 200; i++) { // more than may linger at once: the rest are closed at once
          refused.add(connect(port));
        }
        for (Socket s : refused) {
          assertTrue(closedByServer(s.getInputStream()));
        }
      } finally {
        for (Socket s : refused) {
          s.close();
        }
      }
      while (guard.lingeringRefusals() > 0) { // each lingers a second; before the fix, over-cap ones stayed counted
        Thread.sleep(50);
      }
      try (Socket next = connect(port)) {
        assertEquals("\n[shell-server: already 1 clients (--max-clients), try again later]\n",
            new String(Peers.lengthExchange(next, "echo 2"), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aJsonCommandFrameOverTheLimitsGetsAnErrorReplyThenTheConnectionCloses() throws Exception {
    int port = start("--protocol", "json", "--token", "right");
    for (String header : new String[] {"[1, 2]", "{\"token\": \"right\", \"total_size\": 100000000}"}) {
      try (Socket s = connect(port)) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(Struct.pack("i", json.length));
        s.getOutputStream().write(json);
        HeaderDictFrame reply = new HeaderDictReader(s.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
        assertTrue(String.valueOf(reply.header().get(ShellProtocol.ERROR_KEY)).startsWith("bad command frame: "),
            reply.header().toString());
        assertTrue(closedByServer(s.getInputStream()));
      }
    }
  }

  @Test
  void aWrongTokenClosesTheConnection() throws Exception {
    int port = start("--protocol", "json", "--token", "right");
    try (Socket s = connect(port)) {
      HeaderDictWriter commands = new HeaderDictWriter(s.getOutputStream(), ShellProtocol.COMMAND);
      commands.write(Map.of(TokenCheck.KEY, "guess1"), "echo hi".getBytes(StandardCharsets.UTF_8));
      HeaderDictFrame reply = new HeaderDictReader(s.getInputStream(), ShellProtocol.jsonReply(1 << 20)).read();
      assertEquals("wrong or missing token", reply.header().get(ShellProtocol.ERROR_KEY));
      assertTrue(closedByServer(s.getInputStream()));
    }
  }

  @Test
  void theTokenComesFromAFileOrAnEnvironmentVariableAndTheVariableIsHiddenFromCommands(@TempDir Path tmp) throws Exception {
    Path file = Files.writeString(tmp.resolve("token"), "from-file\n");
    ShellServer.Config fromFile = ShellServer.config(ShellServer.spec().parse("--protocol", "json", "--token-file", file.toString()));
    assertEquals("from-file", fromFile.token);
    LineCapture warnings = new LineCapture();
    Io io = Peers.io("", new LineCapture(), warnings).withEnv(name -> name.equals("SHELL_TOKEN") ? "from-env" : null);
    ShellServer.Config fromEnv = ShellServer.config(ShellServer.spec().parse("--protocol", "json", "--token-env", "SHELL_TOKEN"), io);
    assertEquals("from-env", fromEnv.token);
    assertTrue(warnings.text().startsWith("warning: a token of 8 characters can be guessed"), warnings.text());
    ShellServer server = ShellServer.bind(Peers.LOOPBACK_ANY_PORT, fromEnv, serverLog.stream);
    servers.add(server);
    Peers.serve(server::serve);
    LineCapture out = new LineCapture();
    Io clientIo = Peers.io("echo \"[$SHELL_TOKEN]\"\n", out, new LineCapture()).withEnv(name -> name.equals("T") ? "from-env" : null);
    assertEquals(0, Main.run(new String[] {"shell-client", "--port", Integer.toString(server.address().getPort()), "--protocol",
        "json", "--token-env", "T"}, clientIo));
    assertEquals("[]\n\n", out.text());
    UsageException twice = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
        () -> ShellServer.config(ShellServer.spec().parse("--token", "a", "--token-file", file.toString())));
    assertEquals("give the token once: --token, --token-file or --token-env", twice.getMessage());
  }

  @Test
  void commandsAreLoggedLikePythonsRepr() throws Exception {
    int port = start("--protocol", "length");
    try (Socket s = connect(port)) {
      Peers.lengthExchange(s, "echo 'a'\n# forged: 127.0.0.1:1 $ rm -rf /");
    }
    serverLog.awaitLine(l -> l.contains(" $ \"echo 'a'\\n# forged: 127.0.0.1:1 $ rm -rf /\"  -> "));
    assertFalse(serverLog.lines().stream().anyMatch(l -> l.startsWith("# forged")), serverLog.text());
  }

  // ---- process control: nothing a command starts outlives it

  private static List<Long> pidsIn(String output) {
    List<Long> found = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.matches("\\d+")) {
        found.add(Long.parseLong(line));
      }
    }
    return found;
  }

  private void assertAllGone(List<Long> found) throws Exception {
    for (long pid : found) {
      var handle = ProcessHandle.of(pid);
      if (handle.isPresent()) {
        handle.get().onExit().get(30, TimeUnit.SECONDS); // killed: gone in moments, else the test times out
      }
    }
  }

  /** Background, double-forked and new-session children print their PIDs, then the command outlives --timeout. */
  private static final String ESCAPES = "sleep 300 & echo $!; sh -c 'sleep 301 & echo $!'; "
      + "setsid sh -c 'echo $$; exec sleep 302' & sleep 1; ";

  @Test
  void aTimeoutKillsBackgroundDoubleForkedAndNewSessionChildren() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    int port = start("--protocol", "length", "--timeout", "2");
    try (Socket s = connect(port)) {
      String output = new String(Peers.lengthExchange(s, ESCAPES + "sleep 303"), StandardCharsets.UTF_8);
      List<Long> found = pidsIn(output);
      pids.addAll(found);
      assertEquals(3, found.size(), output);
      assertTrue(output.contains("timed out after 2.0 s"), output);
      assertAllGone(found);
    }
  }

  @Test
  void aCommandThatEndsTakesItsBackgroundJobsWithIt() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    int port = start("--protocol", "length", "--timeout", "30");
    try (Socket s = connect(port)) {
      String output = new String(Peers.lengthExchange(s, ESCAPES + "echo done"), StandardCharsets.UTF_8);
      List<Long> found = pidsIn(output);
      pids.addAll(found);
      assertEquals(3, found.size(), output);
      assertTrue(output.endsWith("done\n"), output);
      assertAllGone(found);
      assertEquals("next\n", new String(Peers.lengthExchange(s, "echo next"), StandardCharsets.UTF_8)); // nothing pinned
    }
  }

  @Test
  void theOutputCapKillsTheWholeGroup() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    int port = start("--protocol", "length", "--max-output", "100000");
    try (Socket s = connect(port)) {
      String output = new String(Peers.lengthExchange(s, "sleep 300 & echo $!; sleep 1; yes"), StandardCharsets.UTF_8);
      List<Long> found = pidsIn(output);
      pids.addAll(found);
      assertEquals(1, found.size(), output.substring(0, 40));
      assertTrue(output.endsWith("output cut at 100000 bytes (--max-output); command killed]\n"));
      assertAllGone(found);
    }
  }

  @Test
  void theServersShutdownKillsRunningCommandsAndWhatTheyStarted(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    int port = start("--protocol", "length", "--timeout", "600");
    Path pidFile = tmp.resolve("pids");
    try (Socket s = connect(port)) {
      // the PIDs would come only with the reply, which never comes: the command writes them to a file
      s.getOutputStream().write(("(" + ESCAPES + "sleep 303 & echo $!; wait) >> '" + pidFile + "'").getBytes(StandardCharsets.UTF_8));
      List<Long> found = List.of();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (found.size() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        found = Files.exists(pidFile) ? pidsIn(Files.readString(pidFile)) : List.of();
      }
      pids.addAll(found);
      assertEquals(4, found.size(), "PIDs written: " + found);
      servers.get(0).close();
      assertAllGone(found);
      assertTrue(closedByServer(s.getInputStream()));
    }
  }
}
