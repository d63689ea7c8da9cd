package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * The seed's UDP echo server: every datagram comes back upper-cased.
 *
 * <pre>{@code
 * udp_ss = socket(AF_INET, SOCK_DGRAM)
 * udp_ss.bind(('127.0.0.1', 8080))
 * while True:
 *     msg, addr = udp_ss.recvfrom(1024)
 *     print(msg, addr)
 *     udp_ss.sendto(msg.upper(), addr)
 * }</pre>
 */
final class UdpEchoServer implements Closeable {
  /** Bytes of a datagram shown in the log; the rest is counted, not printed. */
  static final int LOGGED_BYTES = 1024;

  private final DatagramSocket socket;
  private final PrintStream log;
  private final Receiver receiver;

  /**
   * How {@link #serve} takes the next datagram: {@link Datagrams#receive}. The seam exists for one
   * test: a receive that fails (as a late ICMP error can make it) must be logged and the loop go on,
   * and a loopback socket cannot be made to fail on demand.
   */
  interface Receiver {
    /** Blocks for one datagram; false once the socket has been closed. */
    boolean receive(DatagramSocket socket, DatagramPacket packet) throws IOException;
  }

  private UdpEchoServer(DatagramSocket socket, PrintStream log, Receiver receiver) {
    this.socket = socket;
    this.log = log;
    this.receiver = receiver;
  }

  static UdpEchoServer bind(InetSocketAddress address, PrintStream log) throws IOException {
    return bind(address, log, Datagrams::receive);
  }

  /** {@link #bind(InetSocketAddress, PrintStream)}, taking datagrams with {@code receiver}: for tests. */
  static UdpEchoServer bind(InetSocketAddress address, PrintStream log, Receiver receiver) throws IOException {
    return new UdpEchoServer(new DatagramSocket(address), log, receiver);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void serve() throws IOException {
    // recvfrom(1024) in the seed cuts longer datagrams; a 64 KiB buffer takes every one whole.
    byte[] buffer = new byte[Datagrams.RECEIVE_BUFFER];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        if (!receiver.receive(socket, packet)) {
          return; // closed: stopped
        }
      } catch (IOException e) { // an ICMP error reported late, say: one datagram lost, not the server
        log.println("receive failed: " + e.getMessage());
        continue;
      }
      byte[] msg = Arrays.copyOf(buffer, packet.getLength());
      log.println(PyBytes.reprPrefix(msg, LOGGED_BYTES) + " " + PyBytes.address(packet.getSocketAddress())); // print(msg, addr)
      byte[] reply = PyBytes.upper(msg);
      Datagrams.sendOrLog(socket, new DatagramPacket(reply, reply.length, packet.getSocketAddress()), log);
    }
  }

  @Override
  public void close() {
    socket.close();
  }

  static Args.Spec spec() {
    return Args.spec("udp-echo-server", "UDP echo server: replies with each datagram upper-cased (ASCII a-z only)")
        .hostAndPort(8080)
        .note("Prints each datagram as Python's print(msg, addr) would: b'hello' ('127.0.0.1', 54321).\n"
            + "Datagrams up to 65,507 bytes arrive whole. Stop with Ctrl-C.");
  }

  static int run(Args args, Io io) throws Exception {
    try (UdpEchoServer server = bind(Servers.bindAddress(args), new FloodSafeLog(io.out))) {
      io.out.println(Servers.listeningLine("udp-echo-server", server.address()) + " (udp)");
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
