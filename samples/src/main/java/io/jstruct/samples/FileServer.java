package io.jstruct.samples;

import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.framing.StreamedHeaderDictFrame;
import io.jstruct.framing.TruncatedFrameException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * {@link #handle} is that loop, one upload after another. The header is checked before a byte of
 * the file is read (token, a plain name the file system can store: {@link SafeNames}, an exact
 * size), the bytes go to a temporary file in --dir while being hashed (constant memory, any size
 * up to --max-size), and only a file whose SHA-256 matches the header replaces the old one, in one
 * atomic rename: a reader sees the old file or the new one, never none. The sender gets a
 * header-dict answer either way. {@link Guard} keeps the server up whatever clients do.
 */
final class FileServer implements Closeable {
  /** Temporary files are named so, and those left by a killed server are removed at start. */
  static final String PART_PREFIX = ".upload-";
  static final String PART_SUFFIX = ".part";
  private static final int CHUNK = Guard.CHUNK;

  private final Guard guard;
  private final Path dir;
  private final String token;
  private final PrintStream log;
  private final HeaderDictFormat uploads;

  private FileServer(Guard guard, Path dir, long maxSize, String token, PrintStream log) {
    this.guard = guard;
    this.dir = dir;
    this.token = token;
    this.log = log;
    this.uploads = FileProtocol.format(maxSize);
    guard.hideInLog(token);
  }

  static FileServer bind(InetSocketAddress address, Path dir, long maxSize, String token, PrintStream log)
      throws IOException, UsageException {
    return bind(address, dir, maxSize, token, 16, 600_000, log);
  }

  static FileServer bind(InetSocketAddress address, Path dir, long maxSize, String token, int maxClients,
      int idleMillis, PrintStream log) throws IOException, UsageException {
    TokenCheck.requireOffLoopback(address.getAddress(), token, "file uploads");
    Files.createDirectories(dir);
    Path real = dir.toRealPath();
    removeStaleParts(real, log);
    return new FileServer(Guard.listen(address, "file", maxClients, idleMillis, log), real, maxSize, token, log);
  }

  InetSocketAddress address() {
    return guard.address();
  }

  Path dir() {
    return dir;
  }

  Guard guard() {
    return guard;
  }

  void serve() throws IOException {
    guard.serve(this::handle, why -> answerBytes("error", "refused: " + why));
  }

  /** One client, upload after upload: read the header dict, check it, save the bytes, answer. */
  private void handle(Guard.Connection conn) throws IOException {
    HeaderDictReader reader = new HeaderDictReader(conn.in, uploads);
    HeaderDictWriter answers = new HeaderDictWriter(conn.out, FileProtocol.ANSWER);
    while (true) {
      StreamedHeaderDictFrame upload = nextUpload(conn, reader, answers); // header_dic = json.loads(...), checked
      if (upload == null) {
        return; // the client is done, or was refused and closed
      }
      conn.busy(() -> { // an accepted upload: its slot is not given to a newcomer
        String failed = save(conn, upload); // with open(header_dic['name'], 'wb') as f: ...
        answer(conn, answers, failed, "saved " + upload.header().get(FileProtocol.NAME));
        if (failed == null) {
          String saved = conn.who + ": saved " + PyBytes.repr(upload.header().get(FileProtocol.NAME).toString()) + " ("
              + upload.payloadLength() + " bytes, sha256 verified)";
          FloodSafeLog.println(log, saved, token != null); // a flood of wrong tokens cannot hide it
        }
        return null;
      });
    }
  }

  // ---- the details

  /**
   * The next upload whose header passed every check (token, name, size, disk space, hash),
   * before a byte of its file is read; null when the client is done. A refused upload is
   * answered with why, then its bytes are read and dropped to stay in step (meanwhile the
   * connection is not busy: a newcomer may take its slot), except after a wrong token (closed
   * after its answer: one guess per connection) or a header over the limits (closed: the rest
   * of the stream cannot be trusted).
   */
  private StreamedHeaderDictFrame nextUpload(Guard.Connection conn, HeaderDictReader reader, HeaderDictWriter answers)
      throws IOException {
    while (true) {
      // not closed with try-with-resources: close() reads the rest of the payload, with no deadline
      StreamedHeaderDictFrame upload;
      try {
        upload = conn.next(reader::readStreamed);
      } catch (TruncatedFrameException e) {
        throw e; // the client is gone mid-header: nobody to answer
      } catch (FramingException e) { // a header over the limits, or not a JSON object: say why, then close
        answer(conn, answers, "bad upload header: " + Servers.shorten(e.getMessage()), null);
        conn.endAfterAnswer();
        throw e;
      }
      if (upload == null) {
        return null;
      }
      Map<String, Object> headerDic = upload.header();
      String tokenError = token == null ? null : guesses.check(conn.socket.getInetAddress(), headerDic.get(TokenCheck.KEY), token);
      String error = tokenError != null ? tokenError : check(headerDic, upload.payloadLength());
      if (error == null) {
        return upload;
      }
      answer(conn, answers, error, null);
      if (tokenError != null) {
        skipSmall(conn, upload); // so the guesser reads the answer, not a reset; then:
        return null; // one guess per connection
      }
      skip(conn, upload.payload()); // read and dropped, to stay in step with the client
    }
  }

  /** Wrong tokens slow down per address. */
  private final TokenThrottle guesses = new TokenThrottle();

  /** Answers "ok" and {@code done} ({@code error} null), or "error"; logs a refusal. */
  private void answer(Guard.Connection conn, HeaderDictWriter answers, String error, String done) throws IOException {
    if (error != null) {
      log.println(conn.who + ": refused: " + TokenCheck.redact(error, token)); // the error may quote the header
    }
    conn.send(() -> {
      answers.write(answer(error == null ? "ok" : "error", error == null ? done : error), new byte[0]);
    });
  }

  /** Why this upload is refused before its bytes are read, or null. */
  private String check(Map<String, Object> header, long totalSize) {
    String bad = SafeNames.badName(header.get(FileProtocol.NAME));
    if (bad == null && isPart((String) header.get(FileProtocol.NAME))) {
      bad = "names " + PART_PREFIX + "*" + PART_SUFFIX + " are this server's unfinished uploads, removed at start";
    }
    if (bad == null) {
      bad = FileProtocol.badSize(header.get(FileProtocol.SIZE), totalSize);
    }
    if (bad == null) {
      long free = usableSpace(); // asked once: the file system's answer is a system call
      if (totalSize > free) {
        bad = "not enough disk space for " + totalSize + " bytes (" + free + " free)";
      }
    }
    if (bad == null && !(header.get(FileProtocol.SHA256) instanceof String
        && ((String) header.get(FileProtocol.SHA256)).matches("[0-9a-fA-F]{64}"))) {
      bad = "\"sha256\" must be 64 hex digits";
    }
    return bad;
  }

  private long usableSpace() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // cannot tell: let the write fail, if it must, with its own error
    }
  }

  /** Streams the payload to a temporary file while hashing it; renames it into place if the hash matches. */
  private String save(Guard.Connection conn, StreamedHeaderDictFrame upload) throws IOException {
    Map<String, Object> header = upload.header();
    Path temp = Files.createTempFile(dir, PART_PREFIX, PART_SUFFIX);
    try {
      MessageDigest digest = FileProtocol.sha256();
      try (OutputStream out = Files.newOutputStream(temp)) {
        copy(conn, upload.payload(), (buffer, n) -> {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
        });
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase((String) header.get(FileProtocol.SHA256))) {
        return "sha256 mismatch: header says " + header.get(FileProtocol.SHA256) + ", the bytes hash to " + actual;
      }
      Path target = dir.resolve((String) header.get(FileProtocol.NAME));
      if (!dir.equals(target.getParent())) {
        return "name leaves the folder"; // SafeNames rules this out; checked again where it matters
      }
      try {
        // rename(2): the name points at the old file or the new one, never at none
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) { // the name is a folder, the disk is read-only...: tell the client
        return "could not save: " + PyBytes.escape(e.toString());
      }
      return null;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private interface Sink {
    void accept(byte[] buffer, int n) throws IOException;
  }

  /** Reads a payload chunk by chunk; each 64 KiB (or the rest) must arrive within the message timeout. */
  private static void copy(Guard.Connection conn, InputStream in, Sink sink) throws IOException {
    byte[] buffer = new byte[CHUNK];
    while (true) {
      int n = conn.more(() -> in.readNBytes(buffer, 0, buffer.length));
      if (n <= 0) {
        return;
      }
      sink.accept(buffer, n);
    }
  }

  private static void skip(Guard.Connection conn, InputStream payload) throws IOException {
    copy(conn, payload, (buffer, n) -> { });
  }

  /** Reads and drops a payload of at most 64 KiB; a bigger one (from a client without the token) is not worth the wait. */
  private static void skipSmall(Guard.Connection conn, StreamedHeaderDictFrame upload) throws IOException {
    if (upload.payloadLength() <= CHUNK) {
      skip(conn, upload.payload());
    }
  }

  private static Map<String, Object> answer(String status, String message) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(FileProtocol.STATUS, status);
    answer.put(FileProtocol.MESSAGE, message);
    return answer;
  }

  private static byte[] answerBytes(String status, String message) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    new HeaderDictWriter(bytes, FileProtocol.ANSWER).write(answer(status, message), new byte[0]);
    return bytes.toByteArray();
  }

  private static boolean isPart(String name) {
    return name.startsWith(PART_PREFIX) && name.endsWith(PART_SUFFIX);
  }

  /** Temporary files of a server that was killed mid-upload: never renamed, never to be. */
  private static void removeStaleParts(Path dir, PrintStream log) throws IOException {
    int removed = 0;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(dir, PART_PREFIX + "*" + PART_SUFFIX)) {
      for (Path part : parts) {
        if (Files.isRegularFile(part) && Files.deleteIfExists(part)) {
          removed++;
        }
      }
    }
    if (removed > 0) {
      log.println("removed " + removed + " unfinished upload(s) (" + PART_PREFIX + "*" + PART_SUFFIX
          + ") left in " + dir + " by an earlier run");
    }
  }

  @Override
  public void close() throws IOException {
    guard.close();
  }

  static Args.Spec spec() {
    Args.Spec spec = Args.spec("file-server", "receives files sent by file-client into --dir, each verified by its SHA-256")
        .hostAndPort(8083)
        .option("--dir", "DIR", "received", "folder the files go to (created if missing, and said so)")
        .option("--max-size", "BYTES", Long.toString(1L << 30), "refuse larger files");
    return TokenCheck.options(spec, "shared secret every upload must carry; required with a non-loopback --host")
        .option("--max-clients", "N", "16", "clients served at once; when all are taken, one not receiving an accepted"
            + " upload gives its slot to a newcomer (first one that never had an upload accepted, then the one idle"
            + " longest) and is told why; if every one is busy, the newcomer is refused with a reason")
        .option("--idle-timeout", "SECONDS", "600",
            "close a connection that begins no upload for this long (once begun: 30 s per header and per 64 KiB)")
        .note("Wire format: struct.pack('i', len(H)) + H + file bytes, H = UTF-8 JSON\n"
            + "{\"name\": plain file name, \"size\": n, \"sha256\": hex, \"total_size\": n}; the answer is a header dict\n"
            + "{\"status\": \"ok\" | \"error\", \"message\": ...}. Names with paths, or that the file system cannot store,\n"
            + "are refused before the file is read; files stream to a temporary " + PART_PREFIX + "*" + PART_SUFFIX
            + " and replace the old file\nin one atomic rename. A wrong token closes the connection after its answer.")
        .note(TokenCheck.HELP);
  }

  static int run(Args args, Io io) throws Exception {
    long maxSize = args.positiveLong("--max-size");
    String token = TokenCheck.forServer(args, io);
    Path dir = Path.of(args.get("--dir"));
    boolean created = !Files.isDirectory(dir);
    try (FileServer server = bind(Servers.bindAddress(args), dir, maxSize, token, args.positiveInteger("--max-clients"),
        args.seconds("--idle-timeout"), new FloodSafeLog(io.out))) {
      io.out.println(Servers.listeningLine("file-server", server.address()) + ", saving into " + server.dir()
          + (created ? " (created it" + (args.given("--dir") ? "" : "; --dir names another folder") + ")" : ""));
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
