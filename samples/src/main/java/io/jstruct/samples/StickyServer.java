package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;

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
 * {@link #handle} is the accept and {@link #recvAll} the recv and print, repeated until the
 * client closes: one line per recv, the last one being the b'' of end of stream. The seed's
 * server calls recv at once and may be lucky enough to see 'hello' alone; we wait --pause
 * seconds first, the tutorial's second cause (the receiver does not pick up in time), so both
 * sends are surely in the receive buffer and the glue shows every time.
 *
 * <p>With --framed both sides use length-prefixed frames ({@code struct.pack('i', len)} +
 * bytes, the tutorial's fix, {@link StickyFramed}): after the same pause the two messages still
 * come out apart.
 *
 * <p>What a learner can skip: the server handles connection after connection until stopped,
 * and {@link Guard} bounds them (--max-clients at once) and gives each whole conversation
 * --idle-timeout (30 s at most once it has begun), so a client that trickles a byte now and
 * then (a slowloris) is cut off like a silent one; {@link Recv} stops a conversation past
 * {@link #MAX_CONVERSATION} bytes and {@link StickyFramed} a frame past 64 KiB;
 * {@link Transcripts} prints each connection's lines together when it ends.
 */
final class StickyServer implements Closeable {
  /** What one connection may send in all: every recv is printed, so this bounds the memory too. */
  static final long MAX_CONVERSATION = 1 << 20;

  private final Guard guard;
  private final boolean framed;
  private final int pauseMillis;
  private final Transcripts transcripts;

  private StickyServer(Guard guard, boolean framed, int pauseMillis, PrintStream log) {
    this.guard = guard;
    this.framed = framed;
    this.pauseMillis = pauseMillis;
    this.transcripts = new Transcripts(log);
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

  /** One client, accepted by {@link Guard}: recv and print until it closes, the whole within --idle-timeout. */
  private void handle(Guard.Connection conn) {
    String clientAddr = PyBytes.address(conn.socket.getRemoteSocketAddress()); // conn, client_addr = phone.accept()
    transcripts.record("connection from " + clientAddr, out -> conn.next(() -> { // its lines printed together
      conn.proven(); // it has begun: when the server is full, connections that have not give way first
      pause(); // the receiver does not pick up in time: both sends wait in its buffer
      return framed ? StickyFramed.receive(conn.in, out, MAX_CONVERSATION) : recvAll(conn.in, out);
    }));
  }

  /** data1 = conn.recv(1024); print('data1: ', data1); and so on until b''. Returns the recvs made. */
  private static int recvAll(InputStream in, PrintStream out) throws IOException {
    Recv conn = new Recv(in, MAX_CONVERSATION);
    for (int i = 1; ; i++) {
      byte[] data = conn.recv(1024); // data1 = conn.recv(1024): up to 1024 bytes, whatever has arrived
      out.println("data" + i + ": " + PyBytes.repr(data)); // print('data1: ', data1)
      if (data.length == 0) {
        return i; // b'': the client has closed
      }
    }
  }

  // ---- the details

  /** Waits until {@code count} connections have been handled (their output printed). */
  boolean awaitHandled(int count, long timeoutMillis) throws InterruptedException {
    return transcripts.awaitDone(count, timeoutMillis);
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
        .option("--max-clients", "N", "8", "connections served at once; when full, one that has sent nothing yet"
            + " (else the one idle longest) gives its slot to a newcomer")
        .option("--idle-timeout", "SECONDS", "30", "close a connection that has not begun, or (within 30 s at most) finished, sending by then");
  }

  static int run(Args args, Io io) throws Exception {
    try (StickyServer server = bind(Servers.bindAddress(args), args.flag("--framed"), args.seconds("--pause"),
        args.positiveInteger("--max-clients"), args.seconds("--idle-timeout"), new FloodSafeLog(io.out))) {
      io.out.println(Servers.listeningLine("sticky-server", server.address()) + (args.flag("--framed") ? " (framed)" : " (raw)"));
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
