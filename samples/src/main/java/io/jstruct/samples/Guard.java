package io.jstruct.samples;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.FilterInputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What keeps a TCP server up whatever its clients do; a learner can skip this class, the
 * samples' loops read the same without it. It owns the listening socket and:
 *
 * <ul>
 *   <li>serves at most {@code maxClients} connections at once, each on its own thread; when all
 *       are taken, a newcomer takes the slot of a connection that is not {@linkplain
 *       Connection#busy busy} with a request the server has accepted: first the oldest of those
 *       that never had a request accepted (idle, trickling, token-less: they cannot keep anyone
 *       out), then, only if there are none, the one idle longest among those that did. The
 *       evicted client is told why where its protocol can carry a reason. Only when every
 *       connection is busy is the newcomer itself told why and closed;
 *   <li>gives a client {@code idleMillis} to begin its next message, and then at most 30 s
 *       (or {@code idleMillis}, if shorter) to send it whole, so a client that trickles one
 *       byte every few seconds is dropped like a silent one ({@link Connection#next});
 *   <li>gives each 64 KiB of a reply the same 30 s to be taken, so a client that stops reading
 *       is dropped: Java sockets have no {@code SO_SNDTIMEO}, so a watchdog closes the socket
 *       under the blocked write;
 *   <li>keeps accepting after {@code accept()} fails ("Too many open files" when the process is
 *       out of descriptors): it backs off, logs once, and goes on when descriptors are free.
 * </ul>
 *
 * Thread-safe.
 */
final class Guard implements Closeable {
  /**
   * Once a message has begun, the rest must come within this (or the idle timeout, if shorter);
   * each 64 KiB of a reply must be taken within it too. A person may pause before a command,
   * but a program sends a command, a header or 64 KiB of a file at far more than 2 KiB/s.
   */
  static final int MAX_MESSAGE_MILLIS = 30_000;
  /** The piece of a payload or reply that must pass within the message timeout. */
  static final int CHUNK = 64 * 1024;

  /** Longest pause between two failed accepts. */
  private static final long MAX_BACKOFF_MILLIS = 1_000;
  /** Refused sockets kept open a moment so the reason is read, not lost to a reset; more are just closed. */
  private static final int MAX_LINGERING_REFUSALS = 64;
  private static final long REFUSAL_LINGER_MILLIS = 1_000;

  /** Serves one connection; whatever it throws ends only that connection and is logged. */
  interface Handler {
    void handle(Connection conn) throws IOException;
  }

  /** The bytes that tell a refused client why, in its protocol; null when it cannot carry one. */
  interface Refusal {
    byte[] reason(String why) throws IOException;
  }

  /** A read of one message that can block. */
  interface IoCall<T> {
    T call() throws IOException;
  }

  /** A write of one reply that can block. */
  interface IoWrite {
    void write() throws IOException;
  }

  /** Thrown when a message or reply did not complete in time and the connection was closed. */
  static final class TimedOut extends IOException {
    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }
  }

  private final ServerSocket listener;
  private final int maxClients;
  private final int idleMillis;
  private final int messageMillis;
  private final PrintStream log;
  private final boolean announce;
  private final Semaphore slots;
  private final AtomicInteger lingering = new AtomicInteger();
  /** Used by the accept thread only. */
  private long lastRefusalLogged = System.nanoTime() - TimeUnit.SECONDS.toNanos(2);
  private long refusedUnlogged;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  /** The server's token, hidden wherever a logged error quotes a client's bytes; null for none. */
  private volatile String secret;
  /** The connections being served, to choose one to evict. */
  private final Set<Connection> live = ConcurrentHashMap.newKeySet();
  private final ExecutorService handlers;
  private final ScheduledExecutorService watchdog;

  private Guard(ServerSocket listener, String name, int maxClients, int idleMillis, PrintStream log, boolean announce) {
    this.listener = listener;
    this.announce = announce;
    this.maxClients = maxClients;
    this.idleMillis = idleMillis;
    this.messageMillis = Math.min(idleMillis, MAX_MESSAGE_MILLIS);
    this.log = log;
    this.slots = new Semaphore(maxClients);
    this.handlers = Servers.handlerThreads(name + "-connection");
    ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name + "-watchdog");
      t.setDaemon(true);
      return t;
    });
    // A deadline is cancelled each time a message arrives in time: drop it from the queue then,
    // or a client sending thousands of commands a second would pile up 10 minutes of them.
    alarms.setRemoveOnCancelPolicy(true);
    this.watchdog = alarms;
  }

  /** Hides {@code token} in what the log quotes of clients' bytes (their headers carry it). */
  void hideInLog(String token) {
    this.secret = token;
  }

  /** Connections not busy with an accepted request (those a newcomer may evict): for tests. */
  int idleConnections() {
    return (int) live.stream().filter(c -> !c.busy).count();
  }

  /** Connections busy with an accepted request: for tests. */
  int busyConnections() {
    return (int) live.stream().filter(c -> c.busy).count();
  }

  /** Refused sockets still lingering so their reason is read: for tests. */
  int lingeringRefusals() {
    return lingering.get();
  }

  /** Deadlines waiting in the watchdog's queue: for tests. */
  int pendingDeadlines() {
    return ((ScheduledThreadPoolExecutor) watchdog).getQueue().size();
  }

  /** Binds with SO_REUSEADDR (as the seed sets it); logs each connection's start and end as the seed does. */
  static Guard listen(InetSocketAddress address, String name, int maxClients, int idleMillis, PrintStream log)
      throws IOException {
    return listen(address, name, maxClients, idleMillis, log, true);
  }

  /** {@link #listen(InetSocketAddress, String, int, int, PrintStream)}, saying whether to log connections. */
  static Guard listen(InetSocketAddress address, String name, int maxClients, int idleMillis, PrintStream log,
      boolean announce) throws IOException {
    ServerSocket listener = Servers.listen(address, 50);
    try {
      warmUp(listener);
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
    return new Guard(listener, name, maxClients, idleMillis, log, announce);
  }

  /**
   * One connection to ourselves before serving, so that the JDK's socket classes (accept, read,
   * write, close) are loaded and initialised while descriptors are free: a class whose static
   * initialiser first runs when the process is out of descriptors fails for good, and then no
   * socket could ever be closed again.
   */
  private static void warmUp(ServerSocket listener) throws IOException {
    InetSocketAddress bound = (InetSocketAddress) listener.getLocalSocketAddress();
    InetSocketAddress self = bound.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), bound.getPort()) : bound;
    try (Socket client = new Socket()) {
      client.connect(self, 10_000);
      listener.setSoTimeout(10_000);
      try (Socket server = listener.accept()) {
        server.setSoTimeout(10_000);
        client.getOutputStream().write(0);
        server.getInputStream().read();
        server.shutdownOutput();
      } finally {
        listener.setSoTimeout(0);
      }
    }
    for (Class<?> c : new Class<?>[] {TimedOut.class, Connection.class, io.jstruct.framing.TruncatedFrameException.class,
        io.jstruct.framing.FrameTooLongException.class, io.jstruct.framing.MalformedHeaderException.class}) {
      c.getName(); // loaded (their files are read now, not when an error is thrown under the flood)
    }
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  int idleMillis() {
    return idleMillis;
  }

  /** Accepts and serves connections until {@link #close()}. */
  void serve(Handler handler, Refusal refusal) throws IOException {
    long backoff = 0;
    int failures = 0;
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        if (listener.isClosed()) {
          return;
        }
        if (failures++ == 0) { // once per outage: a flood must not flood the log too
          log.println("accept failed, backing off and retrying: " + e.getMessage());
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(10, backoff * 2));
        pause(backoff);
        continue;
      }
      if (failures > 0) {
        log.println("accepting again after " + failures + " failed accept(s)");
        failures = 0;
        backoff = 0;
      }
      if (!slots.tryAcquire() && !evictOne()) {
        refuse(socket, refusal, "already " + maxClients + " clients (--max-clients), try again later");
        continue;
      }
      Connection conn = null;
      try {
        conn = new Connection(socket);
        live.add(conn); // here, not in its thread: the next newcomer may already need to evict it
        open.add(socket);
        Connection started = conn;
        handlers.execute(() -> run(started, handler, refusal));
      } catch (IOException | RejectedExecutionException | OutOfMemoryError e) { // no thread, no buffer: drop this one
        if (conn != null) {
          live.remove(conn);
          open.remove(socket);
        }
        slots.release();
        closeQuietly(socket);
        log.println("dropped " + Addresses.of(socket.getRemoteSocketAddress()) + ": " + e);
      }
    }
  }

  /**
   * Takes the slot of a connection that is not busy and hands it over; false if all are busy.
   * First the oldest connection that never had a request accepted: a client that keeps
   * reconnecting pushes out its own older connections, never one that proved itself (a token
   * holder between two commands), and a legitimate newcomer is busy one round trip after it
   * connects. Only when every idle connection has proved itself does the one idle longest go.
   */
  private boolean evictOne() {
    while (true) {
      Connection victim = null;
      for (Connection c : live) {
        if (!c.busy && (victim == null || c.evictsBefore(victim))) {
          victim = c;
        }
      }
      if (victim == null) {
        return false;
      }
      if (victim.evict()) { // its slot is now the newcomer's
        Socket evicted = victim.socket;
        try {
          evicted.shutdownInput(); // its thread reads end of stream, then tells the client why
        } catch (IOException | RuntimeException e) {
          closeQuietly(evicted);
        }
        lingerThenClose(evicted);
        return true;
      }
      if (victim.ended()) {
        live.remove(victim); // it is ending on its own: look again
      }
    }
  }

  private void run(Connection conn, Handler handler, Refusal refusal) {
    if (announce) {
      log.println("--------> " + conn.who);
    }
    try {
      handler.handle(conn);
    } catch (TimedOut e) {
      log.println(conn.who + ": " + e.getMessage() + ", connection closed");
    } catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) { // one client's trouble, not the server's
      if (!conn.evicted && !listener.isClosed()) {
        // a message may quote the client's bytes: escaped, and any token in them hidden
        log.println(conn.who + ": " + PyBytes.escape(TokenCheck.redact(describe(e), secret)));
      }
    } finally {
      live.remove(conn);
      open.remove(conn.socket);
      if (conn.release()) {
        slots.release();
      }
      if (conn.evicted) {
        log.println(conn.who + ": " + (conn.proven ? "idle longest" : "never had a request accepted")
            + " while the server was full: gives its slot to a new client, connection closed");
        tellEvicted(conn, refusal); // the socket closes when its linger ends
      } else {
        closeQuietly(conn.socket);
      }
      if (announce) {
        log.println("<-------- " + conn.who); // after the slot is free
      }
    }
  }

  /** Sends an evicted client the reason, in its protocol, then end of stream. */
  private void tellEvicted(Connection conn, Refusal refusal) {
    try {
      byte[] reason = refusal == null ? null : refusal.reason(
          "the server was full (--max-clients) and this connection was not busy; reconnect to go on");
      if (reason != null) {
        conn.out.write(reason); // a few hundred bytes; a client that does not take them is closed by the linger
        conn.out.flush();
      }
      conn.socket.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      closeQuietly(conn.socket);
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof io.jstruct.framing.FramingException) {
      return "bad frame, connection closed: " + e.getMessage();
    }
    return "connection lost: " + e;
  }

  /** Tells the client why (if it can be told), then closes; never blocks the accept loop. */
  private void refuse(Socket socket, Refusal refusal, String why) {
    long now = System.nanoTime();
    if (now - lastRefusalLogged > TimeUnit.SECONDS.toNanos(1)) { // a flood of refusals must not flood the log
      log.println("refused " + Addresses.of(socket.getRemoteSocketAddress()) + ": " + why
          + (refusedUnlogged > 0 ? " (and " + refusedUnlogged + " more since the last such line)" : ""));
      lastRefusalLogged = now;
      refusedUnlogged = 0;
    } else {
      refusedUnlogged++;
    }
    byte[] reason;
    try {
      reason = refusal == null ? null : refusal.reason(why);
    } catch (IOException | RuntimeException e) {
      reason = null;
    }
    if (reason == null) {
      closeQuietly(socket);
      return;
    }
    try {
      // a few hundred bytes into an empty send buffer: this write does not block
      socket.getOutputStream().write(reason);
      socket.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      return;
    }
    lingerThenClose(socket);
  }

  /**
   * Closes a socket that was told why in a moment, so that the client reads the reason rather
   * than a reset (closing with its unread bytes pending would send one); beyond
   * {@value #MAX_LINGERING_REFUSALS} lingering at once (a flood), closes at once.
   */
  private void lingerThenClose(Socket socket) {
    if (lingering.incrementAndGet() > MAX_LINGERING_REFUSALS) { // counted only while it lingers
      lingering.decrementAndGet();
      closeQuietly(socket);
      return;
    }
    try {
      watchdog.schedule(() -> {
        closeQuietly(socket);
        lingering.decrementAndGet();
      }, REFUSAL_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException stopping) {
      closeQuietly(socket);
      lingering.decrementAndGet();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException | RuntimeException | LinkageError ignored) {
      // closing is all we wanted
    }
  }

  /** Stops accepting, closes every connection, and gives handlers a moment to finish. */
  @Override
  public void close() throws IOException {
    try {
      listener.close();
      open.forEach(Guard::closeQuietly);
    } finally {
      watchdog.shutdownNow();
      handlers.shutdownNow();
      try {
        handlers.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One client's socket, whose reads and writes of whole messages run against a deadline. */
  final class Connection {
    final Socket socket;
    /** host:port of the client, for the log. */
    final String who;
    /** The client's bytes; read them through {@link #next} and {@link #more}. */
    final InputStream in;
    private final PeekingInputStream peeking;
    /** To the client: every 64 KiB of it must be taken within the message timeout. */
    final OutputStream out;
    /** When it connected, to find the oldest. */
    final long since = System.nanoTime();
    /** Serving a request the server accepted: not to be evicted. Guarded by this. */
    private volatile boolean busy;
    /** Had a request accepted (its token checked): evicted only after every connection that has not. */
    private volatile boolean proven;
    /** When it last began a message or finished a request, to find the one idle longest. */
    private volatile long lastActive = since;
    /** Whether this connection still owns its slot (an eviction hands it over). Guarded by this. */
    private boolean holdsSlot = true;
    private volatile boolean evicted;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.who = Addresses.of(socket.getRemoteSocketAddress());
      this.peeking = new PeekingInputStream(socket.getInputStream());
      this.in = peeking;
      this.out = new BufferedOutputStream(new DeadlineOutputStream(socket.getOutputStream()), CHUNK);
    }

    /**
     * Serves a request the server has accepted (a command to run, an upload whose header passed
     * its checks, with its answer): meanwhile this connection is not evicted to make room.
     * Mark only what a client cannot get without the right to it (with a token: after it was
     * checked), or a client could hold slots by starting requests it never finishes.
     *
     * @throws IOException if the connection was already evicted (it is closed)
     */
    <T> T busy(IoCall<T> request) throws IOException {
      synchronized (this) {
        if (evicted) {
          throw new IOException("evicted");
        }
        busy = true;
        proven = true;
      }
      try {
        return request.call();
      } finally {
        lastActive = System.nanoTime();
        busy = false;
      }
    }

    /**
     * Marks a client as a real one without making it busy, for a server with no request to
     * accept (the sticky demo: a conversation has begun). It is then evicted only after every
     * connection that is not.
     */
    void proven() {
      proven = true;
    }

    /** Whether a newcomer should take this connection's slot before {@code other}'s. */
    private boolean evictsBefore(Connection other) {
      if (proven != other.proven) {
        return !proven;
      }
      return proven ? lastActive - other.lastActive < 0 : since - other.since < 0;
    }

    /** Gives up this connection's slot to a newcomer, unless it is busy or already gave it up. */
    private synchronized boolean evict() {
      if (busy || !holdsSlot) {
        return false;
      }
      holdsSlot = false;
      evicted = true;
      return true;
    }

    /** Whether it gave up its slot (evicted, or ending). */
    private synchronized boolean ended() {
      return !holdsSlot;
    }

    /** Gives up the slot at the end; false if an eviction already handed it over. */
    private synchronized boolean release() {
      boolean had = holdsSlot;
      holdsSlot = false;
      return had;
    }

    /**
     * Reads the next whole message (a command, a frame's header): its first byte may take the
     * idle timeout (a person may think before typing), the rest must follow within the message
     * timeout, so a client that trickles a byte now and then is dropped like a silent one.
     */
    <T> T next(IoCall<T> read) throws IOException {
      withDeadline(() -> {
        peeking.awaitByte();
        lastActive = System.nanoTime();
        return null;
      }, idleMillis, "idle for " + seconds(idleMillis) + " (--idle-timeout)");
      return more(read);
    }

    /** Reads more of a message that has begun (64 KiB of a file): within the message timeout. */
    <T> T more(IoCall<T> read) throws IOException {
      return withDeadline(read, messageMillis, "too slow: a message must arrive whole within " + seconds(messageMillis));
    }

    /**
     * After a last answer (an error): sends end of stream, then reads and drops at most 64 KiB the
     * client may still be sending, within the message timeout, so that closing does not reset
     * the connection and destroy the answer before the client reads it.
     */
    void endAfterAnswer() {
      try {
        socket.shutdownOutput();
        byte[] sink = new byte[8192];
        more(() -> {
          for (int left = CHUNK; left > 0; ) {
            int n = in.read(sink, 0, Math.min(sink.length, left));
            if (n < 0) {
              break;
            }
            left -= n;
          }
          return null;
        });
      } catch (IOException | RuntimeException e) {
        // the connection closes next anyway
      }
    }

    /** Writes and flushes one reply; a client that does not take it in time is dropped. */
    void send(IoWrite write) throws IOException {
      write.write();
      out.flush();
    }

    private <T> T withDeadline(IoCall<T> call, long millis, String what) throws IOException {
      boolean[] expired = new boolean[1];
      ScheduledFuture<?> alarm;
      try {
        alarm = watchdog.schedule(() -> {
          synchronized (expired) {
            expired[0] = true;
          }
          closeQuietly(socket);
        }, millis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException stopping) {
        throw new IOException("the server is stopping");
      }
      try {
        return call.call();
      } catch (IOException | RuntimeException e) {
        synchronized (expired) {
          if (expired[0]) {
            throw new TimedOut(what);
          }
        }
        throw e;
      } finally {
        alarm.cancel(false);
      }
    }

    /** Writes in pieces of at most 64 KiB, each against the message timeout. */
    private final class DeadlineOutputStream extends FilterOutputStream {
      DeadlineOutputStream(OutputStream out) {
        super(out);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
          int piece = Math.min(CHUNK, len - done);
          int from = off + done;
          withDeadline(() -> {
            out.write(b, from, piece);
            return null;
          }, messageMillis, "did not read its reply for " + seconds(messageMillis));
          done += piece;
        }
      }

      @Override
      public void flush() throws IOException {
        out.flush(); // a socket's stream sends at write(); nothing waits here
      }
    }
  }

  /**
   * Waits for a byte without taking it. Unlike {@code PushbackInputStream}, a read after the
   * wait returns what has arrived, as a {@code recv} does, and does not block for more.
   */
  private static final class PeekingInputStream extends FilterInputStream {
    private int peeked = -1;

    PeekingInputStream(InputStream in) {
      super(in);
    }

    /** Blocks until a byte has arrived or the stream has ended. */
    void awaitByte() throws IOException {
      if (peeked < 0) {
        peeked = in.read(); // -1 at the end: the next read says so again
      }
    }

    @Override
    public int read() throws IOException {
      if (peeked >= 0) {
        int b = peeked;
        peeked = -1;
        return b;
      }
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (peeked < 0 || len == 0) {
        return in.read(b, off, len);
      }
      b[off] = (byte) peeked;
      peeked = -1;
      int more = Math.min(len - 1, in.available());
      return 1 + (more > 0 ? Math.max(0, in.read(b, off + 1, more)) : 0);
    }

    @Override
    public int available() throws IOException {
      return (peeked >= 0 ? 1 : 0) + in.available();
    }

    @Override
    public long skip(long n) throws IOException {
      if (peeked >= 0 && n > 0) {
        peeked = -1;
        return 1;
      }
      return in.skip(n);
    }
  }

  private static String seconds(long millis) {
    return millis / 1000.0 + " s";
  }
}
