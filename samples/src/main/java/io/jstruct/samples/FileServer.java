package io.jstruct.samples;

import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.framing.StreamedHeaderDictFrame;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Receives files, the tutorial's upload exercise done with the header dict:
 *
 * <pre>{@code
 * header_len = struct.unpack('i', conn.recv(4))[0]
 * header_dic = json.loads(conn.recv(header_len).decode('utf-8'))
 * with open(header_dic['name'], 'wb') as f:        # trusts the name: ../../ escapes!
 *     recv_size = 0
 *     while recv_size < header_dic['total_size']:
 *         data = conn.recv(1024); f.write(data); recv_size += len(data)
 * }</pre>
 *
 * Here the name must be a plain file name, the bytes go to a temporary file in --dir while
 * being hashed (constant memory, any size up to --max-size), and only a file whose SHA-256
 * matches the header is renamed into place; the sender gets a header-dict answer either way.
 */
final class FileServer implements Closeable {
  private final ServerSocket listener;
  private final Path dir;
  private final long maxSize;
  private final String token;
  private final PrintStream log;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final ExecutorService handlers = Servers.handlerThreads("file-connection");

  private FileServer(ServerSocket listener, Path dir, long maxSize, String token, PrintStream log) {
    this.listener = listener;
    this.dir = dir;
    this.maxSize = maxSize;
    this.token = token;
    this.log = log;
  }

  static FileServer bind(InetSocketAddress address, Path dir, long maxSize, String token, PrintStream log)
      throws IOException, UsageException {
    Servers.requireTokenOffLoopback(address.getAddress(), token, "file uploads");
    Files.createDirectories(dir);
    ServerSocket listener = Servers.listen(address, 50);
    return new FileServer(listener, dir.toRealPath(), maxSize, token, log);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  Path dir() {
    return dir;
  }

  void serve() throws IOException {
    while (!listener.isClosed()) {
      Socket conn = Servers.accept(listener);
      if (conn == null) {
        return;
      }
      connections.add(conn);
      handlers.execute(() -> {
        try {
          handle(conn);
        } finally {
          connections.remove(conn);
        }
      });
    }
  }

  private void handle(Socket conn) {
    String who = PyBytes.address(conn.getRemoteSocketAddress());
    try (conn) {
      HeaderDictReader reader = new HeaderDictReader(conn.getInputStream(), FileProtocol.format(maxSize));
      HeaderDictWriter answers = new HeaderDictWriter(conn.getOutputStream(), FileProtocol.format(0));
      while (true) {
        StreamedHeaderDictFrame next = reader.readStreamed();
        if (next == null) {
          break; // the client is done
        }
        try (StreamedHeaderDictFrame upload = next) {
          String error = receive(upload);
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put(FileProtocol.STATUS, error == null ? "ok" : "error");
          answer.put(FileProtocol.MESSAGE, error == null ? "saved " + upload.header().get(FileProtocol.NAME) : error);
          log.println(who + ": " + (error == null ? "saved " + dir.resolve((String) upload.header().get(FileProtocol.NAME))
              + " (" + upload.payloadLength() + " bytes, sha256 verified)" : "refused: " + error));
          answers.write(answer, new byte[0]);
        }
      }
    } catch (FramingException e) {
      log.println(who + ": bad upload, connection closed: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      if (!listener.isClosed()) {
        log.println(who + ": connection lost: " + e);
      }
    }
  }

  /** Takes one upload's payload (always all of it, to stay in step); null if saved, else why not. */
  private String receive(StreamedHeaderDictFrame upload) throws IOException {
    Map<String, Object> header = upload.header();
    String error = null;
    if (token != null && !Servers.tokenMatches(header.get(ShellProtocol.TOKEN_KEY), token)) {
      error = "wrong or missing token";
    } else if (FileProtocol.badName(header.get(FileProtocol.NAME)) != null) {
      error = FileProtocol.badName(header.get(FileProtocol.NAME));
    } else if (!(header.get(FileProtocol.SIZE) instanceof Number)
        || ((Number) header.get(FileProtocol.SIZE)).longValue() != upload.payloadLength()) {
      error = "\"size\" must equal total_size (" + upload.payloadLength() + ")";
    } else if (!(header.get(FileProtocol.SHA256) instanceof String)
        || !((String) header.get(FileProtocol.SHA256)).matches("[0-9a-fA-F]{64}")) {
      error = "\"sha256\" must be 64 hex digits";
    }
    if (error != null) {
      upload.payload().transferTo(OutputStream.nullOutputStream()); // skip it, constant memory
      return error;
    }
    String name = (String) header.get(FileProtocol.NAME);
    Path temp = Files.createTempFile(dir, ".upload-", ".part");
    try {
      MessageDigest digest = FileProtocol.sha256();
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = upload.payload(); OutputStream out = Files.newOutputStream(temp)) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase((String) header.get(FileProtocol.SHA256))) {
        return "sha256 mismatch: header says " + header.get(FileProtocol.SHA256) + ", the bytes hash to " + actual;
      }
      Path target = dir.resolve(name);
      if (!target.getParent().equals(dir)) {
        return "name leaves the folder"; // badName rules this out; checked again where it matters
      }
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      return null;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void close() throws IOException {
    Servers.stop(listener, connections, handlers);
  }

  static Args.Spec spec() {
    return Args.spec("file-server", "receives files sent by file-client into --dir, each verified by its SHA-256")
        .hostAndPort(8083)
        .option("--dir", "DIR", "received", "folder the files go to (created if missing)")
        .option("--max-size", "BYTES", Long.toString(1L << 30), "refuse larger files")
        .option("--token", "SECRET", null, "shared secret every upload must carry; required with a non-loopback --host")
        .note("Wire format: struct.pack('i', len(H)) + H + file bytes, H = UTF-8 JSON\n"
            + "{\"name\": plain file name, \"size\": n, \"sha256\": hex, \"total_size\": n}; the answer is a header dict\n"
            + "{\"status\": \"ok\" | \"error\", \"message\": ...}. Names with paths are refused; files stream to disk.");
  }

  static int run(Args args, Io io) throws Exception {
    long maxSize = args.positiveLong("--max-size");
    try (FileServer server = bind(Servers.bindAddress(args), Path.of(args.get("--dir")), maxSize, args.get("--token"), io.out)) {
      io.out.println(Servers.listeningLine("file-server", server.address()) + ", saving into " + server.dir());
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
