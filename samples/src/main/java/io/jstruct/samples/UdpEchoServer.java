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
  private final DatagramSocket socket;
  private final PrintStream log;

  private UdpEchoServer(DatagramSocket socket, PrintStream log) {
    this.socket = socket;
    this.log = log;
  }

  static UdpEchoServer bind(InetSocketAddress address, PrintStream log) throws IOException {
    return new UdpEchoServer(new DatagramSocket(address), log);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  void serve() throws IOException {
    // recvfrom(1024) in the seed cuts longer datagrams; a 64 KiB buffer takes every one whole.
    byte[] buffer = new byte[Datagrams.RECEIVE_BUFFER];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      if (!Datagrams.receive(socket, packet)) {
        return; // closed: stopped
      }
      byte[] msg = Arrays.copyOf(buffer, packet.getLength());
      log.println(PyBytes.repr(msg) + " " + PyBytes.address(packet.getSocketAddress()));
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
    try (UdpEchoServer server = bind(Servers.bindAddress(args), io.out)) {
      io.out.println(Servers.listeningLine("udp-echo-server", server.address()) + " (udp)");
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
