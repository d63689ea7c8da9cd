package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pieces udp-chat-server's loop leans on: {@link Keyboard} and {@link DatagramInbox}. */
@Timeout(30)
class UdpChatPiecesTest {
  @Test
  void linesTypedAheadComeInOrderThenEndOfInputAsPythonsEofError() throws Exception {
    Keyboard keyboard = new Keyboard(Peers.io("first\n  second  \n", new LineCapture(), new LineCapture()), "test");
    keyboard.start(() -> { });
    assertEquals("first", keyboard.input("reply: "));
    assertEquals("  second  ", keyboard.input("reply: ")); // stripped by the caller, as msg_b is
    assertThrows(EOFException.class, () -> keyboard.input("reply: "));
    assertThrows(EOFException.class, () -> keyboard.input("reply: ")); // and it stays ended
    assertTrue(keyboard.ended());
  }

  @Test
  void anEmptyStdinTellsTheCallerNobodyIsLeftToAnswer() throws Exception {
    Keyboard keyboard = new Keyboard(Peers.io("", new LineCapture(), new LineCapture()), "test");
    CountDownLatch nothingLeft = new CountDownLatch(1);
    keyboard.start(nothingLeft::countDown);
    assertTrue(nothingLeft.await(20, TimeUnit.SECONDS));
    assertTrue(keyboard.ended());
  }

  @Test
  void messagesQueuedBeforeStopAreStillTakenThenRecvfromEnds() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DatagramSocket server = new DatagramSocket(0, loopback);
        DatagramSocket client = new DatagramSocket(0, loopback)) {
      DatagramInbox inbox = new DatagramInbox(server, 100, 1 << 20, "test", new LineCapture().stream);
      inbox.start();
      for (String m : new String[] {"one", "two"}) {
        byte[] data = m.getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(data, data.length, loopback, server.getLocalPort()));
      }
      while (inbox.waiting() < 2) {
        Thread.sleep(10); // both received and queued (bounded by the class's timeout)
      }
      inbox.stop();
      DatagramInbox.Datagram first = inbox.recvfrom();
      assertEquals("one", new String(first.data, StandardCharsets.UTF_8));
      assertEquals(client.getLocalSocketAddress(), first.addr);
      assertEquals("two", new String(inbox.recvfrom().data, StandardCharsets.UTF_8));
      assertThrows(EOFException.class, inbox::recvfrom);
      assertThrows(EOFException.class, inbox::recvfrom);
    }
  }

  @Test
  void oneHostGetsTenWaitingMessagesHoweverManyPortsItSendsFrom() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    DatagramSocket other;
    try {
      other = new DatagramSocket(0, InetAddress.getByName("127.0.0.2")); // another host, on Linux's 127/8
    } catch (java.net.SocketException e) {
      org.junit.jupiter.api.Assumptions.abort("cannot bind 127.0.0.2 here: " + e);
      return;
    }
    java.util.List<DatagramSocket> flood = new java.util.ArrayList<>();
    try (DatagramSocket server = new DatagramSocket(0, loopback); other) {
      DatagramInbox inbox = new DatagramInbox(server, 100, 1 << 20, "test", new LineCapture().stream);
      inbox.start();
      for (int i = 0; i < 3 * DatagramInbox.MAX_PENDING_PER_SENDER; i++) { // one host, a port per message
        DatagramSocket s = new DatagramSocket(0, loopback);
        flood.add(s);
        s.send(new DatagramPacket(new byte[] {'f'}, 1, loopback, server.getLocalPort()));
      }
      other.send(new DatagramPacket(new byte[] {'o'}, 1, loopback, server.getLocalPort()));
      while (inbox.waiting() < DatagramInbox.MAX_PENDING_PER_SENDER + 1) {
        Thread.sleep(10); // before the fix every one of the flood's ports had ten places: 31 waited
      }
      int fromFlooder = 0;
      while (inbox.recvfrom().data[0] == 'f') { // in order: the other host's message comes after the flood
        fromFlooder++;
      }
      assertEquals(DatagramInbox.MAX_PENDING_PER_SENDER, fromFlooder);
    } finally {
      flood.forEach(DatagramSocket::close);
    }
  }

  @Test
  void closingTheSocketEndsRecvfrom() throws Exception {
    DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    try {
      DatagramInbox inbox = new DatagramInbox(server, 100, 1 << 20, "test", new LineCapture().stream);
      inbox.start();
      server.close();
      assertThrows(EOFException.class, inbox::recvfrom);
    } finally {
      server.close();
    }
  }
}
