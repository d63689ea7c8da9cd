package io.jstruct.samples;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The seed's UDP chat server: prints each message with its sender, reads one reply from the
 * keyboard and sends it back to that sender.
 *
 * <pre>{@code
 * udp_ss = socket(AF_INET, SOCK_DGRAM)
 * udp_ss.bind(('127.0.0.1', 8081))
 * while True:
 *     msg, addr = udp_ss.recvfrom(1024)
 *     print('来自[%s]的一条消息:%s' % (addr, msg.decode('utf-8')))   # "a message from [addr]: msg"
 *     msg_b = input('回复消息: ').strip()                              # "reply: "
 *     udp_ss.sendto(msg_b.encode('utf-8'), addr)
 * }</pre>
 *
 * {@link #serve} is that loop. Many clients at once: datagrams queue up while the person types,
 * and each reply goes to the sender of the message it answers. End of stdin stops the server
 * once the lines typed before it are sent: nobody is left to answer. What a learner can skip:
 * {@link DatagramInbox} (the queue is what the OS receive buffer is in the seed, and like it,
 * it is bounded: --max-pending messages, --max-pending-bytes bytes, 10 from one address; a
 * flood drops new messages, counted and logged, and never stops the receiver) and
 * {@link Keyboard} (stdin read ahead, so the receiver never waits for the person).
 */
final class UdpChatServer implements Closeable {
  private final DatagramSocket udpSs;
  private final Io io;
  private final DatagramInbox inbox;
  private final Keyboard keyboard;

  private UdpChatServer(DatagramSocket udpSs, Io io, int maxPending, long maxPendingBytes) {
    this.udpSs = udpSs;
    this.io = io;
    this.inbox = new DatagramInbox(udpSs, maxPending, maxPendingBytes, "udp-chat-server", io.err);
    this.keyboard = new Keyboard(io, "udp-chat-server");
  }

  static UdpChatServer bind(InetSocketAddress address, Io io) throws IOException {
    return bind(address, io, 1000, 8L << 20);
  }

  static UdpChatServer bind(InetSocketAddress address, Io io, int maxPending, long maxPendingBytes) throws IOException {
    return new UdpChatServer(new DatagramSocket(address), io, maxPending, maxPendingBytes);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) udpSs.getLocalSocketAddress();
  }

  /**
   * Answers messages until the server is closed, or stdin has ended and every line typed
   * before the end has been sent: then nobody is left to answer.
   */
  void serve() throws IOException {
    inbox.start();
    keyboard.start(inbox::stop); // stdin ended with no reply typed ahead: stop waiting for messages
    try {
      do {
        DatagramInbox.Datagram msg = inbox.recvfrom(); // msg, addr = udp_ss.recvfrom(1024)
        String text = PyBytes.escape(new String(msg.data, StandardCharsets.UTF_8)); // msg.decode('utf-8'), escaped as repr does
        io.out.println("message from " + PyBytes.address(msg.addr) + ": " + text); // print('来自[%s]的一条消息:%s' % (addr, text))
        String msgB = keyboard.input("reply: ").strip(); // msg_b = input('回复消息: ').strip()
        sendto(msgB.getBytes(StandardCharsets.UTF_8), msg.addr); // udp_ss.sendto(msg_b.encode('utf-8'), addr)
      } while (!keyboard.ended()); // that was the last line typed
    } catch (EOFException e) {
      // stdin has ended, or the server was closed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  // ---- the details

  /** A reply too long for one datagram is not sent, and one that cannot be sent is logged. */
  private void sendto(byte[] reply, SocketAddress addr) {
    if (Datagrams.tooLong(reply) != null) {
      io.err.println("udp-chat-server: reply " + Datagrams.tooLong(reply));
    } else {
      Datagrams.sendOrLog(udpSs, new DatagramPacket(reply, reply.length, addr), io.err);
    }
  }

  @Override
  public void close() {
    udpSs.close(); // the receiver sees the closed socket and stops the inbox
  }

  static Args.Spec spec() {
    return Args.spec("udp-chat-server", "UDP chat: prints each message with its sender, sends back one reply line read from stdin")
        .hostAndPort(8081)
        .option("--max-pending", "N", "1000", "messages kept waiting for a reply (at most 10 from one address); newer ones are dropped and counted")
        .option("--max-pending-bytes", "BYTES", Long.toString(8L << 20), "bytes of messages kept waiting for a reply")
        .note("Messages from many clients queue up; each stdin line answers the oldest unanswered message,\n"
            + "and goes to the client that sent it. Stops at end of stdin or on Ctrl-C.");
  }

  static int run(Args args, Io io) throws Exception {
    try (UdpChatServer server = bind(Servers.bindAddress(args), io, args.positiveInteger("--max-pending"),
        args.positiveLong("--max-pending-bytes"))) {
      io.out.println(Servers.listeningLine("udp-chat-server", server.address()) + " (udp)");
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
