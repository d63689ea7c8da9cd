package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jstruct.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames written by CPython with {@code struct} and {@code json} (src/test/python/
 * framing_interop.py), read by Java; and frames Java writes, compared byte for byte with
 * Python's and parsed by Python. The committed fixtures make the first half run without python3.
 */
class PythonInteropTest {
  private static final Path SCRIPT = Path.of("src/test/python/framing_interop.py");
  private static final Path FIXTURES = Path.of("src/test/resources/interop");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void committedFixturesReadAndWriteByteForByte() throws IOException {
    checkDirectory(FIXTURES, null);
  }

  @Test
  void liveCPythonBothWays(@TempDir Path dir) throws Exception {
    assumeTrue(python() != null, "python3 is not on the PATH");
    run("write", dir);
    for (String name : fixtureNames()) { // the committed fixtures are what the script writes
      assertArrayEquals(Files.readAllBytes(FIXTURES.resolve(name)),
          Files.readAllBytes(dir.resolve(name)), name + " is stale: rerun the script's write");
    }
    checkDirectory(dir, dir);
    String out = run("verify", dir);
    assertEquals(Layouts.count(dir) + 1, out.lines().filter(l -> l.startsWith("ok ")).count(),
        out);
  }

  /**
   * A Python peer with only socket, struct and json sends every layout on one connection, in
   * random pieces; Java reads each with its own reader on the same stream (readers never read
   * ahead) and echoes each frame; Python reads the echo the tutorial's way and compares.
   */
  @Test
  void liveCPythonPeerOverTcp() throws Exception {
    assumeTrue(python() != null, "python3 is not on the PATH");
    JsonNode manifest = JSON.readTree(FIXTURES.resolve("manifest.json").toFile());
    Platform platform = platformOf(manifest);
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      Process client = new ProcessBuilder(python(), SCRIPT.toString(), "client",
          String.valueOf(server.getLocalPort())).redirectErrorStream(true).start();
      try {
        server.setSoTimeout(60_000);
        try (java.net.Socket socket = server.accept()) {
          socket.setSoTimeout(60_000);
          java.io.InputStream in = socket.getInputStream();
          java.io.OutputStream out = socket.getOutputStream();
          for (JsonNode layout : manifest.get("layouts")) {
            FrameFormat format = formatOf(layout, platform);
            FrameReader reader = new FrameReader(in, format);
            FrameWriter writer = new FrameWriter(out, format);
            for (JsonNode expected : layout.get("frames")) {
              Frame frame = reader.read();
              assertArrayEquals(HEX.parseHex(expected.get("payload").asText()), frame.payload());
              writer.write(frame);
            }
          }
          HeaderDictFormat dicts = HeaderDictFormat.builder().platform(platform).build();
          HeaderDictReader reader = new HeaderDictReader(in, dicts);
          HeaderDictWriter writer = new HeaderDictWriter(out, dicts);
          for (JsonNode expected : manifest.get("header_dicts")) {
            HeaderDictFrame frame = reader.read();
            assertArrayEquals(HEX.parseHex(expected.get("payload").asText()), frame.payload());
            Map<String, Object> header = new LinkedHashMap<>(frame.header());
            writer.write(header, frame.payload());
          }
          assertNull(reader.read(), "the peer closed its side after the last frame");
        }
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
          throw new AssertionError("the Python peer did not finish:\n" + output);
        }
        assertEquals(0, client.exitValue(), output);
        assertEquals(manifest.get("layouts").size() + 1,
            output.lines().filter(l -> l.startsWith("ok ")).count(), output);
      } finally {
        client.destroyForcibly();
      }
    }
  }

  private static Platform platformOf(JsonNode manifest) {
    return manifest.get("byteorder").asText().equals("little")
        ? Platform.LP64_LITTLE_ENDIAN : Platform.LP64_BIG_ENDIAN;
  }

  private static FrameFormat formatOf(JsonNode layout, Platform platform) {
    FrameFormat.Builder builder = FrameFormat.builder(layout.get("format").asText())
        .platform(platform)
        .lengthField(layout.get("length_item").asInt())
        .lengthIncludesHeader(layout.get("length_includes_header").asBoolean())
        .lengthAdjustment(layout.get("length_adjustment").asInt());
    int checksum = layout.get("checksum_item").asInt();
    if (checksum >= 0) {
      builder.checksumField(checksum);
    }
    return builder.build();
  }

  private static List<String> fixtureNames() throws IOException {
    try (var files = Files.list(FIXTURES)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Reads each layout's Python bytes, and writes the same frames (into {@code out} if given). */
  private static void checkDirectory(Path dir, Path out) throws IOException {
    JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
    assertEquals(4, manifest.get("native_i_size").asInt());
    Platform platform = platformOf(manifest);
    for (JsonNode layout : manifest.get("layouts")) {
      String name = layout.get("name").asText();
      FrameFormat format = formatOf(layout, platform);
      byte[] python = Files.readAllBytes(dir.resolve(name + ".bin"));

      FrameReader reader = new FrameReader(new ByteArrayInputStream(python), format);
      ByteArrayOutputStream java = new ByteArrayOutputStream();
      FrameWriter writer = new FrameWriter(java, format);
      FrameDecoder decoder = new FrameDecoder(format);
      decoder.feed(python);
      for (JsonNode expected : layout.get("frames")) {
        byte[] payload = HEX.parseHex(expected.get("payload").asText());
        Object[] values = values(expected.get("values"));
        Frame frame = reader.read();
        assertArrayEquals(payload, frame.payload(), name);
        assertEquals(List.of(values).toString(), List.of(callerValues(format, frame)).toString(),
            name);
        assertArrayEquals(payload, decoder.poll().payload(), name);
        writer.write(Frame.of(payload, values));
      }
      assertNull(reader.read(), name);
      assertNull(decoder.poll(), name);
      assertArrayEquals(python, java.toByteArray(), name + ": Java's bytes differ from Python's");
      if (out != null) {
        Files.write(out.resolve("java-" + name + ".bin"), java.toByteArray());
      }
    }

    byte[] python = Files.readAllBytes(dir.resolve("header-dict.bin"));
    HeaderDictReader reader = new HeaderDictReader(new ByteArrayInputStream(python),
        HeaderDictFormat.builder().platform(platform).build());
    ByteArrayOutputStream java = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(java,
        HeaderDictFormat.builder().platform(platform).build());
    for (JsonNode expected : manifest.get("header_dicts")) {
      byte[] payload = HEX.parseHex(expected.get("payload").asText());
      @SuppressWarnings("unchecked")
      Map<String, Object> header = JSON.convertValue(expected.get("header"), LinkedHashMap.class);
      HeaderDictFrame frame = reader.read();
      Map<String, Object> withSize = new LinkedHashMap<>(header);
      withSize.put("total_size", payload.length);
      assertEquals(withSize, frame.header());
      assertArrayEquals(payload, frame.payload());
      writer.write(header, payload);
    }
    assertNull(reader.read());
    assertArrayEquals(python, java.toByteArray(),
        "header dicts: Java's bytes differ from Python's");
    checkUtf8Verdicts(dir, HeaderDictFormat.builder().platform(platform).build());
    if (out != null) {
      Files.write(out.resolve("java-header-dict.bin"), java.toByteArray());
    }
  }

  /**
   * Each raw JSON header is read by Java exactly when the tutorial's
   * {@code json.loads(header_bytes.decode('utf-8'))} reads it; the rest are
   * {@link MalformedHeaderException}s.
   */
  private static void checkUtf8Verdicts(Path dir, HeaderDictFormat format) throws IOException {
    JsonNode cases = JSON.readTree(dir.resolve("header-utf8.json").toFile());
    assertEquals(27, cases.size());
    int refused = 0;
    for (JsonNode c : cases) {
      String name = c.get("name").asText();
      byte[] json = HEX.parseHex(c.get("hex").asText());
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      wire.writeBytes(format.prefix().headerFor(json.length));
      wire.writeBytes(json);
      HeaderDictReader reader = new HeaderDictReader(
          new ByteArrayInputStream(wire.toByteArray()), format);
      if (c.get("python_error").isNull()) {
        assertEquals(0, reader.read().payload().length, name);
        assertNull(reader.read(), name);
      } else {
        MalformedHeaderException e = assertThrows(MalformedHeaderException.class, reader::read,
            name + ": Python refuses it (" + c.get("python_error").asText() + ")");
        assertTrue(e.getMessage().startsWith("the "), name + ": " + e.getMessage());
        refused++;
      }
    }
    assertEquals(21, refused);
  }

  private static Object[] values(JsonNode array) {
    List<Object> values = new ArrayList<>();
    for (JsonNode v : array) {
      values.add(v.bigIntegerValue());
    }
    return values.toArray();
  }

  private static Object[] callerValues(FrameFormat format, Frame frame) {
    Object[] header = frame.header();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      if (i != format.lengthField() && i != format.checksumField()) {
        values.add(header[i]);
      }
    }
    return values.toArray();
  }

  private static final class Layouts {
    static long count(Path dir) throws IOException {
      return JSON.readTree(dir.resolve("manifest.json").toFile()).get("layouts").size();
    }
  }

  private static String python() {
    for (String candidate : new String[] {"python3"}) {
      try {
        Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
        p.destroyForcibly();
      } catch (IOException | InterruptedException e) {
        return null;
      }
    }
    return null;
  }

  private static String run(String mode, Path dir) throws Exception {
    Process p = new ProcessBuilder(python(), SCRIPT.toString(), mode, dir.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("python3 " + mode + " did not finish");
    }
    assertEquals(0, p.exitValue(), "python3 " + mode + ":\n" + out);
    return out;
  }
}
