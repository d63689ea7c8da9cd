package io.jstruct.samples;

import io.jstruct.framing.FrameReader;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.samples.ShellProtocol.Protocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The seed's remote shell client, with the tutorial's fix: read the header, then exactly
 * total_size bytes.
 *
 * <pre>{@code
 * while True:
 *     cmd = input('>>: ').strip()
 *     if not cmd: continue
 *     ss.send(cmd.encode('utf-8'))
 *     header = ss.recv(4)                          # may return fewer than 4 bytes!
 *     total_size = struct.unpack('i', header)[0]
 *     recv_size = 0; recv_data = b''
 *     while recv_size < total_size:
 *         res = ss.recv(1024); recv_data += res; recv_size += len(res)
 *     print(recv_data.decode('gbk'))               # the server's system charset
 * }</pre>
 *
 * {@link FrameReader} is that loop done right: it also loops for the 4 header bytes, refuses a
 * negative or huge total_size before allocating, and tells a server that hung up mid-reply from
 * one that is done. With --protocol json the charset comes from the header dict, so GBK output
 * of a Chinese Windows reads right anywhere.
 */
final class ShellClient {
  private ShellClient() {}

  static Args.Spec spec() {
    Args.Spec spec = Args.spec("shell-client", "remote shell client: sends each stdin line as a command, prints each result whole")
        .hostAndPort(8082)
        .option("--protocol", "length|json", "length", "the server's reply header (see shell-server --help)");
    return TokenCheck.options(spec, "the server's shared secret; sent in each command's JSON header (json protocol)")
        .option("--encoding", "CHARSET", Charsets.nativeCharset().name(), "decode output with this charset (json: unless the header names one)")
        .option("--max-output", "BYTES", Integer.toString(64 * 1024 * 1024), "refuse a reply longer than this")
        .option("--timeout", "SECONDS", "60", "give up when a reply does not arrive in time (exit 1)")
        .note(ShellProtocol.HELP)
        .note(TokenCheck.HELP);
  }

  static int run(Args args, Io io) throws Exception {
    Protocol protocol = Protocol.parse(args.get("--protocol"));
    String token = TokenCheck.from(args, io);
    if (token != null && protocol != Protocol.JSON) {
      throw new UsageException("--token needs --protocol json: the token travels in the command's JSON header");
    }
    Charset fallback = Charsets.forOption("--encoding", args.get("--encoding"));
    int maxOutput = args.positiveInteger("--max-output");
    InetSocketAddress server = Servers.serverAddress(args);
    try (Socket ss = Servers.connect(server, args.seconds("--timeout"))) {
      InputStream in = ss.getInputStream();
      OutputStream out = ss.getOutputStream();
      // one reader per connection, of the protocol in use: replies are read by nothing else
      FrameReader lengthReplies = protocol == Protocol.LENGTH ? new FrameReader(in, ShellProtocol.lengthReply(maxOutput)) : null;
      HeaderDictReader jsonReplies = protocol == Protocol.JSON ? new HeaderDictReader(in, ShellProtocol.jsonReply(maxOutput)) : null;
      HeaderDictWriter framedCommands = token != null ? new HeaderDictWriter(out, ShellProtocol.COMMAND) : null;
      String line;
      while ((line = io.input(">>: ")) != null) {
        String cmd = line.strip();
        if (cmd.isEmpty()) {
          continue;
        }
        byte[] command = cmd.getBytes(StandardCharsets.UTF_8);
        if (token != null) {
          framedCommands.write(Map.of(TokenCheck.KEY, token), command);
        } else if (command.length > ShellProtocol.MAX_RAW_COMMAND) {
          io.err.println("shell-client: command of " + command.length + " bytes not sent: the server reads one recv("
              + ShellProtocol.MAX_RAW_COMMAND + ")");
          continue;
        } else {
          out.write(command); // ss.send(cmd.encode('utf-8'))
        }
        String result;
        if (protocol == Protocol.LENGTH) {
          byte[] data = lengthReplies.readPayload();
          if (data == null) {
            io.err.println("shell-client: " + Addresses.of(server) + " closed the connection");
            return 1;
          }
          result = new String(data, fallback);
        } else {
          HeaderDictFrame reply = jsonReplies.read();
          if (reply == null) {
            io.err.println("shell-client: " + Addresses.of(server) + " closed the connection");
            return 1;
          }
          result = new String(reply.payload(), charsetOf(reply.header(), fallback, io));
          Object error = reply.header().get(ShellProtocol.ERROR_KEY);
          if (error != null) {
            io.err.println("shell-client: the server refused: " + error);
            return 1;
          }
        }
        io.out.println(result); // print(recv_data.decode(...))
      }
    } catch (java.net.SocketTimeoutException e) {
      io.err.println("shell-client: no reply within " + args.get("--timeout") + " s (see --timeout)");
      return 1;
    } catch (java.net.SocketException e) {
      if (e instanceof java.net.ConnectException) {
        throw e; // never connected: Main prints it, with host:port
      }
      io.err.println("shell-client: connection to " + Addresses.of(server) + " lost: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** The header's "encoding", when this JVM knows it; else the --encoding charset. */
  private static Charset charsetOf(Map<String, Object> header, Charset fallback, Io io) {
    Object name = header.get(ShellProtocol.ENCODING_KEY);
    if (!(name instanceof String)) {
      return fallback; // the seed's Python server sends no encoding
    }
    try {
      return Charset.forName((String) name);
    } catch (IllegalArgumentException e) {
      io.err.println("shell-client: unknown charset '" + name + "' in the reply; decoding as " + fallback.name());
      return fallback;
    }
  }
}
