package io.jstruct.samples;

import java.nio.charset.StandardCharsets;

/**
 * The seed's UDP echo client: each stdin line goes out as one datagram; prints the reply and
 * who sent it.
 *
 * <pre>{@code
 * udp_cs = socket(AF_INET, SOCK_DGRAM)
 * while True:
 *     msg = input('>>: ').strip()
 *     if not msg: continue
 *     udp_cs.sendto(msg.encode('utf-8'), ('127.0.0.1', 8080))
 *     msg, addr = udp_cs.recvfrom(1024)
 *     print(msg.decode('utf-8'), addr)
 * }</pre>
 *
 * Differences: the loop ends at end of input (exit 0), a line too long for one datagram is
 * refused with a message, and no reply within --timeout ends the client with exit code 1.
 */
final class UdpEchoClient {
  private UdpEchoClient() {}

  static Args.Spec spec() {
    return Args.spec("udp-echo-client", "sends each non-empty stdin line as one UDP datagram, prints the reply and its sender")
        .hostAndPort(8080)
        .option("--timeout", "SECONDS", "5", "give up when no reply arrives in time (exit 1)");
  }

  static int run(Args args, Io io) throws Exception {
    try (UdpClient client = new UdpClient(Servers.serverAddress(args), args.seconds("--timeout"))) {
      String line;
      while ((line = io.input(">>: ")) != null) {
        String msg = line.strip();
        if (msg.isEmpty()) {
          continue;
        }
        byte[] data = msg.getBytes(StandardCharsets.UTF_8);
        if (Datagrams.tooLong(data) != null) {
          io.err.println("udp-echo-client: " + Datagrams.tooLong(data));
          continue; // only this line was bad
        }
        UdpClient.Reply reply;
        try {
          reply = client.exchange(data);
        } catch (UdpClient.UdpException e) {
          io.err.println("udp-echo-client: " + e.getMessage());
          return 1;
        }
        io.out.println(reply.text() + " " + PyBytes.address(reply.sender));
      }
    }
    return 0;
  }
}
