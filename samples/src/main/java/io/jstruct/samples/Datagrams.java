package io.jstruct.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;

/** Receive and send for the UDP servers, which must outlive any one bad datagram. */
final class Datagrams {
  private Datagrams() {}

  /** Blocks for one datagram; false once the socket has been closed (the server was stopped). */
  static boolean receive(DatagramSocket socket, DatagramPacket packet) throws IOException {
    try {
      socket.receive(packet);
      return true;
    } catch (SocketException e) {
      if (socket.isClosed()) {
        return false;
      }
      throw e;
    }
  }

  /** A reply that cannot be sent (peer gone, ICMP error) is logged; the server carries on. */
  static void sendOrLog(DatagramSocket socket, DatagramPacket packet, PrintStream log) {
    try {
      socket.send(packet);
    } catch (IOException e) {
      if (!socket.isClosed()) {
        log.println("could not reply to " + PyBytes.address(packet.getSocketAddress()) + ": " + e.getMessage());
      }
    }
  }
}
