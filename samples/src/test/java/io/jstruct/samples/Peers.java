package io.jstruct.samples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting things for the end-to-end tests: servers on threads, Python peers, free ports. */
final class Peers {
  private Peers() {}

  static final InetSocketAddress LOOPBACK_ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  /**
   * A shell-server on a free loopback port, configured as by these command-line options, serving
   * on a daemon thread and logging to {@code log}; the caller closes it.
   */
  static ShellServer shellServer(LineCapture log, String... options) throws Exception {
    ShellServer.Config config = ShellServer.config(ShellServer.spec().parse(options));
    ShellServer server = ShellServer.bind(LOOPBACK_ANY_PORT, config, log.stream);
    serve(server::serve);
    return server;
  }

  /** The seed client's steps, by hand: send, recv(4) for total_size, then exactly that much. */
  static byte[] lengthExchange(Socket s, String command) throws IOException {
    s.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
    return lengthReply(s);
  }

  /** recv(4) for total_size, then exactly that much: a length-protocol reply. */
  static byte[] lengthReply(Socket s) throws IOException {
    java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
    byte[] header = new byte[4];
    in.readFully(header);
    byte[] data = new byte[(Integer) io.jstruct.Struct.unpack("i", header)[0]];
    in.readFully(data);
    return data;
  }

  /** Runs a server loop on a daemon thread; the test closes the server, which ends it. */
  static Thread serve(Servers.Loop loop) {
    Thread t = new Thread(() -> {
      try {
        loop.serve();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, "test-server");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static Io io(String stdin, LineCapture out, LineCapture err) {
    return Io.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out.stream, err.stream);
  }

  static Io io(InputStream stdin, LineCapture out, LineCapture err) {
    return Io.of(stdin, out.stream, err.stream);
  }

  // ---- Python

  private static Boolean pythonPresent;

  static synchronized void assumePython() {
    if (pythonPresent == null) {
      try {
        Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
        pythonPresent = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        pythonPresent = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        pythonPresent = false;
      }
    }
    assumeTrue(pythonPresent, "python3 is not installed: skipping the test against the seed's Python program");
  }

  static Path script(String name) {
    try {
      return Path.of(Peers.class.getResource("/python/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** python3 -u SCRIPT ARGS (unbuffered prints), stdout and stderr captured. */
  static Process python(String script, LineCapture out, LineCapture err, Object... args) throws IOException {
    assumePython();
    List<String> command = new ArrayList<>(List.of("python3", "-u", script(script).toString()));
    for (Object a : args) {
      command.add(String.valueOf(a));
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PYTHONIOENCODING", "utf-8");
    Process p = pb.start();
    PUMPS.put(p, List.of(pump(p.getInputStream(), out), pump(p.getErrorStream(), err)));
    return p;
  }

  /** The threads copying each Python process's stdout and stderr into its captures. */
  private static final java.util.Map<Process, List<Thread>> PUMPS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Thread pump(InputStream in, LineCapture sink) {
    Thread t = new Thread(() -> {
      try (in) {
        in.transferTo(sink);
      } catch (IOException ignored) {
        // the process was killed
      }
    }, "python-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void writeStdin(Process p, String text) throws IOException {
    p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
  }

  /**
   * Waits up to 30 s for a Python process to exit and for everything it printed to be captured:
   * its output may still sit in the pipe when it exits, and a test that reads the capture then
   * (on a loaded machine) saw only part of it.
   */
  static boolean finish(Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      return false;
    }
    for (Thread pump : PUMPS.getOrDefault(p, List.of())) {
      pump.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (pump.isAlive()) {
        return false;
      }
    }
    PUMPS.remove(p);
    return true;
  }

  static void kill(Process p) {
    if (p != null) {
      PUMPS.remove(p);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  // ---- ports for Python servers, which take a port number, not 0

  /** A loopback client socket to {@code port} whose reads give up after {@code readTimeoutMillis}, so no test hangs on a silent server. */
  static Socket connect(int port, int readTimeoutMillis) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(readTimeoutMillis);
    return s;
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * Waits until a (Python) server holds the UDP port. On Linux this reads the kernel's socket table
   * ({@code /proc/net/udp}); binding the port ourselves to see whether it is taken would hold it for
   * a moment, and a server binding in that moment fails with "Address already in use".
   */
  static void awaitUdpBound(int port, Process server) throws InterruptedException {
    awaitBound(server, port, List.of("/proc/net/udp", "/proc/net/udp6"), null, () -> {
      new DatagramSocket(port, InetAddress.getLoopbackAddress()).close();
      return false;
    });
  }

  /** Waits until a (Python) server listens on the TCP port; on Linux by reading {@code /proc/net/tcp}. */
  static void awaitTcpBound(int port, Process server) throws InterruptedException {
    awaitBound(server, port, List.of("/proc/net/tcp", "/proc/net/tcp6"), "0A", () -> {
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return false;
      }
    });
  }

  private interface Probe {
    boolean bound() throws IOException;
  }

  private static void awaitBound(Process server, int port, List<String> tables, String state, Probe bindProbe)
      throws InterruptedException {
    boolean procfs = tables.stream().anyMatch(t -> java.nio.file.Files.isReadable(Path.of(t)));
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("the Python server exited with " + server.exitValue());
      }
      try {
        if (procfs ? listed(tables, port, state) : bindProbe.bound()) {
          return;
        }
      } catch (IOException inUse) {
        return; // only the bind probe throws: somebody holds the port
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the Python server did not bind in 20 s");
  }

  /**
   * Whether a socket table lists a local socket on the port (in the state, when given). A row reads
   * {@code "  0: 0100007F:D97E 00000000:0000 0A ..."}: local address and hex port, remote, state.
   */
  private static boolean listed(List<String> tables, int port, String state) {
    String hexPort = String.format(":%04X", port);
    for (String table : tables) {
      List<String> rows;
      try {
        rows = java.nio.file.Files.readAllLines(Path.of(table));
      } catch (IOException absent) {
        continue; // e.g. no IPv6
      }
      for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
        String[] cols = row.trim().split("\\s+");
        if (cols.length > 3 && cols[1].endsWith(hexPort) && (state == null || cols[3].equals(state))) {
          return true;
        }
      }
    }
    return false;
  }
}
