package io.jstruct.samples;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.FilterOutputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What keeps a TCP server up whatever its clients do; a learner can skip this class, the
 * samples' loops read the same without it. It owns the listening socket and:
 *
 * <ul>
 *   <li>serves at most {@code maxClients} connections at once, each on its own thread; one more
 *       is told why (when its protocol can carry a reason) and closed;
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
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-watchdog");
      t.setDaemon(true);
      return t;
    });
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
      } catch (IOException | RuntimeException e) {
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
      if (!slots.tryAcquire()) {
        refuse(socket, refusal, "already " + maxClients + " clients (--max-clients), try again later");
        continue;
      }
      Connection conn;
      try {
        conn = new Connection(socket);
        handlers.execute(() -> run(conn, handler));
      } catch (IOException | RejectedExecutionException | OutOfMemoryError e) { // no thread, no buffer: drop this one
        slots.release();
        closeQuietly(socket);
        log.println("dropped " + Addresses.of(socket.getRemoteSocketAddress()) + ": " + e);
      }
    }
  }

  private void run(Connection conn, Handler handler) {
    open.add(conn.socket);
    if (announce) {
      log.println("--------> " + conn.who);
    }
    try {
      handler.handle(conn);
    } catch (TimedOut e) {
      log.println(conn.who + ": " + e.getMessage() + ", connection closed");
    } catch (IOException | RuntimeException | LinkageError | OutOfMemoryError e) { // one client's trouble, not the server's
      if (!listener.isClosed()) {
        log.println(conn.who + ": " + PyBytes.escape(describe(e))); // a message may quote the client's bytes
      }
    } finally {
      open.remove(conn.socket);
      slots.release();
      closeQuietly(conn.socket);
      if (announce) {
        log.println("<-------- " + conn.who); // after the slot is free
      }
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
    try {
      byte[] reason = refusal == null ? null : refusal.reason(why);
      if (reason == null || lingering.incrementAndGet() > MAX_LINGERING_REFUSALS) {
        closeQuietly(socket);
        return;
      }
      // a few hundred bytes into an empty send buffer: this write does not block
      socket.getOutputStream().write(reason);
      socket.shutdownOutput();
      watchdog.schedule(() -> {
        closeQuietly(socket);
        lingering.decrementAndGet();
      }, REFUSAL_LINGER_MILLIS, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
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
    final PushbackInputStream in;
    /** To the client: every 64 KiB of it must be taken within the message timeout. */
    final OutputStream out;

    private Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.who = Addresses.of(socket.getRemoteSocketAddress());
      this.in = new PushbackInputStream(socket.getInputStream(), 1);
      this.out = new BufferedOutputStream(new DeadlineOutputStream(socket.getOutputStream()), CHUNK);
    }

    /**
     * Reads the next whole message (a command, a frame's header): its first byte may take the
     * idle timeout (a person may think before typing), the rest must follow within the message
     * timeout, so a client that trickles a byte now and then is dropped like a silent one.
     */
    <T> T next(IoCall<T> read) throws IOException {
      withDeadline(() -> {
        int first = in.read();
        if (first >= 0) {
          in.unread(first);
        }
        return null;
      }, idleMillis, "idle for " + seconds(idleMillis) + " (--idle-timeout)");
      return more(read);
    }

    /** Reads more of a message that has begun (64 KiB of a file): within the message timeout. */
    <T> T more(IoCall<T> read) throws IOException {
      return withDeadline(read, messageMillis, "too slow: a message must arrive whole within " + seconds(messageMillis));
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

  private static String seconds(long millis) {
    return millis / 1000.0 + " s";
  }
}
