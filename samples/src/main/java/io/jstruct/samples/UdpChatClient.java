package io.jstruct.samples;

import java.nio.charset.StandardCharsets;

/**
 * The seed's UDP chat client: sends each line, waits for the server's reply, prints it.
 *
 * <pre>{@code
 * udp_cs = socket(AF_INET, SOCK_DGRAM)
 * while True:
 *     msg = input('请输入消息,回车发送: ').strip()        # "type a message, Enter sends: "
 *     if msg == 'quit': break
 *     if not msg: continue
 *     udp_cs.sendto(msg.encode('utf-8'), ('127.0.0.1', 8081))
 *     back_msg, addr = udp_cs.recvfrom(1024)
 *     print('来自[%s]的一条消息:%s' % (addr, back_msg.decode('utf-8')))
 * udp_cs.close()
 * }</pre>
 *
 * A person answers on the other side, so the default timeout is a minute, not seconds.
 */
final class UdpChatClient {
  private UdpChatClient() {}

  static Args.Spec spec() {
    return Args.spec("udp-chat-client", "sends each stdin line to the chat server and prints its reply; 'quit' exits")
        .hostAndPort(8081)
        .option("--timeout", "SECONDS", "60", "give up when no reply arrives in time (exit 1)");
  }

  static int run(Args args, Io io) throws Exception {
    try (UdpClient client = new UdpClient(Servers.serverAddress(args), args.seconds("--timeout"))) {
      String line;
      while ((line = io.input("message (Enter sends): ")) != null) {
        String msg = line.strip();
        if (msg.equals("quit")) {
          break;
        }
        if (msg.isEmpty()) {
          continue;
        }
        byte[] data = msg.getBytes(StandardCharsets.UTF_8);
        if (Datagrams.tooLong(data) != null) {
          io.err.println("udp-chat-client: " + Datagrams.tooLong(data));
          continue;
        }
        UdpClient.Reply reply;
        try {
          reply = client.exchange(data);
        } catch (UdpClient.UdpException e) {
          io.err.println("udp-chat-client: " + e.getMessage());
          return 1;
        }
        io.out.println("message from " + PyBytes.address(reply.sender) + ": " + reply.text());
      }
    }
    return 0;
  }
}
