package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The seed's sticky-packet (粘包) demonstration, receiving side: two quick sends arrive glued.
 *
 * <pre>{@code
 * phone = socket(AF_INET, SOCK_STREAM)
 * phone.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
 * phone.bind(('127.0.0.1', 8080))
 * phone.listen(5)
 * conn, client_addr = phone.accept()
 * data1 = conn.recv(1024)
 * print('data1: ', data1)         # data1:  b'helloworld'
 * data2 = conn.recv(1024)
 * print('data2:', data2)          # data2: b''
 * }</pre>
 *
 * The seed's server calls recv at once and may be lucky enough to see 'hello' alone; we wait
 * --pause seconds first, the tutorial's second cause (the receiver does not pick up in time),
 * so both sends are surely in the receive buffer and the glue shows every time. Then we recv
 * until the client closes, one line per recv, the last one being the b'' of end of stream.
 *
 * <p>With --framed both sides use length-prefixed frames ({@code struct.pack('i', len)} +
 * bytes, the tutorial's fix): after the same pause the two messages still come out apart.
 * The server handles connection after connection until stopped; {@link Guard} bounds them
 * (--max-clients at once) and gives each whole conversation --idle-timeout, so a client that
 * trickles a byte now and then (a slowloris) is cut off like a silent one. Each connection's
 * lines are printed together when it ends.
 */
final class StickyServer implements Closeable {
  /** What one connection may send in all: every recv is printed, so this bounds the memory too. */
  static final long MAX_CONVERSATION = 1 << 20;

  private final Guard guard;
  private final boolean framed;
  private final int pauseMillis;
  private final PrintStream log;
  /** One permit per connection handled: lets the demo and tests wait for the server's output. */
  private final Semaphore handled = new Semaphore(0);

  private StickyServer(Guard guard, boolean framed, int pauseMillis, PrintStream log) {
    this.guard = guard;
    this.framed = framed;
    this.pauseMillis = pauseMillis;
    this.log = log;
  }

  static StickyServer bind(InetSocketAddress address, boolean framed, int pauseMillis, PrintStream log) throws IOException {
    return bind(address, framed, pauseMillis, 8, 30_000, log);
  }

  static StickyServer bind(InetSocketAddress address, boolean framed, int pauseMillis, int maxClients, int idleMillis,
      PrintStream log) throws IOException {
    return new StickyServer(Guard.listen(address, "sticky", maxClients, idleMillis, log, false), framed, pauseMillis, log);
  }

  InetSocketAddress address() {
    return guard.address();
  }

  void serve() throws IOException {
    guard.serve(this::handle, null); // the client only sends: a refused one is just closed
  }

  /** conn, client_addr = phone.accept(); then recv and print until the client is done. */
  private void handle(Guard.Connection conn) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
    out.println("connection from " + PyBytes.address(conn.socket.getRemoteSocketAddress()));
    try {
      conn.next(() -> { // the whole conversation within --idle-timeout
        pause();
        if (framed) {
          StickyFramed.receive(conn.in, out, MAX_CONVERSATION);
        } else {
          receiveRaw(conn.in, out);
        }
        return null;
      });
    } catch (IOException e) {
      out.println("connection failed: " + e.getMessage()); // a bad client never stops the server
    } finally {
      synchronized (log) { // one connection's lines together
        lines.toString(StandardCharsets.UTF_8).lines().forEach(log::println);
      }
      handled.release();
    }
  }

  /** recv(1024) until end of stream: each call returns whatever has arrived, glued or not. */
  private static void receiveRaw(InputStream in, PrintStream out) throws IOException {
    byte[] buffer = new byte[1024];
    long total = 0;
    for (int i = 1; ; i++) {
      int n = in.read(buffer); // one recv(1024): up to 1024 bytes, at least 1, or -1 at the end
      out.println("data" + i + ": " + PyBytes.repr(buffer, 0, Math.max(n, 0)));
      if (n < 0) {
        return;
      }
      if ((total += n) > MAX_CONVERSATION) {
        throw new IOException("more than " + MAX_CONVERSATION + " bytes: a demo, not a sink");
      }
    }
  }

  /** Waits until {@code count} connections have been handled (their output printed). */
  boolean awaitHandled(int count, long timeoutMillis) throws InterruptedException {
    return handled.tryAcquire(count, timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(pauseMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  @Override
  public void close() throws IOException {
    guard.close();
  }

  static Args.Spec spec() {
    return Args.spec("sticky-server", "TCP sticky-packet demo: prints what each recv(1024) returns (raw), or each frame (--framed)")
        .hostAndPort(8080)
        .flag("--framed", "read length-prefixed frames (struct.pack('i', len) + bytes) instead of raw recv")
        .option("--pause", "SECONDS", "0.5", "wait after accept before the first recv, so quick sends pile up")
        .option("--max-clients", "N", "8", "connections served at once; more are closed")
        .option("--idle-timeout", "SECONDS", "30", "close a connection that has not begun, or (within 30 s at most) finished, sending by then");
  }

  static int run(Args args, Io io) throws Exception {
    try (StickyServer server = bind(Servers.bindAddress(args), args.flag("--framed"), args.seconds("--pause"),
        args.positiveInteger("--max-clients"), args.seconds("--idle-timeout"), io.out)) {
      io.out.println(Servers.listeningLine("sticky-server", server.address()) + (args.flag("--framed") ? " (framed)" : " (raw)"));
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
