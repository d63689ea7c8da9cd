package io.jstruct.samples;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketAddress;
import java.util.Arrays;

/**
 * Python's {@code udp_ss.recvfrom()} for a server that answers slowly (a person types each
 * reply): a thread of its own receives every datagram into an {@link Inbox}, which plays the
 * part of the OS receive buffer in the seed, and like it is bounded: at most --max-pending
 * messages and --max-pending-bytes bytes, and {@link #MAX_PENDING_PER_SENDER} from one host
 * (its IP address, not host and port: a flooder opens as many ports as it likes), so one flooder
 * cannot starve the others; senders on one host share its ten. What does not fit is dropped, and
 * counted and logged once per burst. Nothing a sender does ends the receiving thread: only
 * closing the socket does.
 *
 * <p>Thread-safe: one receiving thread, any number of callers.
 */
final class DatagramInbox {
  /** Messages of one host waiting at once. */
  static final int MAX_PENDING_PER_SENDER = 10;

  /** One datagram and who sent it: {@code msg, addr}. */
  static final class Datagram {
    final byte[] data;
    final SocketAddress addr;

    Datagram(byte[] data, SocketAddress addr) {
      this.data = data;
      this.addr = addr;
    }
  }

  private static final Datagram STOP = new Datagram(new byte[0], null);

  private final DatagramSocket socket;
  private final String name;
  private final PrintStream log;
  private final Inbox<Datagram> inbox;

  /** Receives on {@code socket}; {@code name} starts the thread's name and the log's lines. */
  DatagramInbox(DatagramSocket socket, int maxPending, long maxPendingBytes, String name, PrintStream log) {
    this.socket = socket;
    this.name = name;
    this.log = log;
    this.inbox = new Inbox<>(maxPending, maxPendingBytes, Math.min(maxPending, MAX_PENDING_PER_SENDER));
  }

  /** Starts receiving, until the socket is closed. */
  void start() {
    Thread t = new Thread(this::receiveAll, name + "-receiver");
    t.setDaemon(true); // blocked in a receive that only closing the socket ends; must not keep the JVM alive
    t.start();
  }

  /**
   * msg, addr = udp_ss.recvfrom(): the oldest message waiting, waiting for one if none is there;
   * {@link EOFException} once the socket is closed or {@link #stop} was called, and every
   * message queued before that has been taken.
   */
  Datagram recvfrom() throws EOFException, InterruptedException {
    Datagram msg = inbox.take();
    if (msg == STOP) {
      inbox.force(STOP); // still stopped for the next caller
      throw new EOFException("stopped");
    }
    return msg;
  }

  /** Ends {@link #recvfrom} once the messages already waiting have been taken. */
  void stop() {
    inbox.force(STOP);
  }

  /** Items waiting to be taken (messages, and the stop once {@link #stop} is called): for tests. */
  int waiting() {
    return inbox.size();
  }

  /** Queues datagrams until the socket is closed; nothing a sender does ends this loop. */
  private void receiveAll() {
    byte[] buffer = new byte[Datagrams.RECEIVE_BUFFER];
    boolean dropping = false;
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        if (!Datagrams.receive(socket, packet)) {
          break;
        }
        Datagram msg = new Datagram(Arrays.copyOf(buffer, packet.getLength()), packet.getSocketAddress());
        boolean queued = inbox.offer(msg, msg.data.length, packet.getAddress()); // at most 10 waiting per host
        if (!queued && !dropping) {
          log.println(name + ": " + inbox.size() + " messages wait for a reply (--max-pending,"
              + " --max-pending-bytes): dropping new ones until they are answered");
        } else if (queued && dropping) {
          log.println(name + ": dropped " + inbox.takeDroppedCount() + " message(s) while the queue was full ("
              + inbox.droppedTotal() + " in all)");
        }
        dropping = !queued;
      } catch (IOException | RuntimeException | OutOfMemoryError e) { // one bad datagram, or a moment without memory
        if (!socket.isClosed()) {
          log.println(name + ": receiving: " + e);
          pause();
        }
      }
    }
    stop();
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
