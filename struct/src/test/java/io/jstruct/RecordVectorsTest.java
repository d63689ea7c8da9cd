package io.jstruct;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records and Python's repr against vectors CPython wrote (src/test/python/generate_records.py):
 * Java reads the bytes Python packed from a namedtuple or dataclass, prints what Python printed,
 * and packs the same bytes back.
 */
class RecordVectorsTest {
  static final String DIRECTORY = "/io/jstruct/records/";

  record Student(String name, int serialnum, int school, int gradelevel) {}

  /** The docs' namedtuple, whose name field is bytes; a holder, to reuse the name Student. */
  static final class Docs {
    record Student(byte[] name, int serialnum, int school, int gradelevel) {}
  }

  record Header(int kind, long length, long id) {}

  record Native(byte b, short h, int i, long q, double d) {}

  record Packet(byte[] magic, long flags, BigInteger serial, boolean urgent, float weight,
      double ratio, byte[] tag, String label) {}

  @StructFormat(value = "<4sI4s4sIHHIIHH4sI", charset = "US-ASCII")
  record WavHeader(String riff, long size, String wave, String fmt, long fmt_size,
      int audio_format, int channels, long sample_rate, long byte_rate, int block_align,
      int bits_per_sample, String data, long data_size) {}

  private static final Map<String, StructRecord<?>> RECORDS = Map.of(
      "Student", StructRecord.of(Student.class, "<10sHHb", US_ASCII),
      "StudentBytes", StructRecord.of(Docs.Student.class, "<10sHHb"),
      "Header", StructRecord.of(Header.class, "!HIq"),
      "Native", StructRecord.of(Native.class, "@bhiqd"),
      "Packet", StructRecord.of(Packet.class, ">4sIQ?xxe f c10p", US_ASCII));

  static List<String[]> rows(String file) {
    try (InputStream in = RecordVectorsTest.class.getResourceAsStream(DIRECTORY + file)) {
      assertNotNull(in, file);
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          rows.add(line.split("\t", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void reprPrintsWhatPythonPrints() {
    List<String[]> rows = rows("repr.tsv");
    assertTrue(rows.size() > 500, "only " + rows.size() + " vectors");
    for (String[] row : rows) {
      Object[] values = Struct.unpack(row[0], HexFormat.of().parseHex(row[1]));
      assertEquals(row[2], Struct.repr(values), row[0] + " " + row[1]);
    }
  }

  @Test
  void complexValuesPrintAsPythonsComplex() {
    List<String[]> rows = rows("complex.tsv");
    assertTrue(rows.size() > 150, "only " + rows.size() + " vectors");
    for (String[] row : rows) {
      Object[] parts = Struct.unpack("<dd", HexFormat.of().parseHex(row[0]));
      Complex z = new Complex((Double) parts[0], (Double) parts[1]);
      assertEquals("(" + row[1] + ",)", Struct.repr(new Object[] {z}), row[0]);
    }
  }

  /**
   * With ASM every binding runs a class generated for it; without (the surefire execution
   * {@code asm-absent}), the method handles, and the vectors below pass either way.
   */
  @Test
  void bindingsRunGeneratedCodeExactlyWhenAsmIsThere() {
    boolean absent = Boolean.getBoolean("asm.absent");
    for (StructRecord<?> binding : RECORDS.values()) {
      assertEquals(!absent, ((RecordBinding<?>) binding).generated(), binding.toString());
    }
  }

  @Test
  void recordsReadWhatPythonPackedAndPackItBackByteForByte() {
    List<String[]> rows = rows("records.tsv");
    assertTrue(rows.size() > 70, "only " + rows.size() + " vectors");
    for (String[] row : rows) {
      check(RECORDS.get(row[0]), row);
    }
  }

  private static <T> void check(StructRecord<T> binding, String[] row) {
    assertEquals(row[1], binding.struct().format());
    byte[] bytes = HexFormat.of().parseHex(row[2]);
    T value = binding.unpack(bytes);
    assertEquals(row[3], binding.repr(value), row[2]);
    assertArrayEquals(bytes, binding.pack(value), row[3]);
    // every way in gives the same record, every way out the same bytes
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 1).put((byte) 9).put(bytes);
    assertEquals(row[3], binding.repr(binding.unpackFrom(direct, 1)));
    assertEquals(row[3], binding.repr(binding.unpack(ByteBuffer.wrap(bytes))));
    byte[] into = new byte[bytes.length + 3];
    binding.packInto(into, -bytes.length, value);
    assertArrayEquals(bytes, java.util.Arrays.copyOfRange(into, 3, into.length));
    assertEquals(row[3], binding.repr(binding.unpackFrom(into, 3)));
  }

  /** A WAV header written by Python's wave module, into a record and back, byte-identical. */
  @Test
  void wavHeaderWrittenByPythonsWaveModuleRoundTrips() throws IOException {
    StructRecord<WavHeader> wav = StructRecord.of(WavHeader.class);
    byte[] file;
    try (InputStream in = getClass().getResourceAsStream(DIRECTORY + "tone.wav")) {
      file = in.readAllBytes();
    }
    String[] row = rows("wav.tsv").get(0);
    assertEquals(row[0], wav.struct().format());

    InputStream in = new ByteArrayInputStream(file);
    WavHeader header = wav.read(in);          // no casts, no read loop
    assertEquals(row[2], wav.repr(header));
    assertEquals(new WavHeader("RIFF", file.length - 8, "WAVE", "fmt ", 16, 1, 1, 8000, 16000, 2,
        16, "data", file.length - 44), header);
    byte[] samples = in.readAllBytes();        // the reader took the header's 44 bytes, no more

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    wav.write(out, header);
    out.write(samples);
    assertArrayEquals(file, out.toByteArray());
    assertArrayEquals(HexFormat.of().parseHex(row[1]), wav.pack(header));
  }

  @Test
  void recordStreamsSplitEveryWay() {
    StructRecord<Header> header = (StructRecord<Header>) (StructRecord<?>) RECORDS.get("Header");
    List<String> expected = new ArrayList<>();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (String[] row : rows("records.tsv")) {
      if (row[0].equals("Header")) {
        expected.add(row[3]);
        all.writeBytes(HexFormat.of().parseHex(row[2]));
      }
    }
    for (Feeding feeding : Feeding.values()) {
      try (Stream<Header> s = header.stream(feeding.stream(all.toByteArray()))) {
        assertEquals(expected, s.map(header::repr).toList(), feeding.name());
      }
    }
    assertEquals(expected, header.stream(all.toByteArray()).map(header::repr).toList());
  }

  /** The committed vectors are what the committed generator writes (where python3 is 3.11). */
  @Test
  @Timeout(120)
  void theCommittedVectorsAreWhatTheGeneratorWrites(@TempDir Path out) throws Exception {
    Path script = Path.of("src/test/python/generate_records.py");
    Path committed = Path.of("src/test/resources" + DIRECTORY);
    Assumptions.assumeTrue(Files.isRegularFile(script), "run from the struct module's directory");
    Assumptions.assumeTrue(Platform.host() == Platform.LP64_LITTLE_ENDIAN,
        "@bhiqd vectors are those of an LP64 little-endian CPython");
    Process p = new ProcessBuilder("python3", "-c",
        "import sys; print(sys.version_info[:2] == (3, 11))").redirectErrorStream(true).start();
    try {
      String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Assumptions.assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && answer.equals("True"),
          "python3 3.11 is not on the PATH");
      p = new ProcessBuilder("python3", script.toString(), out.toString())
          .redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "generator still running");
      assertEquals(0, p.exitValue(), log);
    } finally {
      p.destroyForcibly();
    }
    try (Stream<Path> files = Files.list(committed)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out.resolve(file.getFileName())),
            file + " is stale: regenerate it with python3 " + script);
      }
    }
  }
}
