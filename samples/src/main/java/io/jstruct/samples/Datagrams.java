package io.jstruct.samples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketException;

/** Receive and send for the UDP servers, which must outlive any one bad datagram. */
final class Datagrams {
  private Datagrams() {}

  /** The largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP header bytes). */
  static final int MAX_DATAGRAM = 65_507;
  /** Room for any datagram, IPv6 included: a datagram longer than the buffer would be cut silently. */
  static final int RECEIVE_BUFFER = 65_536;

  /** Why this message cannot go out as one datagram, or null when it can. */
  static String tooLong(byte[] message) {
    return message.length <= MAX_DATAGRAM ? null
        : "message of " + message.length + " bytes does not fit in one UDP datagram (at most "
            + MAX_DATAGRAM + " bytes): not sent";
  }

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
