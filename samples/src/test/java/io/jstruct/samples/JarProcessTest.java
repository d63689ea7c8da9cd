package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The samples as separate processes, as {@code java -jar} runs them: readiness line, signals, exit codes. */
@Timeout(180)
class JarProcessTest {
  private static final Pattern LISTENING = Pattern.compile(".* listening on 127\\.0\\.0\\.1:(\\d+).*");

  private static Process main(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Reads the first line, which must say "listening" and the port. */
  private static int port(Process p, BufferedReader out) throws IOException {
    String first = out.readLine();
    Matcher m = LISTENING.matcher(String.valueOf(first));
    assertTrue(m.matches(), "first line: " + first);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void serverPrintsListeningServesAndStopsOnSigtermReleasingThePort() throws Exception {
    Process server = main("udp-echo-server", "--port", "0");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      int port = port(server, out);
      LineCapture clientOut = new LineCapture();
      assertEquals(0, Main.run(new String[] {"udp-echo-client", "--port", Integer.toString(port), "--timeout", "20"},
          Peers.io("ping\n", clientOut, new LineCapture())));
      assertEquals("PING ('127.0.0.1', " + port + ")\n", clientOut.text());
      server.destroy(); // SIGTERM: the shutdown hook closes the socket
      assertTrue(server.waitFor(30, TimeUnit.SECONDS));
      try (DatagramSocket again = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
        assertEquals(port, again.getLocalPort());
      }
    } finally {
      Peers.kill(server);
    }
  }

  @Test
  void shellServerStopsOnSigtermAndKillsTheCommandsItRuns() throws Exception {
    Process server = main("shell-server", "--port", "0", "--timeout", "600");
    List<ProcessHandle> commands = new ArrayList<>();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      int port = port(server, out);
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        s.getOutputStream().write("sleep 600".getBytes(StandardCharsets.UTF_8));
        ProcessHandle sleep = awaitDescendant(server, "sleep");
        commands.add(sleep);
        sleep.parent().ifPresent(commands::add); // the shell that runs it
        server.destroy();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        assertTrue(sleep.onExit().get(30, TimeUnit.SECONDS) != null);
        // A stopping server sends no reply for the commands it killed (ShellServer.close sets
        // "stopping" before it kills them), then closes: read to the end, so a stray reply shows.
        s.setSoTimeout(30_000);
        byte[] arrived = s.getInputStream().readAllBytes(); // ends: the connection was closed, not left hanging
        assertEquals(0, arrived.length, "a stopping server sent bytes for a command it killed: " + PyBytes.repr(arrived));
      }
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertEquals(port, again.getLocalPort());
      }
    } finally {
      Peers.kill(server);
      commands.forEach(ProcessHandle::destroyForcibly); // a failed run leaves no sleep behind
    }
  }

  private static ProcessHandle awaitDescendant(Process parent, String command) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (ProcessHandle h : (Iterable<ProcessHandle>) parent.descendants()::iterator) {
        if (h.info().command().map(c -> c.endsWith("/" + command)).orElse(false)) {
          return h;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no " + command + " started in 20 s");
  }

  @Test
  void clientExitsZeroAtEndOfInputAndTwoOnABadOption() throws Exception {
    Process bad = main("shell-client", "--protocol", "xml");
    String text = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, bad.exitValue());
    assertTrue(text.startsWith("shell-client: --protocol must be 'length' or 'json': 'xml'\nusage: "), text);
  }

  @Test
  void demoRunsTheWholeTourAndExitsZero() throws Exception {
    Process demo = main("demo");
    String text = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(demo.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, demo.exitValue(), text);
    for (String shown : new String[] {
        "struct.pack('i', 11111)         -> 67 2b 00 00",
        "    [client] HELLO JSTRUCT ('127.0.0.1', ",
        "    [server] data1: b'helloworld'",
        "    [server] message1: b'hello'\n    [server] message2: b'world'",
        "    output (total_size 21 bytes): b'hello from the shell\\n'",
        "received copy identical: true"}) {
      assertTrue(text.contains(shown), shown + "\n---\n" + text);
    }
  }
}
