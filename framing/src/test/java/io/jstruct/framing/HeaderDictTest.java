package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderDictTest {
  private static final HeaderDictFormat STANDARD = HeaderDictFormat.standard();

  /** A frame as the tutorial's Python builds it, from the JSON text given. */
  private static byte[] pythonFrame(String json, byte[] payload) {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Struct.pack("i", header.length));
    out.writeBytes(header);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static HeaderDictReader reader(byte[] wire) {
    return new HeaderDictReader(new ByteArrayInputStream(wire), STANDARD);
  }

  @Test
  void writesWhatPythonsJsonDumpsWrites() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(out, STANDARD);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("filename", "a.txt");
    header.put("md5", "5eb63bbbe01eeed093cb22bb8f5acdc3");
    header.put("tags", List.of("x", 1, true));
    header.put("note", null);
    header.put("caf\u00e9 \ud83d\ude00", "\n\"\\\u007f/");
    byte[] payload = "hello world".getBytes(StandardCharsets.US_ASCII);
    writer.write(header, payload);
    // json.dumps({...}) with Python's defaults: ", " and ": ", ASCII with lowercase \\u escapes
    String json = "{\"filename\": \"a.txt\", \"md5\": \"5eb63bbbe01eeed093cb22bb8f5acdc3\", "
        + "\"tags\": [\"x\", 1, true], \"note\": null, "
        + "\"caf\\u00e9 \\ud83d\\ude00\": \"\\n\\\"\\\\\\u007f/\", \"total_size\": 11}";
    assertArrayEquals(pythonFrame(json, payload), out.toByteArray());
  }

  @Test
  void readsTheTutorialsFrames() throws IOException {
    byte[] payload = {1, 2, 3};
    byte[] wire = pythonFrame("{\"filename\": \"a.txt\", \"total_size\": 3, \"size\": 1.5}",
        payload);
    HeaderDictReader reader = reader(wire);
    HeaderDictFrame frame = reader.read();
    assertEquals(List.of("filename", "total_size", "size"), List.copyOf(frame.header().keySet()));
    assertEquals("a.txt", frame.header().get("filename"));
    assertEquals(3, frame.header().get("total_size"));
    assertEquals(1.5, frame.header().get("size"));
    assertArrayEquals(payload, frame.payload());
    assertNull(reader.read());
    assertThrows(UnsupportedOperationException.class, () -> frame.header().put("x", 1));
  }

  @Test
  void sizeKeyIsConfigurable() throws IOException {
    HeaderDictFormat format = HeaderDictFormat.builder().sizeKey("data_size").prefixFormat("!I")
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HeaderDictWriter(out, format).write(Map.of("data_size", 2), new byte[] {7, 8});
    byte[] json = "{\"data_size\": 2}".getBytes(StandardCharsets.US_ASCII);
    byte[] expected = new byte[4 + json.length + 2];
    System.arraycopy(Struct.pack("!I", (long) json.length), 0, expected, 0, 4);
    System.arraycopy(json, 0, expected, 4, json.length);
    expected[expected.length - 2] = 7;
    expected[expected.length - 1] = 8;
    assertArrayEquals(expected, out.toByteArray());
    HeaderDictFrame frame = new HeaderDictReader(new ByteArrayInputStream(expected), format)
        .read();
    assertArrayEquals(new byte[] {7, 8}, frame.payload());
    // Read as the standard format, the big-endian prefix 16 is little-endian 2^28: refused.
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> reader(expected).read());
    assertEquals("JSON header: declared length 268435456 gives a payload of 268435456 bytes, "
        + "over the maximum of 65536", e.getMessage());
  }

  private static String malformed(String json) {
    FramingException e = assertThrows(FramingException.class,
        () -> reader(pythonFrame(json, new byte[0])).read());
    assertTrue(e instanceof MalformedHeaderException || e instanceof FrameTooLongException,
        e.toString());
    return e.getMessage();
  }

  @Test
  void badHeadersGetClearErrors() {
    assertTrue(malformed("{\"total_size\": ").startsWith(
        "the 15-byte header is not valid JSON: Unexpected end-of-input"),
        malformed("{\"total_size\": "));
    assertEquals("the header is JSON array, not an object (starts with '[1, 2]')",
        malformed("[1, 2]"));
    assertEquals("the header is JSON string, not an object (starts with '\"x\"')",
        malformed("\"x\""));
    assertEquals("the header is empty: expected a JSON object", malformed(""));
    assertEquals("the header has no \"total_size\" key: keys are [filename]",
        malformed("{\"filename\": \"a\"}"));
    assertEquals("\"total_size\" must be an integer, got string \"12\"",
        malformed("{\"total_size\": \"12\"}"));
    assertEquals("\"total_size\" must be an integer, got number 12.0",
        malformed("{\"total_size\": 12.0}"));
    assertEquals("\"total_size\" must be an integer, got null",
        malformed("{\"total_size\": null}"));
    assertEquals("\"total_size\" is negative: -1", malformed("{\"total_size\": -1}"));
    assertEquals("\"total_size\" declares a payload of 99999999999999999999999 bytes, over the "
        + "maximum of 16777216", malformed("{\"total_size\": 99999999999999999999999}"));
    assertTrue(malformed("{\"total_size\": 1, \"total_size\": 2}").contains("Duplicate field"),
        malformed("{\"total_size\": 1, \"total_size\": 2}"));
    assertTrue(malformed("{\"total_size\": 0} {}").contains("not valid JSON"),
        malformed("{\"total_size\": 0} {}"));
    assertTrue(malformed("{\"total_size\": NaN}").contains("not valid JSON"));
    assertTrue(malformed("[".repeat(5000)).contains("not valid JSON"));
  }

  /** The header bytes {@code before + middle + after} as a frame, read: its error message. */
  private static String malformedBytes(byte[] json) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(Struct.pack("i", json.length));
    wire.writeBytes(json);
    return assertThrows(MalformedHeaderException.class,
        () -> reader(wire.toByteArray()).read()).getMessage();
  }

  private static byte[] withString(int... bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("{\"a\": \"".getBytes(StandardCharsets.US_ASCII));
    for (int b : bytes) {
      out.write(b);
    }
    out.writeBytes("\", \"total_size\": 0}".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  @Test
  void headersAreStrictUtf8AsPythonDecodesThem() {
    assertEquals("the 27-byte header is not valid UTF-8: byte 0xff at offset 7 is an invalid "
        + "start byte (starts with '{\"a\": \"\\xff\", \"total_size\": 0}')",
        malformedBytes(withString(0xff)));
    assertTrue(malformedBytes(withString(0xc0, 0xaf)).startsWith("the 28-byte header is not "
        + "valid UTF-8: byte 0xc0 at offset 7 is an invalid start byte (an overlong form"));
    assertTrue(malformedBytes(withString(0xc0, 0x80)).contains("byte 0xc0 at offset 7 is an "
        + "invalid start byte (an overlong form, as in Java's modified UTF-8)"));
    assertTrue(malformedBytes(withString(0xe0, 0x80, 0xaf)).contains(
        "byte 0xe0 at offset 7 starts an overlong form"));
    assertTrue(malformedBytes(withString(0xed, 0xa0, 0x80)).contains(
        "byte 0xed at offset 7 starts an encoded surrogate (CESU-8"));
    assertTrue(malformedBytes(withString(0xf4, 0x90, 0x80, 0x80)).contains(
        "byte 0xf4 at offset 7 is followed by an invalid continuation byte"));
    byte[] cut = "{\"total_size\": 0}\u00e9".getBytes(StandardCharsets.UTF_8);
    assertTrue(malformedBytes(java.util.Arrays.copyOf(cut, cut.length - 1)).contains(
        "byte 0xc3 at offset 17 starts a sequence that the header cuts short"));
    byte[] json = "{\"total_size\": 0}".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream bom = new ByteArrayOutputStream();
    bom.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    bom.writeBytes(json);
    assertTrue(malformedBytes(bom.toByteArray()).startsWith("the header starts with a UTF-8 "
        + "byte order mark (ef bb bf), which Python's json.loads refuses too"));
    String text = "{\"total_size\": 0}";
    assertTrue(malformedBytes(text.getBytes(StandardCharsets.UTF_16)).contains(
        "has a NUL byte at offset 2: it looks like UTF-16 or UTF-32 text"));
    byte[] markOnly = {(byte) 0xff, (byte) 0xfe, '{', '}'};
    assertTrue(malformedBytes(markOnly).contains(
        "byte 0xff at offset 0 is a UTF-16 or UTF-32 byte order mark"));
    assertTrue(malformedBytes(text.getBytes(StandardCharsets.UTF_16LE)).startsWith(
        "the 34-byte header has a NUL byte at offset 1: it looks like UTF-16 or UTF-32 text"));
    assertTrue(malformedBytes(text.getBytes(StandardCharsets.UTF_16BE)).contains(
        "has a NUL byte at offset 0"));
    assertTrue(malformedBytes(text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")))
        .contains("has a NUL byte at offset 1"));
  }

  @Test
  void wellFormedUtf8StillReads() throws IOException {
    // U+FEFF inside a string, a noncharacter and a four-byte character are all valid UTF-8.
    byte[] json = "{\"a\": \"\ufeff\uffff\ud83d\ude00\u00e9\", \"total_size\": 0}"
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(Struct.pack("i", json.length));
    wire.writeBytes(json);
    assertEquals("\ufeff\uffff\ud83d\ude00\u00e9",
        reader(wire.toByteArray()).read().header().get("a"));
  }

  @Test
  void everyFormatSharesOneJsonMapper() {
    HeaderDictFormat a = HeaderDictFormat.builder().build();
    HeaderDictFormat b = HeaderDictFormat.builder().prefixFormat("!I").sizeKey("n").build();
    assertTrue(a.json().mapper() == b.json().mapper());
    assertTrue(a.json() == HeaderDictFormat.standard().json());
  }

  @Test
  void headerLengthIsBounded() {
    byte[] claim = Struct.pack("i", 64 * 1024 + 1);
    FrameTooLongException e = assertThrows(FrameTooLongException.class,
        () -> reader(claim).read());
    assertEquals("JSON header: declared length 65537 gives a payload of 65537 bytes, over the "
        + "maximum of 65536", e.getMessage());
    byte[] http = "GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    FrameTooLongException text = assertThrows(FrameTooLongException.class,
        () -> reader(http).read());
    assertTrue(text.getMessage().contains("look like text 'GET '"), text.getMessage());
  }

  @Test
  void afterAMalformedHeaderTheReaderIsUnusable() {
    HeaderDictReader reader = reader(pythonFrame("{}", new byte[0]));
    assertThrows(MalformedHeaderException.class, reader::read);
    FramingException e = assertThrows(FramingException.class, reader::read);
    assertTrue(e.getMessage().startsWith("this reader failed earlier and is unusable: the header "
        + "has no \"total_size\" key"), e.getMessage());
  }

  @Test
  void truncatedPayloadSaysHowMuchCame() {
    TruncatedFrameException e = assertThrows(TruncatedFrameException.class,
        () -> reader(pythonFrame("{\"total_size\": 10}", new byte[4])).read());
    assertEquals("expected 10 bytes of payload, got 4", e.getMessage());
  }

  @Test
  void writerChecksTheSizeKeyItWasGiven() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(out, STANDARD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> writer.write(Map.of("total_size", 5), new byte[3]));
    assertEquals("header's \"total_size\" is 5 but the payload has 3 bytes", e.getMessage());
    assertEquals(0, out.size());
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("total_size", 3L);
    header.put("name", "n");
    writer.write(header, new byte[3]); // right value: kept in its place
    assertEquals("{\"total_size\": 3, \"name\": \"n\"}", new String(out.toByteArray(), 4,
        out.size() - 7, StandardCharsets.US_ASCII));
    HeaderDictWriter small = new HeaderDictWriter(out,
        HeaderDictFormat.builder().maxPayloadLength(2).maxHeaderLength(20).build());
    assertThrows(FrameTooLongException.class, () -> small.write(Map.of(), new byte[3]));
    FrameTooLongException big = assertThrows(FrameTooLongException.class,
        () -> small.write(Map.of("name", "x".repeat(20)), new byte[1]));
    assertEquals("JSON header of 49 bytes is over the maximum of 20", big.getMessage());
  }

  @Test
  void streamedBothWays() throws IOException {
    byte[] payload = new byte[300_000];
    new java.util.Random(4).nextBytes(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HeaderDictWriter writer = new HeaderDictWriter(out, STANDARD);
    writer.write(Map.of("filename", "big.bin"), new ByteArrayInputStream(payload), payload.length);
    writer.write(Map.of("filename", "second"), new byte[] {5});
    HeaderDictReader reader = reader(out.toByteArray());
    StreamedHeaderDictFrame frame = reader.readStreamed();
    assertEquals(payload.length, frame.payloadLength());
    assertEquals("big.bin", frame.header().get("filename"));
    byte[] start = frame.payload().readNBytes(1000);
    assertArrayEquals(java.util.Arrays.copyOf(payload, 1000), start);
    HeaderDictFrame second = reader.read(); // skips the rest of the first payload
    assertEquals("second", second.header().get("filename"));
    assertArrayEquals(new byte[] {5}, second.payload());
    assertNull(reader.readStreamed());

    ByteArrayOutputStream broken = new ByteArrayOutputStream();
    HeaderDictWriter early = new HeaderDictWriter(broken, STANDARD);
    assertThrows(TruncatedFrameException.class,
        () -> early.write(Map.of(), new ByteArrayInputStream(new byte[2]), 3));
    assertEquals(0, broken.size(), "the frame was still whole in the buffer: taken back");
    assertThrows(TruncatedFrameException.class, () -> early.write(Map.of(),
        new ByteArrayInputStream(new byte[10_000]), 10_001));
    assertTrue(broken.size() > 8000, "part of the frame was sent");
    assertThrows(FramingException.class, () -> early.write(Map.of(), new byte[0]));
  }
}
