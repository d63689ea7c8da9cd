package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

  /** A TCP listener with SO_REUSEADDR (as the seed sets it), so a restarted server can rebind at once. */
  static ServerSocket listen(InetSocketAddress address, int backlog) throws IOException {
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(address, backlog);
    return listener;
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
   * A client's connection to the server, or an error that names where it tried to connect:
   * {@code ConnectException: Connection refused} alone does not say which server was down.
   */
  static Socket connect(InetSocketAddress server, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(server, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      ConnectException named = new ConnectException("cannot connect to " + Addresses.of(server) + ": " + e.getMessage());
      named.initCause(e);
      throw named;
    }
  }

  /** The line scripts and tests wait for: it says "listening" and the port actually bound. */
  static String listeningLine(String name, InetSocketAddress bound) {
    return name + " listening on " + Addresses.of(bound);
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
