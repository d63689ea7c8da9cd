package io.jstruct.samples;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

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
 * Many clients at once: a receiver thread queues every datagram together with its sender, and
 * the console answers them one by one, each reply to the sender of the message it answers. The
 * queue is what the OS receive buffer is in the seed, and like it, it is bounded
 * (--max-pending messages, --max-pending-bytes bytes): a flood while the person types drops
 * new messages, counted and logged, and never stops the receiver. End of stdin stops the server
 * once the lines typed before it are sent: nobody is left to answer.
 */
final class UdpChatServer implements Closeable {
  private static final Message STOP = new Message(new byte[0], null);
  private static final Message KEYBOARD_CLOSED = new Message(new byte[0], null);
  private static final String END_OF_INPUT = new String("end of input"); // compared by identity

  private final DatagramSocket socket;
  private final Io io;
  private final Inbox<Message> inbox;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();

  private static final class Message {
    final byte[] data;
    final SocketAddress sender;

    Message(byte[] data, SocketAddress sender) {
      this.data = data;
      this.sender = sender;
    }
  }

  private UdpChatServer(DatagramSocket socket, Io io, int maxPending, long maxPendingBytes) {
    this.socket = socket;
    this.io = io;
    this.inbox = new Inbox<>(maxPending, maxPendingBytes);
  }

  static UdpChatServer bind(InetSocketAddress address, Io io) throws IOException {
    return bind(address, io, 1000, 8L << 20);
  }

  static UdpChatServer bind(InetSocketAddress address, Io io, int maxPending, long maxPendingBytes) throws IOException {
    return new UdpChatServer(new DatagramSocket(address), io, maxPending, maxPendingBytes);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /**
   * Answers messages until the server is closed, or stdin has ended and every line typed
   * before the end has been sent: then nobody is left to answer.
   */
  void serve() throws IOException {
    start("udp-chat-receiver", this::receiveAll);
    start("udp-chat-keyboard", this::readKeyboard);
    try {
      while (true) {
        Message msg = inbox.take(); // msg, addr = udp_ss.recvfrom(1024)
        if (msg == KEYBOARD_CLOSED && replies.peek() != END_OF_INPUT) {
          continue; // replies typed before the end still wait for their messages
        }
        if (msg == STOP || msg == KEYBOARD_CLOSED) {
          return; // stopped, or nobody is left to answer
        }
        io.out.println("message from " + PyBytes.address(msg.sender) + ": " + new String(msg.data, StandardCharsets.UTF_8));
        io.prompt("reply: ");
        String msgB = replies.take(); // msg_b = input('回复消息: ').strip()
        if (msgB == END_OF_INPUT) {
          return;
        }
        sendto(msgB.strip().getBytes(StandardCharsets.UTF_8), msg.sender); // udp_ss.sendto(msg_b.encode('utf-8'), addr)
        if (replies.peek() == END_OF_INPUT) {
          return; // that was the last line typed
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  private void sendto(byte[] reply, SocketAddress addr) {
    if (Datagrams.tooLong(reply) != null) {
      io.err.println("udp-chat-server: reply " + Datagrams.tooLong(reply));
    } else {
      Datagrams.sendOrLog(socket, new DatagramPacket(reply, reply.length, addr), io.err);
    }
  }

  private static void start(String name, Runnable task) {
    Thread t = new Thread(task, name);
    t.setDaemon(true); // blocked in a read that nothing can interrupt; must not keep the JVM alive
    t.start();
  }

  /** Lines typed ahead wait in order; the end of stdin is queued after them. */
  private void readKeyboard() {
    try {
      String line;
      while ((line = io.in.readLine()) != null) {
        replies.add(line);
      }
    } catch (IOException e) {
      io.err.println("udp-chat-server: reading stdin: " + e.getMessage());
    }
    replies.add(END_OF_INPUT);
    inbox.force(KEYBOARD_CLOSED);
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
        Message msg = new Message(Arrays.copyOf(buffer, packet.getLength()), packet.getSocketAddress());
        boolean queued = inbox.offer(msg, msg.data.length);
        if (!queued && !dropping) {
          io.err.println("udp-chat-server: " + inbox.size() + " messages wait for a reply (--max-pending,"
              + " --max-pending-bytes): dropping new ones until they are answered");
        } else if (queued && dropping) {
          io.err.println("udp-chat-server: dropped " + inbox.takeDroppedCount() + " message(s) while the queue was full ("
              + inbox.droppedTotal() + " in all)");
        }
        dropping = !queued;
      } catch (IOException | RuntimeException | OutOfMemoryError e) { // one bad datagram, or a moment without memory
        if (!socket.isClosed()) {
          io.err.println("udp-chat-server: receiving: " + e);
          pause();
        }
      }
    }
    inbox.force(STOP);
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    socket.close(); // the receiver sees the closed socket and queues STOP
  }

  static Args.Spec spec() {
    return Args.spec("udp-chat-server", "UDP chat: prints each message with its sender, sends back one reply line read from stdin")
        .hostAndPort(8081)
        .option("--max-pending", "N", "1000", "messages kept waiting for a reply; newer ones are dropped and counted")
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
