package io.jstruct.benchmarks;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The thread-per-connection counterpart of {@code chat-hub --echo}, for {@link LoadDriver}: the
 * same {@code "!I"} frames, read by framing's blocking {@link FrameReader} on one platform thread
 * per client and echoed by a {@link FrameWriter}. What the samples' blocking servers do, with
 * nothing else in the way.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar io.jstruct.benchmarks.BlockingEchoServer
 * </pre>
 *
 * Binds loopback on an ephemeral port and prints {@code blocking-echo listening on
 * 127.0.0.1:PORT}; runs until killed.
 */
public final class BlockingEchoServer {
  private BlockingEchoServer() {}

  /**
   * Runs the server until the process is killed.
   *
   * @param args unused
   * @throws IOException if the listener cannot be opened
   */
  public static void main(String[] args) throws IOException {
    FrameFormat format = FrameFormat.lengthPrefixed("!I");
    ServerSocket listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    System.out.println("blocking-echo listening on 127.0.0.1:" + listener.getLocalPort());
    System.out.flush();
    while (true) {
      Socket conn = listener.accept();
      Thread t = new Thread(() -> echo(conn, format), "echo");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void echo(Socket conn, FrameFormat format) {
    try (conn) {
      conn.setTcpNoDelay(true);
      FrameReader in = new FrameReader(conn.getInputStream(), format);
      FrameWriter out = new FrameWriter(conn.getOutputStream(), format);
      for (byte[] payload; (payload = in.readPayload()) != null; ) {
        out.write(payload);
      }
    } catch (IOException e) {
      // the client went away: this connection's thread ends
    }
  }
}
