package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** udp-chat-server under a flood of the largest datagrams while nobody answers, in a 128 MB heap. */
class UdpFloodTest {
  @Test
  @Timeout(180)
  void aFloodOfMaximalDatagramsIsBoundedCountedAndTheServerStillAnswers() throws Exception {
    try (ChildJvm server = ChildJvm.start("", Map.of(), List.of("-Xmx128m"), "udp-chat-server", "--port", "0")) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
      byte[] big = new byte[Datagrams.MAX_DATAGRAM];
      Arrays.fill(big, (byte) 'x');
      try (DatagramSocket flood = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        for (int i = 0; i < 12_000; i++) { // 786 MB: six times the heap (the old unbounded queue died of it)
          flood.send(new DatagramPacket(big, big.length, address));
          if (i % 16 == 15) {
            Thread.sleep(1); // let the receiver keep up, so the datagrams reach it rather than the kernel's floor
          }
        }
      }
      server.out.awaitLine(l -> l.contains("dropping new ones until they are answered"));
      // from another host (127.0.0.2, on Linux's 127/8): the flooder's host has its ten messages waiting
      DatagramSocket otherHost;
      try {
        otherHost = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"));
      } catch (java.net.SocketException e) { // macOS routes only 127.0.0.1 unless told otherwise
        org.junit.jupiter.api.Assumptions.abort("cannot bind 127.0.0.2 here: " + e);
        return;
      }
      try (DatagramSocket client = otherHost) {
        client.setSoTimeout(60_000);
        byte[] hello = "hello?".getBytes(StandardCharsets.UTF_8);
        client.send(new DatagramPacket(hello, hello.length, address));
        server.stdin("ok\n".repeat(300)); // the flooder's ten waiting messages, then ours
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        client.receive(reply);
        assertEquals("ok", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      }
      assertTrue(server.process.isAlive());
      assertTrue(server.out.lines().stream().noneMatch(l -> l.contains("OutOfMemoryError")), "an OutOfMemoryError was logged");
    }
  }
}
