package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** file-server against concurrent writers, hostile names and sizes, token guessing, and fd exhaustion. */
@Timeout(120)
class FileHardeningTest {
  @TempDir
  Path tmp;
  private final LineCapture serverLog = new LineCapture();
  private FileServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  private int start(String token) throws Exception {
    return startWith(token, 32);
  }

  private static final String STRONG_TOKEN = "0123456789abcdef0123456789abcdef";

  /** A server with a token and room for {@code maxClients}; returns its port. */
  private int startWith(String token, int maxClients) throws Exception {
    server = FileServer.bind(Peers.LOOPBACK_ANY_PORT, tmp.resolve("inbox"), 64L << 20, token, maxClients, 600_000, serverLog.stream);
    Peers.serve(server::serve);
    return server.address().getPort();
  }

  private static Socket connect(int port) throws IOException {
    return Peers.connect(port, 60_000);
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static Map<String, Object> upload(Socket s, String name, byte[] data, String token) throws Exception {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(FileProtocol.NAME, name);
    header.put(FileProtocol.SIZE, data.length);
    header.put(FileProtocol.SHA256, sha256(data));
    if (token != null) {
      header.put(TokenCheck.KEY, token);
    }
    new HeaderDictWriter(s.getOutputStream(), FileProtocol.format(64L << 20)).write(header, data);
    return new HeaderDictReader(s.getInputStream(), FileProtocol.ANSWER).read().header();
  }

  /** A header written by hand (any JSON at all), then the answer. */
  private static Map<String, Object> rawHeader(Socket s, String json, byte[] payload) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(Struct.pack("i", bytes.length));
    s.getOutputStream().write(bytes);
    s.getOutputStream().write(payload);
    HeaderDictFrame answer = new HeaderDictReader(s.getInputStream(), FileProtocol.ANSWER).read();
    return answer.header();
  }

  @Test
  void aHeaderOverTheLimitsGetsAnErrorAnswerThenTheConnectionCloses() throws Exception {
    int port = start(null);
    String[] headers = {
        "{\"name\": \"big.bin\", \"size\": 100000000, \"sha256\": \"00\", \"total_size\": 100000000}", // over --max-size
        "[1, 2, 3]", // not a header dict
        "{\"name\": \"x\", \"total_size\": -1}"};
    for (String header : headers) {
      try (Socket s = connect(port)) {
        Map<String, Object> answer = rawHeader(s, header, new byte[0]);
        assertEquals("error", answer.get(FileProtocol.STATUS), header);
        assertTrue(answer.get(FileProtocol.MESSAGE).toString().startsWith("bad upload header: "), answer.toString());
        assertEquals(-1, s.getInputStream().read()); // then the connection is closed
      }
    }
  }

  @Test
  void twentyConcurrentUploadsOfOneNameAllGetAnAnswerAndTheFileIsNeverMissingOrPartial() throws Exception {
    int port = start(null);
    Path target = tmp.resolve("inbox").resolve("same.bin");
    Set<String> contents = new HashSet<>();
    List<byte[]> versions = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      byte[] data = new byte[300_000];
      java.util.Arrays.fill(data, (byte) i);
      versions.add(data);
      contents.add(sha256(data));
    }
    try (Socket s = connect(port)) {
      assertEquals("ok", upload(s, "same.bin", versions.get(0), null).get(FileProtocol.STATUS));
    }
    AtomicBoolean uploading = new AtomicBoolean(true);
    AtomicInteger reads = new AtomicInteger();
    Future<String> watcher = pool.submit(() -> {
      while (uploading.get()) {
        byte[] seen;
        try {
          seen = Files.readAllBytes(target);
        } catch (java.nio.file.NoSuchFileException e) {
          return "the file was missing for a moment";
        }
        if (!contents.contains(sha256(seen))) {
          return "a reader saw " + seen.length + " bytes that are no upload";
        }
        reads.incrementAndGet();
      }
      return null;
    });
    List<Future<Map<String, Object>>> answers = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      byte[] data = versions.get(i);
      answers.add(pool.submit(() -> {
        try (Socket s = connect(port)) {
          return upload(s, "same.bin", data, null);
        }
      }));
    }
    for (Future<Map<String, Object>> answer : answers) { // 20 clients, 32 slots: all are served
      Map<String, Object> header = answer.get(60, TimeUnit.SECONDS);
      assertEquals("ok", header.get(FileProtocol.STATUS), header.toString());
    }
    uploading.set(false);
    assertNull(watcher.get(60, TimeUnit.SECONDS));
    assertTrue(contents.contains(sha256(Files.readAllBytes(target))));
    assertEquals(List.of("same.bin"), listInbox());
  }

  private List<String> listInbox() throws IOException {
    try (var files = Files.list(tmp.resolve("inbox"))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
    }
  }

  @Test
  void hostileNamesAreRefusedBeforeTheFileIsSent() throws Exception {
    int port = start(null);
    String[][] cases = {
        {"\"" + "é".repeat(128) + "\"", "name is 256 bytes in UTF-8, over the file system's 255"},
        {"\"\\ud800.txt\"", "name contains a lone surrogate (U+D800), which no file system can store"},
        {"\"a\\u0000b\"", "name must not contain control characters (NUL)"},
        {"\"../x\"", "name must be a plain file name, without '/' (no paths)"},
        {"\"..\"", "name must not be '..'"},
        {"\".upload-1.part\"", "names .upload-*.part are this server's unfinished uploads, removed at start"},
    };
    assertEquals("UTF-8", SafeNames.fileSystemCharset().name(), "this test expects a UTF-8 file system charset");
    for (String[] c : cases) {
      try (Socket s = connect(port)) {
        // 10 MB announced, none sent: the answer must come before the server reads any of it
        Map<String, Object> answer = rawHeader(s, "{\"name\": " + c[0] + ", \"size\": 10000000, \"sha256\": \""
            + "0".repeat(64) + "\", \"total_size\": 10000000}", new byte[0]);
        assertEquals("error", answer.get(FileProtocol.STATUS), c[0]);
        assertEquals(c[1], answer.get(FileProtocol.MESSAGE), c[0]);
      }
    }
    assertEquals(List.of(), listInbox());
  }

  @Test
  void namesAreCheckedInTheFileSystemsCharset() {
    assertEquals("name cannot be written in this server's file-system charset US-ASCII (under LANG=C only ASCII names can)",
        SafeNames.badName("é.txt", StandardCharsets.US_ASCII));
    assertNull(SafeNames.badName("e.txt", StandardCharsets.US_ASCII));
    assertNull(SafeNames.badName("é".repeat(127) + "x", StandardCharsets.UTF_8)); // 255 bytes
    assertNull(SafeNames.badName("😀.txt", StandardCharsets.UTF_8)); // a proper surrogate pair
  }

  @Test
  void underLangCaNonAsciiNameGetsAnErrorAnswer() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("c-inbox"));
    try (ChildJvm child = ChildJvm.start("", Map.of("LANG", "C", "LC_ALL", "C"), List.of(), "file-server", "--port", "0",
        "--dir", dir.toString())) {
      int port = child.port();
      try (Socket s = connect(port)) {
        Map<String, Object> answer = rawHeader(s, "{\"name\": \"caf\\u00e9\", \"size\": 1, \"sha256\": \""
            + sha256(new byte[1]) + "\", \"total_size\": 1}", new byte[1]);
        assertEquals("error", answer.get(FileProtocol.STATUS));
        assertTrue(String.valueOf(answer.get(FileProtocol.MESSAGE)).startsWith("name cannot be written"), answer.toString());
        assertEquals("ok", upload(s, "plain.txt", new byte[] {1}, null).get(FileProtocol.STATUS)); // in step
      }
    }
  }

  @Test
  void anUploadLargerThanTheFreeDiskSpaceIsRefusedBeforeItIsSent() throws Exception {
    server = FileServer.bind(Peers.LOOPBACK_ANY_PORT, tmp.resolve("inbox"), Long.MAX_VALUE / 2, null, serverLog.stream);
    Peers.serve(server::serve);
    long huge = 1L << 60; // an exabyte: more than any disk this test runs on
    try (Socket s = connect(server.address().getPort())) {
      Map<String, Object> answer = rawHeader(s, "{\"name\": \"big\", \"size\": " + huge + ", \"sha256\": \"" + "0".repeat(64)
          + "\", \"total_size\": " + huge + "}", new byte[0]);
      assertTrue(String.valueOf(answer.get(FileProtocol.MESSAGE)).startsWith("not enough disk space for " + huge + " bytes ("),
          answer.toString());
    }
  }

  @Test
  void sizeMustBeExactlyTheNumberOfBytes() throws Exception {
    int port = start(null);
    byte[] data = "twelve bytes".getBytes(StandardCharsets.UTF_8);
    try (Socket s = connect(port)) {
      for (String size : new String[] {"18446744073709551628", "12.9", "true", "\"12\"", "-12", "12.0"}) {
        Map<String, Object> answer = rawHeader(s, "{\"name\": \"n.txt\", \"size\": " + size + ", \"sha256\": \""
            + sha256(data) + "\", \"total_size\": 12}", data);
        assertEquals("error", answer.get(FileProtocol.STATUS), size);
        assertTrue(String.valueOf(answer.get(FileProtocol.MESSAGE)).startsWith("\"size\" must be a whole number equal to total_size (12)"),
            answer.toString());
      }
      Map<String, Object> ok = rawHeader(s, "{\"name\": \"n.txt\", \"size\": 12, \"sha256\": \"" + sha256(data)
          + "\", \"total_size\": 12}", data);
      assertEquals("ok", ok.get(FileProtocol.STATUS));
    }
  }

  private static boolean closedByServer(InputStream in) {
    try {
      return in.readAllBytes().length >= 0;
    } catch (SocketException reset) {
      return true;
    } catch (IOException timedOut) {
      return false;
    }
  }

  private void awaitConnections(int busy, int idle) throws InterruptedException {
    Guard guard = server.guard();
    while (guard.busyConnections() != busy || guard.idleConnections() != idle) {
      Thread.sleep(10);
    }
  }

  @Test
  void whenFullIdleAndTricklingClientsGiveTheirSlotsOldestFirstButAnAcceptedUploadKeepsItsSlot() throws Exception {
    String token = STRONG_TOKEN;
    int port = startWith(token, 3);
    byte[] big = new byte[1 << 20];
    new java.util.Random(7).nextBytes(big);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(FileProtocol.NAME, "big.bin");
    header.put(FileProtocol.SIZE, big.length);
    header.put(FileProtocol.SHA256, sha256(big));
    header.put(TokenCheck.KEY, token);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new HeaderDictWriter(frame, FileProtocol.format(64L << 20)).write(header, big);
    byte[] bytes = frame.toByteArray();
    int half = bytes.length - big.length / 2;
    try (Socket uploader = connect(port)) {
      uploader.getOutputStream().write(bytes, 0, half); // the header and half the file: accepted, busy
      awaitConnections(1, 0);
      try (Socket idle = connect(port); Socket trickler = connect(port)) {
        trickler.getOutputStream().write(new byte[] {0, 0}); // half a length prefix, then nothing
        awaitConnections(1, 2);
        try (Socket first = connect(port); Socket second = connect(port)) {
          assertEquals("ok", upload(first, "first.txt", new byte[] {1}, token).get(FileProtocol.STATUS));
          assertTrue(closedByServer(idle.getInputStream()), "the oldest idle connection gave its slot");
          assertEquals("ok", upload(second, "second.txt", new byte[] {2}, token).get(FileProtocol.STATUS));
          assertTrue(closedByServer(trickler.getInputStream()), "then the trickler, older than the first newcomer");
        }
      }
      uploader.getOutputStream().write(bytes, half, bytes.length - half);
      Map<String, Object> answer = new HeaderDictReader(uploader.getInputStream(), FileProtocol.ANSWER).read().header();
      assertEquals("ok", answer.get(FileProtocol.STATUS), answer.toString()); // its slot was never taken
    }
    assertEquals(List.of("big.bin", "first.txt", "second.txt"), listInbox());
    serverLog.awaitLine(l -> l.endsWith("gives its slot to a new client, connection closed"));
  }

  @Test
  void aSessionThatProvedItsTokenOutlastsConnectionsThatNeverDidAndAnEvictedClientIsToldWhy() throws Exception {
    String token = STRONG_TOKEN;
    int port = startWith(token, 2);
    try (Socket session = connect(port)) {
      assertEquals("ok", upload(session, "a.txt", new byte[] {1}, token).get(FileProtocol.STATUS));
      awaitConnections(0, 1); // the session, idle between two uploads, and older than anyone
      for (int i = 0; i < 3; i++) { // token-less connections come and go
        try (Socket idle = connect(port)) {
          awaitConnections(0, 2);
          try (Socket newcomer = connect(port)) {
            assertEquals("ok", upload(newcomer, "n" + i + ".txt", new byte[] {2}, token).get(FileProtocol.STATUS));
            Map<String, Object> why = new HeaderDictReader(idle.getInputStream(), FileProtocol.ANSWER).read().header();
            assertEquals("error", why.get(FileProtocol.STATUS));
            assertEquals("refused: the server was full (--max-clients) and this connection was not busy; reconnect to go on",
                why.get(FileProtocol.MESSAGE));
            assertTrue(closedByServer(idle.getInputStream()));
          }
        }
        awaitConnections(0, 1);
      }
      assertEquals("ok", upload(session, "b.txt", new byte[] {3}, token).get(FileProtocol.STATUS)); // never evicted
    }
    serverLog.awaitLine(l -> l.endsWith("never had a request accepted while the server was full: gives its slot to a new client,"
        + " connection closed"));
  }

  @Test
  void aMalformedHeaderThatCarriesTheTokenDoesNotPutTheTokenInTheLog() throws Exception {
    String token = "9f3c2a7e5b1d4c6f";
    int port = start(token);
    try (Socket s = connect(port)) {
      Map<String, Object> answer = rawHeader(s, "{\"token\": \"" + token + "\", \"total_size\": 0} trailing junk", new byte[0]);
      assertEquals("error", answer.get(FileProtocol.STATUS)); // the sender's own reply may quote its header
    }
    int refused = serverLog.awaitLine(0, l -> l.contains(": refused: bad upload header: "));
    serverLog.awaitLine(refused, l -> l.startsWith("<-------- "));
    assertTrue(serverLog.text().contains("\"token\": \"***\""), serverLog.text());
    assertFalse(serverLog.text().contains(token.substring(0, 6)), serverLog.text());
  }

  @Test
  void tokenValuesAreHiddenWhereverTheyAreQuoted() {
    assertEquals("starts with '{\"token\": \"***\", \"total_size\": 3}'",
        TokenCheck.redact("starts with '{\"token\": \"secret\", \"total_size\": 3}'"));
    assertEquals("starts with '{\"token\":\"***\"'", TokenCheck.redact("starts with '{\"token\":\"9f3c2a7e5b1d4c...'"));
    assertEquals("no token here", TokenCheck.redact("no token here"));
    // the server's own token: with a quote in it, under an escaped key, cut off mid-token
    assertEquals("starts with '{\"token\": \"***\", \"tok\\u0065n\": \"***\", \"x\": \"***...'",
        TokenCheck.redact("starts with '{\"token\": \"ab'cdefgh\", \"tok\\u0065n\": \"ab'cdefgh\", \"x\": \"ab'cd...'",
            "ab'cdefgh"));
  }

  @Test
  void aWrongTokenIsAnsweredAndTheConnectionClosed() throws Exception {
    int port = start("right");
    try (Socket s = connect(port)) {
      assertEquals("wrong or missing token", upload(s, "a.txt", new byte[] {1}, "guess").get(FileProtocol.MESSAGE));
      try {
        assertEquals(-1, s.getInputStream().read());
      } catch (SocketException reset) {
        // closed: as good
      }
    }
    assertEquals(List.of(), listInbox());
  }

  @Test
  void aWrongTokenWithABigFileIsAnsweredAtOnceAndClosedWithoutWaitingForTheFile() throws Exception {
    int port = start("right");
    try (Socket s = connect(port)) {
      Map<String, Object> answer = rawHeader(s, "{\"name\": \"a.txt\", \"size\": 10000000, \"sha256\": \"" + "0".repeat(64)
          + "\", \"token\": \"guess\", \"total_size\": 10000000}", new byte[0]);
      assertEquals("wrong or missing token", answer.get(FileProtocol.MESSAGE));
      try {
        assertEquals(-1, s.getInputStream().read());
      } catch (SocketException reset) {
        // closed: as good
      }
    }
    serverLog.awaitLine(l -> l.startsWith("<-------- "));
  }

  @Test
  void unfinishedUploadsOfAnEarlierRunAreRemovedAtStart() throws Exception {
    Path inbox = Files.createDirectories(tmp.resolve("inbox"));
    Path stale = Files.write(inbox.resolve(FileServer.PART_PREFIX + "123" + FileServer.PART_SUFFIX), new byte[10]);
    Path kept = Files.write(inbox.resolve("kept.part"), new byte[10]); // not ours: left alone
    start(null);
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(kept));
    serverLog.awaitLine(l -> l.startsWith("removed 1 unfinished upload(s)"));
  }

  @Test
  void aFileServerOutOfFileDescriptorsKeepsServingOnceTheFloodEnds() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fd-inbox"));
    try (ChildJvm child = ChildJvm.start("ulimit -n 64;", Map.of(), List.of("-Xmx64m"), "file-server", "--port", "0",
        "--dir", dir.toString(), "--max-clients", "1000")) {
      int port = child.port();
      List<Socket> flood = new ArrayList<>();
      try {
        for (int i = 0; i < 90; i++) { // 90 idle connections > 64 descriptors
          Socket s = new Socket();
          flood.add(s);
          try {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
          } catch (java.net.SocketTimeoutException backlogFull) {
            break; // the server is out of descriptors and its backlog is full: flooded enough
          }
        }
        child.out.awaitLine(l -> l.startsWith("accept failed, backing off and retrying: "));
      } finally {
        for (Socket s : flood) {
          s.close();
        }
      }
      assertTrue(child.process.isAlive(), child.out.text());
      Path file = Files.write(tmp.resolve("after-flood.txt"), "still here".getBytes(StandardCharsets.UTF_8));
      LineCapture out = new LineCapture();
      LineCapture err = new LineCapture();
      int code = Main.run(new String[] {"file-client", "--port", Integer.toString(port)}, Peers.io(file + "\n", out, err));
      assertEquals(0, code, err.text() + child.out.text());
      assertEquals("still here", Files.readString(dir.resolve("after-flood.txt")));
      child.out.awaitLine(l -> l.startsWith("accepting again after "));
    }
  }

  @Test
  void theListeningLineSaysWhereFilesGoAndThatTheFolderWasCreated() throws Exception {
    Path dir = tmp.resolve("new-folder");
    try (ChildJvm child = ChildJvm.start("", Map.of(), List.of(), "file-server", "--port", "0", "--dir", dir.toString())) {
      child.port();
      String line = child.out.awaitLine(l -> l.contains("listening"));
      assertTrue(line.endsWith(", saving into " + dir.toRealPath() + " (created it)"), line);
    }
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
