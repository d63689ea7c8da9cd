package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** What every server does the same way: where to bind, and how to run until stopped. */
final class Servers {
  private Servers() {}

  /** A server's loop: returns when the server is closed. */
  interface Loop {
    void serve() throws IOException;
  }

  static InetSocketAddress bindAddress(Args args) throws UsageException {
    return new InetSocketAddress(resolve(args.host()), args.port());
  }

  /** The server a client talks to: --host and --port; port 0 makes no sense there. */
  static InetSocketAddress serverAddress(Args args) throws UsageException {
    int port = args.port();
    if (port == 0) {
      throw new UsageException("--port 0 only makes sense for a server; give the server's port");
    }
    return new InetSocketAddress(resolve(args.host()), port);
  }

  static InetAddress resolve(String host) throws UsageException {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UsageException("--host: unknown host '" + host + "'");
    }
  }

  /**
   * A server that acts for its clients (runs commands, writes files) stays on loopback unless
   * told otherwise, and off loopback it needs a shared secret.
   */
  static void requireTokenOffLoopback(InetAddress host, String token, String what) throws UsageException {
    if (token != null && token.isEmpty()) {
      throw new UsageException("--token must not be empty");
    }
    if (!host.isLoopbackAddress() && token == null) {
      throw new UsageException("refusing to serve " + what + " on " + host.getHostAddress()
          + " without --token: anyone who can reach it could use it");
    }
  }

  /** Compares a presented token with the expected one in constant time. */
  static boolean tokenMatches(Object presented, String expected) {
    if (!(presented instanceof String)) {
      return false;
    }
    // how long the comparison takes says nothing about how much of the token matched
    return java.security.MessageDigest.isEqual(((String) presented).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A TCP listener with SO_REUSEADDR (as the seed sets it), so a restarted server can rebind at once. */
  static ServerSocket listen(InetSocketAddress address, int backlog) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address, backlog);
    return listener;
  }

  /** The next connection, or null once the listener has been closed (the server is stopping). */
  static Socket accept(ServerSocket listener) throws IOException {
    try {
      return listener.accept();
    } catch (SocketException e) {
      if (listener.isClosed()) {
        return null;
      }
      throw e;
    }
  }

  /**
   * One daemon thread per connection, named for thread dumps: a stuck client must not keep a
   * stopping JVM alive.
   */
  static ExecutorService handlerThreads(String name) {
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Stops a server that serves each connection on a handler thread: no new connections, every
   * open one closed, handlers interrupted, then a moment for them to finish (a shell handler
   * kills its command when interrupted) before a stopping JVM halts them mid-way.
   */
  static void stop(ServerSocket listener, Set<Socket> connections, ExecutorService handlers)
      throws IOException {
    try {
      listener.close();
      for (Socket conn : connections) {
        conn.close();
      }
    } finally {
      handlers.shutdownNow();
      try {
        handlers.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The line scripts and tests wait for: it says "listening" and the port actually bound. */
  static String listeningLine(String name, InetSocketAddress bound) {
    return name + " listening on " + bound.getAddress().getHostAddress() + ":" + bound.getPort();
  }

  /**
   * Runs the loop until it returns. On Ctrl-C (SIGINT) or SIGTERM the JVM runs its shutdown
   * hooks: ours closes the server, which ends the loop and releases the port.
   */
  static void runUntilStopped(Closeable server, Loop loop) throws IOException {
    Thread hook = new Thread(() -> {
      try {
        server.close();
      } catch (IOException ignored) {
        // already stopping: nothing more to release
      }
    }, "stop-server");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      loop.serve();
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
  }
}
