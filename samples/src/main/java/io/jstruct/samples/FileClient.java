package io.jstruct.samples;

import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends files to file-server: each stdin line names one file.
 *
 * <pre>{@code
 * header_dic = {'name': os.path.basename(path), 'size': size, 'sha256': digest, 'total_size': size}
 * header_bytes = json.dumps(header_dic).encode('utf-8')
 * ss.send(struct.pack('i', len(header_bytes)))
 * ss.send(header_bytes)
 * with open(path, 'rb') as f:
 *     for chunk in iter(lambda: f.read(65536), b''): ss.send(chunk)
 * }</pre>
 *
 * The file is read twice, once to hash it and once to send it: the header goes first, so the
 * hash must be known before the first byte, and memory stays constant whatever the file's size.
 */
final class FileClient {
  private FileClient() {}

  static Args.Spec spec() {
    Args.Spec spec = Args.spec("file-client", "sends the files named on stdin (one path a line) to file-server")
        .hostAndPort(8083);
    return TokenCheck.options(spec, "the server's shared secret, sent in each file's header")
        .option("--max-size", "BYTES", Long.toString(1L << 30), "refuse to send larger files")
        .option("--timeout", "SECONDS", "60", "give up when the server does not answer in time (exit 1)")
        .note(TokenCheck.HELP);
  }

  static int run(Args args, Io io) throws Exception {
    long maxSize = args.positiveLong("--max-size");
    String token = TokenCheck.from(args, io);
    int failures = 0;
    InetSocketAddress server = Servers.serverAddress(args);
    try (Socket ss = Servers.connect(server, args.seconds("--timeout"))) {
      HeaderDictWriter uploads = new HeaderDictWriter(ss.getOutputStream(), FileProtocol.format(maxSize));
      HeaderDictReader answers = new HeaderDictReader(ss.getInputStream(), FileProtocol.ANSWER);
      String line;
      while ((line = io.input("file to send: ")) != null) {
        if (line.isBlank()) {
          continue;
        }
        Path file;
        try {
          file = Path.of(line.strip());
        } catch (InvalidPathException e) {
          io.err.println("file-client: not a path: " + line.strip());
          failures++;
          continue;
        }
        if (!Files.isRegularFile(file)) {
          io.err.println("file-client: not a file: " + file);
          failures++;
          continue;
        }
        long size = Files.size(file);
        if (size > maxSize) {
          io.err.println("file-client: " + file + " has " + size + " bytes, over --max-size " + maxSize);
          failures++;
          continue;
        }
        String sha256 = FileProtocol.sha256Of(file);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put(FileProtocol.NAME, file.getFileName().toString());
        header.put(FileProtocol.SIZE, size);
        header.put(FileProtocol.SHA256, sha256);
        if (token != null) {
          header.put(TokenCheck.KEY, token);
        }
        try (InputStream in = Files.newInputStream(file)) {
          uploads.write(header, in, size); // streamed: header, then the file in chunks
        } catch (java.net.SocketException e) { // the server refused and closed: its answer may be waiting
          io.err.println("file-client: sending " + file + " to " + Addresses.of(server) + " failed: " + e.getMessage());
        }
        HeaderDictFrame answer = answers.read();
        if (answer == null) {
          io.err.println("file-client: " + Addresses.of(server) + " closed the connection");
          return 1;
        }
        boolean ok = "ok".equals(answer.header().get(FileProtocol.STATUS));
        (ok ? io.out : io.err).println(file + " (" + size + " bytes, sha256 " + sha256 + "): "
            + answer.header().get(FileProtocol.STATUS) + ", " + answer.header().get(FileProtocol.MESSAGE));
        failures += ok ? 0 : 1;
      }
    } catch (java.net.SocketTimeoutException e) {
      io.err.println("file-client: no answer within " + args.get("--timeout") + " s (see --timeout)");
      return 1;
    } catch (java.net.SocketException e) {
      if (e instanceof java.net.ConnectException) {
        throw e; // never connected: Main prints it, with host:port
      }
      io.err.println("file-client: connection to " + Addresses.of(server) + " lost: " + e.getMessage());
      return 1;
    }
    return failures == 0 ? 0 : 1;
  }
}
