package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

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
 * The server handles one connection after another, until stopped.
 */
final class StickyServer implements Closeable {
  private static final int IDLE_MILLIS = 30_000;

  private final ServerSocket listener;
  private final boolean framed;
  private final int pauseMillis;
  private final PrintStream log;
  /** One permit per connection handled: lets the demo and tests wait for the server's output. */
  private final java.util.concurrent.Semaphore handled = new java.util.concurrent.Semaphore(0);

  private StickyServer(ServerSocket listener, boolean framed, int pauseMillis, PrintStream log) {
    this.listener = listener;
    this.framed = framed;
    this.pauseMillis = pauseMillis;
    this.log = log;
  }

  static StickyServer bind(InetSocketAddress address, boolean framed, int pauseMillis, PrintStream log) throws IOException {
    ServerSocket listener = Servers.listen(address, 5);   // SO_REUSEADDR and listen(5), as in the seed
    return new StickyServer(listener, framed, pauseMillis, log);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  void serve() throws IOException {
    while (!listener.isClosed()) {
      Socket conn = Servers.accept(listener);
      if (conn == null) {
        return;
      }
      try (conn) {
        // one connection at a time, as in the seed: a client that connects and stays silent
        // must not hold the server for ever
        conn.setSoTimeout(IDLE_MILLIS);
        log.println("connection from " + PyBytes.address(conn.getRemoteSocketAddress()));
        pause();
        if (framed) {
          StickyFramed.receive(conn.getInputStream(), log);
        } else {
          receiveRaw(conn.getInputStream());
        }
      } catch (IOException e) {
        log.println("connection failed: " + e.getMessage()); // a bad client never stops the server
      }
      handled.release();
    }
  }

  /** recv(1024) until end of stream: each call returns whatever has arrived, glued or not. */
  private void receiveRaw(InputStream in) throws IOException {
    byte[] buffer = new byte[1024];
    for (int i = 1; ; i++) {
      int n = in.read(buffer); // one recv(1024): up to 1024 bytes, at least 1, or -1 at the end
      log.println("data" + i + ": " + PyBytes.repr(buffer, 0, Math.max(n, 0)));
      if (n < 0) {
        return;
      }
    }
  }

  /** Waits until {@code count} connections have been handled (their output printed). */
  boolean awaitHandled(int count, long timeoutMillis) throws InterruptedException {
    return handled.tryAcquire(count, timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
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
    listener.close();
  }

  static Args.Spec spec() {
    return Args.spec("sticky-server", "TCP sticky-packet demo: prints what each recv(1024) returns (raw), or each frame (--framed)")
        .hostAndPort(8080)
        .flag("--framed", "read length-prefixed frames (struct.pack('i', len) + bytes) instead of raw recv")
        .option("--pause", "SECONDS", "0.5", "wait after accept before the first recv, so quick sends pile up");
  }

  static int run(Args args, Io io) throws Exception {
    try (StickyServer server = bind(Servers.bindAddress(args), args.flag("--framed"), args.seconds("--pause"), io.out)) {
      io.out.println(Servers.listeningLine("sticky-server", server.address()) + (args.flag("--framed") ? " (framed)" : " (raw)"));
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
