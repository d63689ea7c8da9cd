package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One request, one reply over UDP, as the seed's clients do with {@code sendto} and
 * {@code recvfrom}, but with a timeout: the seed's client waits forever for a reply that a
 * missing server will never send.
 */
final class UdpClient implements Closeable {
  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final int timeoutMillis;

  UdpClient(InetSocketAddress server, int timeoutMillis) throws IOException {
    this.socket = new DatagramSocket();
    // connect() is not in the seed: it makes the OS drop datagrams from anyone but the server,
    // and turns the ICMP "port unreachable" of a missing server into an exception.
    this.socket.connect(server);
    this.socket.setSoTimeout(timeoutMillis);
    this.server = server;
    this.timeoutMillis = timeoutMillis;
  }

  /** A reply and who sent it: Python's {@code msg, addr = recvfrom(...)}. */
  static final class Reply {
    final byte[] data;
    final InetSocketAddress sender;

    Reply(byte[] data, InetSocketAddress sender) {
      this.data = data;
      this.sender = sender;
    }

    String text() {
      // decode('utf-8') in Python raises on invalid bytes; we show U+FFFD instead
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  /** Thrown when the server does not answer: the client cannot go on. */
  static final class UdpException extends IOException {
    private static final long serialVersionUID = 1L;

    UdpException(String message) {
      super(message);
    }
  }

  /** Sends one datagram ({@link Datagrams#tooLong} must be null) and waits for the reply. */
  Reply exchange(byte[] message) throws IOException {
    if (Datagrams.tooLong(message) != null) {
      throw new IllegalArgumentException(Datagrams.tooLong(message)); // callers check first
    }
    socket.send(new DatagramPacket(message, message.length));
    byte[] buffer = new byte[Datagrams.RECEIVE_BUFFER];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      throw new UdpException("no reply from " + where() + " within " + seconds() + " (is the server running? see --timeout)");
    } catch (PortUnreachableException e) {
      throw new UdpException("nothing is listening on " + where() + " (ICMP port unreachable)");
    }
    return new Reply(Arrays.copyOf(buffer, packet.getLength()), (InetSocketAddress) packet.getSocketAddress());
  }

  private String where() {
    return Addresses.of(server) + " (udp)";
  }

  private String seconds() {
    return timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis / 1000.0 + " s";
  }

  @Override
  public void close() {
    socket.close();
  }
}
