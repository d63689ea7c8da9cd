package io.jstruct;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A binding runs a class the {@link RecordGenerator} wrote for it, or, where none can be written,
 * the method handles {@link RecordCodec} chains. This holds the two to each other: over CPython's
 * record vectors and over random values (many out of range, null or too long), the same records,
 * the same bytes, the same errors, and the same bytes left behind in a buffer when a pack fails.
 */
class RecordGeneratorTest {
  record Header(int kind, long length, long id) {}

  record Student(String name, int serialnum, int school, int gradelevel) {}

  record Native(byte b, short h, int i, long q, double d) {}

  record Packet(byte[] magic, long flags, BigInteger serial, boolean urgent, float weight,
      double ratio, byte[] tag, String label) {}

  /** One of each converter and check: narrow and wide integers, bits, halves, complex, p. */
  record Mixed(byte b, short h, int bigH, long q, long bitsQ, BigInteger anyI, float half,
      double single, float f, double d, Complex z, boolean flag, byte[] c, String pascal, String s,
      BigInteger bigQ) {}

  /** More components than one generated pack method takes: checks and writes in chunks. */
  record Twenty(int a0, int a1, int a2, int a3, int a4, int a5, int a6, int a7, int a8, int a9,
      int b0, int b1, int b2, int b3, int b4, int b5, int b6, int b7, int b8, int b9) {}

  private static final String MIXED = "<bhHqQqexffdZd?c5p4sQ";
  private static final String TWENTY = ">19hBx";

  /** Both plans of one binding. */
  private static <T extends Record> List<RecordBinding<T>> both(Class<T> type, String format,
      Charset charset) {
    RecordBinding<T> generated = RecordBinding.bind(type, format, charset, null, true);
    RecordBinding<T> handles = RecordBinding.bind(type, format, charset, null, false);
    assertTrue(generated.generated(), format);
    assertFalse(handles.generated(), format);
    return List.of(generated, handles);
  }

  @Test
  void everyBindingThatFitsRunsGeneratedCode() {
    assertTrue(((RecordBinding<?>) StructRecord.of(Header.class, "!HIq")).generated());
    assertTrue(((RecordBinding<?>) StructRecord.of(Mixed.class, MIXED, UTF_8)).generated());
    assertTrue(((RecordBinding<?>) StructRecord.of(Twenty.class, "20i")).generated());
    // a caller's lookup reaches the record as well; the class never names it
    assertTrue(((RecordBinding<?>) StructRecord.of(Header.class, "!HIq", null,
        MethodHandles.lookup())).generated());
    record Local(int x) {}
    assertTrue(((RecordBinding<?>) StructRecord.of(Local.class, "i")).generated());
  }

  @Test
  void aRecordInAnotherPackageThatJstructCannotNameGetsAClassToo() {
    @SuppressWarnings("unchecked")
    StructRecord<Object> point = (StructRecord<Object>) io.jstruct.elsewhere.Elsewhere.binding();
    assertTrue(((RecordBinding<?>) point).generated());
    Object value = io.jstruct.elsewhere.Elsewhere.point(-5, (short) 300);
    assertArrayEquals(Struct.pack("<ih", -5, 300), point.pack(value));
    assertEquals(value, point.unpack(Struct.pack("<ih", -5, 300)));
  }

  @Test
  void aRecordWithNoComponentsPacksItsPadBytes() {
    record Empty() {}
    List<RecordBinding<Empty>> pair = both(Empty.class, "3x", null);
    for (RecordBinding<Empty> binding : pair) {
      byte[] buffer = {9, 9, 9, 9, 9};
      binding.packInto(buffer, 1, new Empty());
      assertArrayEquals(new byte[] {9, 0, 0, 0, 9}, buffer);
      assertEquals(new Empty(), binding.unpackFrom(buffer, 2));
    }
  }

  @Test
  void aStructTooLargeToGenerateKeepsTheHandles() {
    record Blob(byte[] data) {}
    int size = RecordGenerator.MAX_SIZE + 1;
    StructRecord<Blob> blob = StructRecord.of(Blob.class, size + "s");
    assertFalse(((RecordBinding<?>) blob).generated());
    byte[] data = new byte[size];
    new Random(1).nextBytes(data);
    assertArrayEquals(data, blob.unpack(blob.pack(new Blob(data))).data());
  }

  @Test
  void theGeneratedPlanReadsAndWritesWhatPythonDid() {
    Charset ascii = US_ASCII;
    List<List<? extends RecordBinding<?>>> bindings = List.of(
        both(Student.class, "<10sHHb", ascii), both(RecordVectorsTest.Docs.Student.class, "<10sHHb", null),
        both(Header.class, "!HIq", null), both(Native.class, "@bhiqd", null),
        both(Packet.class, ">4sIQ?xxe f c10p", ascii));
    List<String> names = List.of("Student", "StudentBytes", "Header", "Native", "Packet");
    int rows = 0;
    for (String[] row : RecordVectorsTest.rows("records.tsv")) {
      List<? extends RecordBinding<?>> pair = bindings.get(names.indexOf(row[0]));
      byte[] bytes = HexFormat.of().parseHex(row[2]);
      for (RecordBinding<?> binding : pair) {
        assertEquals(row[1], binding.struct().format());
        roundTrip(binding, bytes, row[3]);
      }
      rows++;
    }
    assertTrue(rows > 70, "only " + rows + " vectors");
  }

  private static <T> void roundTrip(RecordBinding<T> binding, byte[] bytes, String repr) {
    T value = binding.unpackFrom(bytes, 0);
    assertEquals(repr, binding.repr(value), binding + " " + HexFormat.of().formatHex(bytes));
    byte[] out = new byte[bytes.length + 2];
    java.util.Arrays.fill(out, (byte) 0x5a); // pad bytes must be zeroed, not left dirty
    binding.packInto(out, 1, value);
    assertArrayEquals(bytes, java.util.Arrays.copyOfRange(out, 1, 1 + bytes.length), repr);
    assertEquals(0x5a, out[0]);
    assertEquals(0x5a, out[out.length - 1]);
  }

  @Test
  void bothPlansGiveTheSameRecordsBytesAndErrorsForRandomValues() {
    Random random = new Random(0x5EC0);
    List<RecordBinding<Mixed>> mixed = both(Mixed.class, MIXED, UTF_8);
    List<RecordBinding<Twenty>> twenty = both(Twenty.class, TWENTY, null);
    List<RecordBinding<Packet>> packet = both(Packet.class, ">4sIQ?xxe f c10p", US_ASCII);
    int[] failed = new int[3];
    int cases = 1500;
    for (int i = 0; i < cases; i++) {
      failed[0] += compare(mixed, randomMixed(random), random);
      failed[1] += compare(twenty, randomTwenty(random), random);
      failed[2] += compare(packet, randomPacket(random), random);
      if (i % 100 == 0) {
        assertEquals(1, compare(mixed, null, random));
      }
    }
    for (int f : failed) { // both ways, packed and refused, many times for each record
      assertTrue(f > cases / 10 && f < cases * 9 / 10, java.util.Arrays.toString(failed));
    }
  }

  /**
   * Packs {@code value} with both plans into the same dirty buffer, expecting the same bytes or
   * the same error with every byte left alone; unpacks random bytes with both. Returns 1 if the
   * pack failed.
   */
  private static <T> int compare(List<RecordBinding<T>> pair, T value, Random random) {
    int size = pair.get(0).size();
    byte[] dirty = new byte[size + 3];
    random.nextBytes(dirty);
    List<String> outcomes = new ArrayList<>();
    List<byte[]> buffers = new ArrayList<>();
    for (RecordBinding<T> binding : pair) {
      byte[] buffer = dirty.clone();
      String outcome;
      try {
        binding.packInto(buffer, 2, value);
        outcome = "packed";
      } catch (StructError e) {
        outcome = e.getClass().getName() + ": " + e.getMessage();
        assertArrayEquals(dirty, buffer, "a failed pack wrote: " + outcome);
      }
      outcomes.add(outcome);
      buffers.add(buffer);
    }
    assertEquals(outcomes.get(0), outcomes.get(1), String.valueOf(value));
    assertArrayEquals(buffers.get(0), buffers.get(1), String.valueOf(value));
    byte[] bytes = new byte[size + 1];
    random.nextBytes(bytes);
    List<String> unpacked = new ArrayList<>();
    for (RecordBinding<T> binding : pair) {
      // from packed bytes where the pack worked (values of every kind), else from random ones
      byte[] from = outcomes.get(0).equals("packed") ? buffers.get(0) : bytes;
      unpacked.add(binding.repr(binding.unpackFrom(from, 1)));
    }
    assertEquals(unpacked.get(0), unpacked.get(1));
    return outcomes.get(0).equals("packed") ? 0 : 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Random values: mostly valid, often at or just past a code's edge, sometimes null

  private static final long[] EDGES = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768,
      -32768, -32769, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE, 4294967295L,
      4294967296L, Long.MAX_VALUE, Long.MIN_VALUE};
  private static final double[] DOUBLES = {0.0, -0.0, 1.5, 65504.0, 65520.0, 1e5, 3.4e38, 3.5e38,
      1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

  private static final int EDGE_ODDS = 40;

  private static long edge(Random random) {
    long x = EDGES[random.nextInt(EDGES.length)];
    return random.nextInt(4) == 0 ? x + random.nextInt(3) - 1 : x;
  }

  private static double aDouble(Random random) {
    return random.nextBoolean() ? DOUBLES[random.nextInt(DOUBLES.length)]
        : random.nextGaussian() * 1000;
  }

  private static <V> V orNull(Random random, V value) {
    return random.nextInt(40) == 0 ? null : value;
  }

  private static byte[] bytes(Random random, int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  private static String text(Random random, int max) {
    String letters = "ab\u00e9\u4e2d\u0000z ";
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(max + 1); n > 0; n--) {
      s.append(letters.charAt(random.nextInt(letters.length())));
    }
    return s.toString();
  }

  private static BigInteger big(Random random) {
    BigInteger x = BigInteger.valueOf(edge(random));
    return random.nextInt(5) == 0 ? x.add(BigInteger.ONE.shiftLeft(64)) : x;
  }

  /** Mostly in {@code [min, max]}; one time in {@code EDGE_ODDS} an edge, often out of range. */
  private static long in(Random random, long min, long max) {
    if (random.nextInt(EDGE_ODDS) == 0) {
      return edge(random);
    }
    return min + (long) (random.nextDouble() * ((double) max - min));
  }

  private static Mixed randomMixed(Random random) {
    Function<Random, Float> f = r -> (float) (r.nextInt(EDGE_ODDS) == 0 ? aDouble(r)
        : r.nextGaussian() * 1000);
    return new Mixed((byte) in(random, -128, 127), (short) in(random, -32768, 32767),
        (int) in(random, 0, 65535), random.nextLong(), random.nextLong(),
        orNull(random, random.nextInt(EDGE_ODDS) == 0 ? big(random)
            : BigInteger.valueOf(random.nextLong())),
        f.apply(random), f.apply(random), (float) aDouble(random), aDouble(random),
        orNull(random, new Complex(aDouble(random), aDouble(random))), random.nextBoolean(),
        orNull(random, new byte[random.nextInt(EDGE_ODDS) == 0 ? 2 : 1]),
        orNull(random, text(random, 7)), orNull(random, text(random, 6)),
        orNull(random, random.nextInt(EDGE_ODDS) == 0 ? big(random)
            : new BigInteger(64, random)));
  }

  private static Twenty randomTwenty(Random random) {
    int[] v = new int[20];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextInt(30) == 0 ? (int) edge(random) : random.nextInt(65536) - 32768;
    }
    return new Twenty(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
        v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19] & 0xff);
  }

  private static Packet randomPacket(Random random) {
    return new Packet(orNull(random, bytes(random, 6)), in(random, 0, 4294967295L),
        orNull(random, random.nextInt(EDGE_ODDS) == 0 ? big(random) : new BigInteger(64, random)),
        random.nextBoolean(), (float) (random.nextInt(EDGE_ODDS) == 0 ? aDouble(random)
            : random.nextGaussian() * 1000), aDouble(random), orNull(random, bytes(random, 2)),
        orNull(random, text(random, 12)));
  }
}
