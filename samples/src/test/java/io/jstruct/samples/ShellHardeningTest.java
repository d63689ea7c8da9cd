package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jstruct.Struct;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.DataInputStream;
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
    ShellServer.Config config = ShellServer.config(ShellServer.spec().parse(options));
    ShellServer server = ShellServer.bind(Peers.LOOPBACK_ANY_PORT, config, serverLog.stream);
    servers.add(server);
    Peers.serve(server::serve);
    return server.address().getPort();
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(60_000);
    return s;
  }

  private static byte[] lengthExchange(Socket s, String command) throws IOException {
    s.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
    DataInputStream in = new DataInputStream(s.getInputStream());
    byte[] header = new byte[4];
    in.readFully(header);
    byte[] data = new byte[(Integer) Struct.unpack("i", header)[0]];
    in.readFully(data);
    return data;
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
        assertEquals("served\n", new String(lengthExchange(next, "echo served"), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void aRefusedLengthClientReadsTheReasonAsOutput() throws Exception {
    int port = start("--protocol", "length", "--max-clients", "1");
    try (Socket first = connect(port)) {
      assertEquals("1\n", new String(lengthExchange(first, "echo 1"), StandardCharsets.UTF_8));
      try (Socket second = connect(port)) {
        String reason = new String(lengthExchange(second, "echo 2"), StandardCharsets.UTF_8);
        assertEquals("\n[shell-server: already 1 clients (--max-clients), try again later]\n", reason);
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
      lengthExchange(s, "echo 'a'\n# forged: 127.0.0.1:1 $ rm -rf /");
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
      String output = new String(lengthExchange(s, ESCAPES + "sleep 303"), StandardCharsets.UTF_8);
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
      String output = new String(lengthExchange(s, ESCAPES + "echo done"), StandardCharsets.UTF_8);
      List<Long> found = pidsIn(output);
      pids.addAll(found);
      assertEquals(3, found.size(), output);
      assertTrue(output.endsWith("done\n"), output);
      assertAllGone(found);
      assertEquals("next\n", new String(lengthExchange(s, "echo next"), StandardCharsets.UTF_8)); // nothing pinned
    }
  }

  @Test
  void theOutputCapKillsTheWholeGroup() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
    int port = start("--protocol", "length", "--max-output", "100000");
    try (Socket s = connect(port)) {
      String output = new String(lengthExchange(s, "sleep 300 & echo $!; sleep 1; yes"), StandardCharsets.UTF_8);
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
