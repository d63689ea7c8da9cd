package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferTest {
  @TempDir Path tmp;
  private final LineCapture serverLog = new LineCapture();
  private FileServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private int start(String token) throws Exception {
    server = FileServer.bind(Peers.LOOPBACK_ANY_PORT, tmp.resolve("inbox"), 64L << 20, token, serverLog.stream);
    Peers.serve(server::serve);
    return server.address().getPort();
  }

  private Path file(String name, int size) throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Files.createDirectories(tmp.resolve("out"));
    return Files.write(tmp.resolve("out").resolve(name), data);
  }

  private List<String> inbox() throws Exception {
    try (Stream<Path> files = Files.list(tmp.resolve("inbox"))) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void filesArriveIdenticalAndVerified() throws Exception {
    int port = start(null);
    Path empty = file("empty.bin", 0);
    Path small = file("small.txt", 1000);
    Path big = file("big.bin", 5 << 20); // many chunks, streamed both ways
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    int code = Main.run(new String[] {"file-client", "--port", Integer.toString(port)},
        Peers.io(empty + "\n\n" + small + "\n" + big + "\n", out, err));
    assertEquals(0, code, err.text());
    assertEquals(3, out.lines().size(), out.text());
    assertTrue(out.lines().get(2).startsWith(big + " (5242880 bytes, sha256 " + FileProtocol.sha256Of(big) + "): ok, saved big.bin"));
    for (Path p : List.of(empty, small, big)) {
      assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(tmp.resolve("inbox").resolve(p.getFileName())));
    }
    assertEquals(List.of("big.bin", "empty.bin", "small.txt"), inbox()); // no temporary files left
  }

  @Test
  void aPythonClientInTheSeedsStyleUploadsToTheJavaServer() throws Exception {
    int port = start(null);
    Path f = file("py.bin", 300_000);
    LineCapture pyOut = new LineCapture();
    Process py = Peers.python("file_client.py", pyOut, new LineCapture(), port);
    try {
      Peers.writeStdin(py, f + "\n");
      py.getOutputStream().close();
      assertTrue(Peers.finish(py));
      assertEquals(">>: ok saved py.bin\n>>: ", pyOut.text());
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("inbox").resolve("py.bin")));
    } finally {
      Peers.kill(py);
    }
  }

  @Test
  void clientReportsMissingFilesAndGoesOn() throws Exception {
    int port = start(null);
    Path small = file("a.txt", 10);
    LineCapture out = new LineCapture();
    LineCapture err = new LineCapture();
    int code = Main.run(new String[] {"file-client", "--port", Integer.toString(port)},
        Peers.io(tmp.resolve("missing") + "\n" + tmp + "\n" + small + "\n", out, err));
    assertEquals(1, code);
    assertEquals(List.of("file-client: not a file: " + tmp.resolve("missing"), "file-client: not a file: " + tmp), err.lines());
    assertEquals(List.of("a.txt"), inbox());
  }

  /** Sends one upload by hand and returns the server's answer. */
  private Map<String, Object> upload(int port, Map<String, Object> header, byte[] payload) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      new HeaderDictWriter(s.getOutputStream(), FileProtocol.format(1 << 20)).write(header, payload);
      HeaderDictFrame answer = new HeaderDictReader(s.getInputStream(), FileProtocol.format(0)).read();
      return answer.header();
    }
  }

  private static Map<String, Object> header(String name, long size, String sha256) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("name", name);
    h.put("size", size);
    h.put("sha256", sha256);
    return h;
  }

  @Test
  void namesThatLeaveTheFolderAreRefused() throws Exception {
    int port = start(null);
    byte[] data = "owned".getBytes(StandardCharsets.UTF_8);
    String sha = FileProtocol.sha256Of(Files.write(tmp.resolve("x"), data));
    for (String name : new String[] {"../escape.txt", "..", ".", "/etc/passwd", "a/b", "..\\evil", "C:evil", "", "nul\u0000byte"}) {
      Map<String, Object> answer = upload(port, header(name, data.length, sha), data);
      assertEquals("error", answer.get("status"), name);
    }
    assertEquals(List.of(), inbox());
    assertFalse(Files.exists(tmp.resolve("escape.txt")));
    assertEquals("ok", upload(port, header("fine.txt", data.length, sha), data).get("status"));
  }

  @Test
  void aFileWhoseHashDoesNotMatchIsNotKept() throws Exception {
    int port = start(null);
    byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> answer = upload(port, header("a.txt", data.length, "0".repeat(64)), data);
    assertEquals("error", answer.get("status"));
    assertTrue(((String) answer.get("message")).startsWith("sha256 mismatch: header says 0000"), (String) answer.get("message"));
    Map<String, Object> wrongSize = upload(port, header("a.txt", 99, "0".repeat(64)), data);
    assertEquals("\"size\" must be a whole number equal to total_size (5), not '99'", wrongSize.get("message"));
    assertEquals(List.of(), inbox());
  }

  @Test
  void aSenderThatVanishesMidFileLeavesNothingBehind() throws Exception {
    int port = start(null);
    try (Socket s = new Socket("127.0.0.1", port)) {
      // by hand: the header promises 1000 bytes, 500 follow, then the sender is gone
      byte[] json = ("{\"name\": \"partial.bin\", \"size\": 1000, \"sha256\": \"" + "0".repeat(64)
          + "\", \"total_size\": 1000}").getBytes(StandardCharsets.UTF_8);
      s.getOutputStream().write(io.jstruct.Struct.pack("i", json.length));
      s.getOutputStream().write(json);
      s.getOutputStream().write(new byte[500]);
    }
    serverLog.awaitLine(l -> l.contains("bad frame, connection closed"));
    assertEquals(List.of(), inbox());
    Path after = file("after.txt", 10);
    assertEquals(0, Main.run(new String[] {"file-client", "--port", Integer.toString(port)},
        Peers.io(after + "\n", new LineCapture(), new LineCapture())));
  }

  @Test
  void withATokenUploadsWithoutItAreRefused() throws Exception {
    int port = start("pw");
    Path f = file("t.txt", 10);
    LineCapture err = new LineCapture();
    assertEquals(1, Main.run(new String[] {"file-client", "--port", Integer.toString(port)}, Peers.io(f + "\n", new LineCapture(), err)));
    assertTrue(err.text().endsWith("error, wrong or missing token\n"), err.text());
    assertEquals(0, Main.run(new String[] {"file-client", "--port", Integer.toString(port), "--token", "pw"},
        Peers.io(f + "\n", new LineCapture(), new LineCapture())));
    assertEquals(List.of("t.txt"), inbox());
  }

  @Test
  void badNameRules() {
    assertNull(SafeNames.badName("report 2024.pdf"));
    assertNull(SafeNames.badName("你好.txt"));
    assertEquals("\"name\" must be a string", SafeNames.badName(42));
  }
}
