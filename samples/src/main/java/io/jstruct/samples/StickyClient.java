package io.jstruct.samples;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The seed's sticky-packet demonstration, sending side: quick small sends.
 *
 * <pre>{@code
 * phone = socket(AF_INET, SOCK_STREAM)
 * phone.connect(('127.0.0.1', 8080))
 * phone.send('hello'.encode('utf-8'))
 * phone.send('world'.encode('utf-8'))
 * }</pre>
 *
 * Each stdin line (without its line break) is one send; {@code printf 'hello\nworld\n' | ...}
 * is the seed's client. With --framed each line goes out as one frame,
 * {@code struct.pack('i', len(data)) + data}, and the server can tell them apart again.
 */
final class StickyClient {
  private StickyClient() {}

  static Args.Spec spec() {
    return Args.spec("sticky-client", "TCP sticky-packet demo: each stdin line is one send (raw) or one frame (--framed)")
        .hostAndPort(8080)
        .flag("--framed", "send each line as a length-prefixed frame (struct.pack('i', len) + bytes)");
  }

  static int run(Args args, Io io) throws Exception {
    try (Socket phone = Servers.connect(Servers.serverAddress(args), 30_000)) {
      OutputStream out = phone.getOutputStream(); // unbuffered: each write() is one send()
      StickyFramed.Sender framedOut = args.flag("--framed") ? StickyFramed.sender(out) : null;
      String line;
      int sent = 0;
      while ((line = io.input(">>: ")) != null) {
        byte[] data = line.getBytes(StandardCharsets.UTF_8);
        if (framedOut != null) {
          framedOut.send(data);
        } else {
          out.write(data);
        }
        sent++;
      }
      phone.shutdownOutput(); // the server's next recv returns b'': we are done
      io.out.println("sent " + sent + (framedOut != null ? " frames" : " messages"));
    }
    return 0;
  }
}
