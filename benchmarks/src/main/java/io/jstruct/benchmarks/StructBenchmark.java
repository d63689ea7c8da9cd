package io.jstruct.benchmarks;

import io.jstruct.Complex;
import io.jstruct.DoubleField;
import io.jstruct.IntField;
import io.jstruct.LongField;
import io.jstruct.Struct;
import io.jstruct.StructError;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * jstruct next to hand-written {@code ByteBuffer} code doing the same work, in one run, so that
 * the ratio of the two is meaningful even on a noisy machine.
 *
 * <p>Benchmarks come in pairs named {@code <operation>_<format>_jstruct} and
 * {@code <operation>_<format>_hand}; {@code ratios.py} divides one by the other. The typed path
 * has a third side, {@code <operation>_<format>_field}: the field accessors ({@link IntField} ...)
 * held in {@code static final}s, divided by the same {@code _hand} result. Both sides get the
 * same pre-built {@code Object[]} of values (the varargs array is the caller's cost, identical on
 * both sides), the same buffer, and must make the same checks: see {@link HandWritten}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StructBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class StructBenchmark {
  private static final int RECORDS = 256;

  // Field accessors, held as a Java engineer would hold them: in static finals.
  private static final Struct HIQ = Struct.compile("!HIq");
  private static final IntField HIQ_KIND = HIQ.intField(0);
  private static final LongField HIQ_SEQUENCE = HIQ.longField(1);
  private static final LongField HIQ_TIMESTAMP = HIQ.longField(2);
  private static final Struct BHIQD = Struct.compile("@bhiqd");
  private static final IntField BHIQD_B = BHIQD.intField(0);
  private static final IntField BHIQD_H = BHIQD.intField(1);
  private static final IntField BHIQD_I = BHIQD.intField(2);
  private static final LongField BHIQD_Q = BHIQD.longField(3);
  private static final DoubleField BHIQD_D = BHIQD.doubleField(4);
  private static final IntField[] TEN_INTS = new IntField[10];

  static {
    for (int k = 0; k < TEN_INTS.length; k++) {
      TEN_INTS[k] = Struct.compile("<10i").intField(k);
    }
  }

  private final Struct hIq = Struct.compile("!HIq");
  private final Struct tenInts = Struct.compile("<10i");
  private final Struct bhiqd = Struct.compile("@bhiqd");
  private final Struct i64s = Struct.compile("!I64s");
  private final Struct twoZd = Struct.compile("<2Zd");
  private final Struct mixed = Struct.compile(HandWritten.MIXED);

  private final byte[] buffer = new byte[512];
  private final ByteBuffer bigEndian = ByteBuffer.wrap(buffer);
  private final ByteBuffer littleEndian = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private int offset = 8;
  private int next;
  private int nextUnpack;

  // Values: a message header (type, sequence number, timestamp); ten ints; one of each C type;
  // a length and a fixed-width name (41 of 64 bytes used); two complex numbers; 52 mixed values.
  private Object[] hIqValues;
  private Object[] tenIntsValues;
  private Object[] bhiqdValues;
  private Object[] i64sValues;
  private Object[] twoZdValues;
  private Object[] mixedValues;

  // Packed copies: at `offset` of a larger array (unpackFrom), exactly (unpack), RECORDS in a row
  // (iterUnpack), and the hand-written side's views of them, made once as a hand-written codec
  // would hold them.
  private byte[] hIqPacked;
  private byte[] tenIntsPacked;
  private byte[] bhiqdPacked;
  private byte[] i64sPacked;
  private byte[] twoZdPacked;
  private byte[] mixedPacked;
  private ByteBuffer hIqPackedView;
  private ByteBuffer tenIntsPackedView;
  private ByteBuffer bhiqdPackedView;
  private ByteBuffer i64sPackedView;
  private ByteBuffer twoZdPackedView;
  private ByteBuffer mixedPackedView;
  private byte[] hIqExact;
  private byte[] tenIntsExact;
  private byte[] bhiqdExact;
  private byte[] i64sExact;
  private byte[] twoZdExact;
  private byte[] mixedExact;
  private byte[] hIqRecords;
  private byte[] tenIntsRecords;
  private byte[] bhiqdRecords;
  private byte[] i64sRecords;
  private byte[] twoZdRecords;
  private byte[] mixedRecords;
  private ByteBuffer hIqRecordsView;
  private ByteBuffer tenIntsRecordsView;
  private ByteBuffer bhiqdRecordsView;
  private ByteBuffer i64sRecordsView;
  private ByteBuffer twoZdRecordsView;
  private ByteBuffer mixedRecordsView;

  // The megamorphic call site's formats: the six above, "<2i" and ">2q".
  private Struct[] mega;
  private Object[][] megaValues;
  private byte[][] megaPacked;

  // Typed path: primitive values.
  private int typedH = 443;
  private long typedI = 3_000_000_000L;
  private long typedQ = -1_234_567_890_123L;
  private int typedSmallB = -7;
  private int typedSmallH = 1200;
  private int typedSmallI = 1_000_000;
  private long typedLongQ = 1L << 40;
  private double typedD = 3.14159;
  private int[] typedTenInts = new int[10];

  @Setup
  public void setUp() {
    hIqValues = new Object[] {443, 3_000_000_000L, -1_234_567_890_123L};
    tenIntsValues = new Object[10];
    for (int k = 0; k < 10; k++) {
      tenIntsValues[k] = (k - 4) * 123_457_891;
    }
    bhiqdValues = new Object[] {-7, 1200, 1_000_000, 1L << 40, 3.14159};
    byte[] name = new byte[41];
    for (int k = 0; k < name.length; k++) {
      name[k] = (byte) ('a' + k % 26);
    }
    i64sValues = new Object[] {(long) name.length, name};
    twoZdValues = new Object[] {new Complex(1.5, -2.25), new Complex(-0.5, 1e10)};
    mixedValues = new Object[52];
    for (int k = 0; k < 52; k += 4) {
      mixedValues[k] = k * 100 - 2000;
      mixedValues[k + 1] = k * 40_000_000;
      mixedValues[k + 2] = (long) k << 40;
      mixedValues[k + 3] = k * 0.25;
    }

    hIqPacked = packedAt(hIq, hIqValues);
    tenIntsPacked = packedAt(tenInts, tenIntsValues);
    bhiqdPacked = packedAt(bhiqd, bhiqdValues);
    i64sPacked = packedAt(i64s, i64sValues);
    twoZdPacked = packedAt(twoZd, twoZdValues);
    mixedPacked = packedAt(mixed, mixedValues);
    hIqPackedView = ByteBuffer.wrap(hIqPacked);
    tenIntsPackedView = ByteBuffer.wrap(tenIntsPacked).order(ByteOrder.LITTLE_ENDIAN);
    bhiqdPackedView = ByteBuffer.wrap(bhiqdPacked).order(ByteOrder.LITTLE_ENDIAN);
    i64sPackedView = ByteBuffer.wrap(i64sPacked);
    twoZdPackedView = ByteBuffer.wrap(twoZdPacked).order(ByteOrder.LITTLE_ENDIAN);
    mixedPackedView = ByteBuffer.wrap(mixedPacked).order(ByteOrder.LITTLE_ENDIAN);
    hIqExact = hIq.pack(hIqValues);
    tenIntsExact = tenInts.pack(tenIntsValues);
    bhiqdExact = bhiqd.pack(bhiqdValues);
    i64sExact = i64s.pack(i64sValues);
    twoZdExact = twoZd.pack(twoZdValues);
    mixedExact = mixed.pack(mixedValues);
    hIqRecords = records(hIqExact);
    tenIntsRecords = records(tenIntsExact);
    bhiqdRecords = records(bhiqdExact);
    i64sRecords = records(i64sExact);
    twoZdRecords = records(twoZdExact);
    mixedRecords = records(mixedExact);
    hIqRecordsView = ByteBuffer.wrap(hIqRecords);
    tenIntsRecordsView = ByteBuffer.wrap(tenIntsRecords).order(ByteOrder.LITTLE_ENDIAN);
    bhiqdRecordsView = ByteBuffer.wrap(bhiqdRecords).order(ByteOrder.LITTLE_ENDIAN);
    i64sRecordsView = ByteBuffer.wrap(i64sRecords);
    twoZdRecordsView = ByteBuffer.wrap(twoZdRecords).order(ByteOrder.LITTLE_ENDIAN);
    mixedRecordsView = ByteBuffer.wrap(mixedRecords).order(ByteOrder.LITTLE_ENDIAN);

    mega = new Struct[] {hIq, tenInts, bhiqd, i64s, twoZd, mixed, Struct.compile("<2i"),
        Struct.compile(">2q")};
    megaValues = new Object[][] {hIqValues, tenIntsValues, bhiqdValues, i64sValues, twoZdValues,
        mixedValues, new Object[] {-5, 7}, new Object[] {-5L, 7L}};
    megaPacked = new byte[][] {hIqPacked, tenIntsPacked, bhiqdPacked, i64sPacked, twoZdPacked,
        mixedPacked};
    for (int k = 0; k < 10; k++) {
      typedTenInts[k] = (k - 4) * 123_457_891;
    }
    checkHandWrittenAgrees();
    checkTypedAgrees();
  }

  /** RECORDS copies of one packed struct, back to back. */
  private static byte[] records(byte[] packed) {
    byte[] records = new byte[RECORDS * packed.length];
    for (int r = 0; r < RECORDS; r++) {
      System.arraycopy(packed, 0, records, r * packed.length, packed.length);
    }
    return records;
  }

  private byte[] packedAt(Struct struct, Object[] values) {
    byte[] packed = new byte[offset + struct.size() + 8];
    struct.packInto(packed, offset, values);
    return packed;
  }

  /** The comparison means nothing unless both sides produce the same bytes and values. */
  private void checkHandWrittenAgrees() {
    Object[][] pairs = {
      {pack_HIq_jstruct(), pack_HIq_hand(), unpack_HIq_jstruct(), unpack_HIq_hand(),
        unpackFrom_HIq_hand()},
      {pack_10i_jstruct(), pack_10i_hand(), unpack_10i_jstruct(), unpack_10i_hand(),
        unpackFrom_10i_hand()},
      {pack_bhiqd_jstruct(), pack_bhiqd_hand(), unpack_bhiqd_jstruct(), unpack_bhiqd_hand(),
        unpackFrom_bhiqd_hand()},
      {pack_I64s_jstruct(), pack_I64s_hand(), unpack_I64s_jstruct(), unpack_I64s_hand(),
        unpackFrom_I64s_hand()},
      {pack_2Zd_jstruct(), pack_2Zd_hand(), unpack_2Zd_jstruct(), unpack_2Zd_hand(),
        unpackFrom_2Zd_hand()},
      {pack_mixed_jstruct(), pack_mixed_hand(), unpack_mixed_jstruct(), unpack_mixed_hand(),
        unpackFrom_mixed_hand()},
    };
    for (Object[] p : pairs) {
      if (!java.util.Arrays.equals((byte[]) p[0], (byte[]) p[1])
          || !java.util.Arrays.deepEquals((Object[]) p[2], (Object[]) p[3])
          || !java.util.Arrays.deepEquals((Object[]) p[2], (Object[]) p[4])) {
        throw new AssertionError("hand-written code differs: " + java.util.Arrays.deepToString(p));
      }
    }
    for (int k = 0; k < 8; k++) { // packInto through both sides writes the same bytes
      java.util.Arrays.fill(buffer, (byte) 0x55);
      next = k - 1 & 7;
      packInto_mega8_hand();
      byte[] hand = buffer.clone();
      java.util.Arrays.fill(buffer, (byte) 0x55);
      next = k - 1 & 7;
      packInto_mega8_jstruct();
      if (!java.util.Arrays.equals(hand, buffer)) {
        throw new AssertionError("hand-written packInto differs for " + mega[k]);
      }
    }
    try {
      HandWritten.packIntoHIq(bigEndian, offset, 70000, 1L, 1L);
      throw new AssertionError("hand-written code must check ranges");
    } catch (StructError expectedError) {
      // as jstruct
    }
  }

  /** The typed benchmarks: the three sides read the same values and write the same bytes. */
  private void checkTypedAgrees() {
    same(typedGet_HIq_hand(), typedGet_HIq_jstruct(), typedGet_HIq_field(), "get !HIq");
    same(typedGet_bhiqd_hand(), typedGet_bhiqd_jstruct(), typedGet_bhiqd_field(), "get @bhiqd");
    same(typedGet_10i_hand(), typedGet_10i_jstruct(), typedGet_10i_field(), "get <10i");
    Runnable[][] puts = {
      {this::typedPut_HIq_hand, this::typedPut_HIq_jstruct, this::typedPut_HIq_field},
      {this::typedPut_bhiqd_hand, this::typedPut_bhiqd_jstruct, this::typedPut_bhiqd_field},
      {this::typedPut_10i_hand, this::typedPut_10i_jstruct, this::typedPut_10i_field},
    };
    for (Runnable[] sides : puts) {
      byte[][] written = new byte[sides.length][];
      for (int side = 0; side < sides.length; side++) {
        java.util.Arrays.fill(buffer, (byte) 0x55);
        sides[side].run();
        written[side] = buffer.clone();
      }
      if (!java.util.Arrays.equals(written[0], written[1])
          || !java.util.Arrays.equals(written[0], written[2])) {
        throw new AssertionError("typed puts write differently: " + sides[0]);
      }
    }
  }

  private static void same(double hand, double jstruct, double field, String what) {
    if (hand != jstruct || hand != field) {
      throw new AssertionError(what + ": " + hand + " " + jstruct + " " + field);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // !HIq
  @Benchmark
  public void packInto_HIq_jstruct() {
    hIq.packInto(buffer, offset, hIqValues);
  }
  @Benchmark
  public void packInto_HIq_hand() {
    HandWritten.packIntoHIq(bigEndian, offset, hIqValues);
  }
  @Benchmark
  public Object[] unpackFrom_HIq_jstruct() {
    return hIq.unpackFrom(hIqPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_HIq_hand() {
    return HandWritten.unpackFromHIq(hIqPackedView, offset);
  }
  @Benchmark
  public byte[] pack_HIq_jstruct() {
    return hIq.pack(hIqValues);
  }
  @Benchmark
  public byte[] pack_HIq_hand() {
    return HandWritten.pack(14, ByteOrder.BIG_ENDIAN, HandWritten::packIntoHIq, hIqValues);
  }
  @Benchmark
  public Object[] unpack_HIq_jstruct() {
    return hIq.unpack(hIqExact);
  }
  @Benchmark
  public Object[] unpack_HIq_hand() {
    return HandWritten.unpack(hIqExact, 14, ByteOrder.BIG_ENDIAN, HandWritten::unpackFromHIq);
  }
  @Benchmark
  public void iterUnpack_HIq_jstruct(Blackhole bh) {
    Iterator<Object[]> it = hIq.iterUnpack(hIqRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_HIq_hand(Blackhole bh) {
    ByteBuffer view = hIqRecordsView;
    int end = hIqRecords.length;
    for (int at = 0; at < end; at += 14) {
      bh.consume(HandWritten.unpackFromHIq(view, at));
    }
  }
  @Benchmark
  public byte[] pack_HIq_moduleLevel() {
    return Struct.pack("!HIq", hIqValues);
  }
  @Benchmark
  public byte[] pack_HIq_compiled() {
    return hIq.pack(hIqValues);
  }
  @Benchmark
  public Object[] unpack_HIq_moduleLevel() {
    return Struct.unpack("!HIq", hIqExact);
  }
  @Benchmark
  public Object[] unpack_HIq_compiled() {
    return hIq.unpack(hIqExact);
  }
  // ---------------------------------------------------------------------------------------------
  // <10i
  @Benchmark
  public void packInto_10i_jstruct() {
    tenInts.packInto(buffer, offset, tenIntsValues);
  }
  @Benchmark
  public void packInto_10i_hand() {
    HandWritten.packInto10i(littleEndian, offset, tenIntsValues);
  }
  @Benchmark
  public Object[] unpackFrom_10i_jstruct() {
    return tenInts.unpackFrom(tenIntsPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_10i_hand() {
    return HandWritten.unpackFrom10i(tenIntsPackedView, offset);
  }
  @Benchmark
  public byte[] pack_10i_jstruct() {
    return tenInts.pack(tenIntsValues);
  }
  @Benchmark
  public byte[] pack_10i_hand() {
    return HandWritten.pack(40, ByteOrder.LITTLE_ENDIAN, HandWritten::packInto10i, tenIntsValues);
  }
  @Benchmark
  public Object[] unpack_10i_jstruct() {
    return tenInts.unpack(tenIntsExact);
  }
  @Benchmark
  public Object[] unpack_10i_hand() {
    return HandWritten.unpack(tenIntsExact, 40, ByteOrder.LITTLE_ENDIAN, HandWritten::unpackFrom10i);
  }
  @Benchmark
  public void iterUnpack_10i_jstruct(Blackhole bh) {
    Iterator<Object[]> it = tenInts.iterUnpack(tenIntsRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_10i_hand(Blackhole bh) {
    ByteBuffer view = tenIntsRecordsView;
    int end = tenIntsRecords.length;
    for (int at = 0; at < end; at += 40) {
      bh.consume(HandWritten.unpackFrom10i(view, at));
    }
  }
  @Benchmark
  public byte[] pack_10i_moduleLevel() {
    return Struct.pack("<10i", tenIntsValues);
  }
  @Benchmark
  public byte[] pack_10i_compiled() {
    return tenInts.pack(tenIntsValues);
  }
  @Benchmark
  public Object[] unpack_10i_moduleLevel() {
    return Struct.unpack("<10i", tenIntsExact);
  }
  @Benchmark
  public Object[] unpack_10i_compiled() {
    return tenInts.unpack(tenIntsExact);
  }
  // ---------------------------------------------------------------------------------------------
  // @bhiqd
  @Benchmark
  public void packInto_bhiqd_jstruct() {
    bhiqd.packInto(buffer, offset, bhiqdValues);
  }
  @Benchmark
  public void packInto_bhiqd_hand() {
    HandWritten.packIntoBhiqd(littleEndian, offset, bhiqdValues);
  }
  @Benchmark
  public Object[] unpackFrom_bhiqd_jstruct() {
    return bhiqd.unpackFrom(bhiqdPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_bhiqd_hand() {
    return HandWritten.unpackFromBhiqd(bhiqdPackedView, offset);
  }
  @Benchmark
  public byte[] pack_bhiqd_jstruct() {
    return bhiqd.pack(bhiqdValues);
  }
  @Benchmark
  public byte[] pack_bhiqd_hand() {
    return HandWritten.pack(24, ByteOrder.LITTLE_ENDIAN, HandWritten::packIntoBhiqd, bhiqdValues);
  }
  @Benchmark
  public Object[] unpack_bhiqd_jstruct() {
    return bhiqd.unpack(bhiqdExact);
  }
  @Benchmark
  public Object[] unpack_bhiqd_hand() {
    return HandWritten.unpack(bhiqdExact, 24, ByteOrder.LITTLE_ENDIAN, HandWritten::unpackFromBhiqd);
  }
  @Benchmark
  public void iterUnpack_bhiqd_jstruct(Blackhole bh) {
    Iterator<Object[]> it = bhiqd.iterUnpack(bhiqdRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_bhiqd_hand(Blackhole bh) {
    ByteBuffer view = bhiqdRecordsView;
    int end = bhiqdRecords.length;
    for (int at = 0; at < end; at += 24) {
      bh.consume(HandWritten.unpackFromBhiqd(view, at));
    }
  }
  @Benchmark
  public byte[] pack_bhiqd_moduleLevel() {
    return Struct.pack("@bhiqd", bhiqdValues);
  }
  @Benchmark
  public byte[] pack_bhiqd_compiled() {
    return bhiqd.pack(bhiqdValues);
  }
  @Benchmark
  public Object[] unpack_bhiqd_moduleLevel() {
    return Struct.unpack("@bhiqd", bhiqdExact);
  }
  @Benchmark
  public Object[] unpack_bhiqd_compiled() {
    return bhiqd.unpack(bhiqdExact);
  }
  // ---------------------------------------------------------------------------------------------
  // !I64s
  @Benchmark
  public void packInto_I64s_jstruct() {
    i64s.packInto(buffer, offset, i64sValues);
  }
  @Benchmark
  public void packInto_I64s_hand() {
    HandWritten.packIntoI64s(bigEndian, offset, i64sValues);
  }
  @Benchmark
  public Object[] unpackFrom_I64s_jstruct() {
    return i64s.unpackFrom(i64sPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_I64s_hand() {
    return HandWritten.unpackFromI64s(i64sPackedView, offset);
  }
  @Benchmark
  public byte[] pack_I64s_jstruct() {
    return i64s.pack(i64sValues);
  }
  @Benchmark
  public byte[] pack_I64s_hand() {
    return HandWritten.pack(68, ByteOrder.BIG_ENDIAN, HandWritten::packIntoI64s, i64sValues);
  }
  @Benchmark
  public Object[] unpack_I64s_jstruct() {
    return i64s.unpack(i64sExact);
  }
  @Benchmark
  public Object[] unpack_I64s_hand() {
    return HandWritten.unpack(i64sExact, 68, ByteOrder.BIG_ENDIAN, HandWritten::unpackFromI64s);
  }
  @Benchmark
  public void iterUnpack_I64s_jstruct(Blackhole bh) {
    Iterator<Object[]> it = i64s.iterUnpack(i64sRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_I64s_hand(Blackhole bh) {
    ByteBuffer view = i64sRecordsView;
    int end = i64sRecords.length;
    for (int at = 0; at < end; at += 68) {
      bh.consume(HandWritten.unpackFromI64s(view, at));
    }
  }
  @Benchmark
  public byte[] pack_I64s_moduleLevel() {
    return Struct.pack("!I64s", i64sValues);
  }
  @Benchmark
  public byte[] pack_I64s_compiled() {
    return i64s.pack(i64sValues);
  }
  @Benchmark
  public Object[] unpack_I64s_moduleLevel() {
    return Struct.unpack("!I64s", i64sExact);
  }
  @Benchmark
  public Object[] unpack_I64s_compiled() {
    return i64s.unpack(i64sExact);
  }
  // ---------------------------------------------------------------------------------------------
  // <2Zd
  @Benchmark
  public void packInto_2Zd_jstruct() {
    twoZd.packInto(buffer, offset, twoZdValues);
  }
  @Benchmark
  public void packInto_2Zd_hand() {
    HandWritten.packInto2Zd(littleEndian, offset, twoZdValues);
  }
  @Benchmark
  public Object[] unpackFrom_2Zd_jstruct() {
    return twoZd.unpackFrom(twoZdPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_2Zd_hand() {
    return HandWritten.unpackFrom2Zd(twoZdPackedView, offset);
  }
  @Benchmark
  public byte[] pack_2Zd_jstruct() {
    return twoZd.pack(twoZdValues);
  }
  @Benchmark
  public byte[] pack_2Zd_hand() {
    return HandWritten.pack(32, ByteOrder.LITTLE_ENDIAN, HandWritten::packInto2Zd, twoZdValues);
  }
  @Benchmark
  public Object[] unpack_2Zd_jstruct() {
    return twoZd.unpack(twoZdExact);
  }
  @Benchmark
  public Object[] unpack_2Zd_hand() {
    return HandWritten.unpack(twoZdExact, 32, ByteOrder.LITTLE_ENDIAN, HandWritten::unpackFrom2Zd);
  }
  @Benchmark
  public void iterUnpack_2Zd_jstruct(Blackhole bh) {
    Iterator<Object[]> it = twoZd.iterUnpack(twoZdRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_2Zd_hand(Blackhole bh) {
    ByteBuffer view = twoZdRecordsView;
    int end = twoZdRecords.length;
    for (int at = 0; at < end; at += 32) {
      bh.consume(HandWritten.unpackFrom2Zd(view, at));
    }
  }
  @Benchmark
  public byte[] pack_2Zd_moduleLevel() {
    return Struct.pack("<2Zd", twoZdValues);
  }
  @Benchmark
  public byte[] pack_2Zd_compiled() {
    return twoZd.pack(twoZdValues);
  }
  @Benchmark
  public Object[] unpack_2Zd_moduleLevel() {
    return Struct.unpack("<2Zd", twoZdExact);
  }
  @Benchmark
  public Object[] unpack_2Zd_compiled() {
    return twoZd.unpack(twoZdExact);
  }
  // ---------------------------------------------------------------------------------------------
  // HandWritten.MIXED
  @Benchmark
  public void packInto_mixed_jstruct() {
    mixed.packInto(buffer, offset, mixedValues);
  }
  @Benchmark
  public void packInto_mixed_hand() {
    HandWritten.packIntoMixed(littleEndian, offset, mixedValues);
  }
  @Benchmark
  public Object[] unpackFrom_mixed_jstruct() {
    return mixed.unpackFrom(mixedPacked, offset);
  }
  @Benchmark
  public Object[] unpackFrom_mixed_hand() {
    return HandWritten.unpackFromMixed(mixedPackedView, offset);
  }
  @Benchmark
  public byte[] pack_mixed_jstruct() {
    return mixed.pack(mixedValues);
  }
  @Benchmark
  public byte[] pack_mixed_hand() {
    return HandWritten.pack(286, ByteOrder.LITTLE_ENDIAN, HandWritten::packIntoMixed, mixedValues);
  }
  @Benchmark
  public Object[] unpack_mixed_jstruct() {
    return mixed.unpack(mixedExact);
  }
  @Benchmark
  public Object[] unpack_mixed_hand() {
    return HandWritten.unpack(mixedExact, 286, ByteOrder.LITTLE_ENDIAN, HandWritten::unpackFromMixed);
  }
  @Benchmark
  public void iterUnpack_mixed_jstruct(Blackhole bh) {
    Iterator<Object[]> it = mixed.iterUnpack(mixedRecords);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }
  @Benchmark
  public void iterUnpack_mixed_hand(Blackhole bh) {
    ByteBuffer view = mixedRecordsView;
    int end = mixedRecords.length;
    for (int at = 0; at < end; at += 286) {
      bh.consume(HandWritten.unpackFromMixed(view, at));
    }
  }
  @Benchmark
  public byte[] pack_mixed_moduleLevel() {
    return Struct.pack(HandWritten.MIXED, mixedValues);
  }
  @Benchmark
  public byte[] pack_mixed_compiled() {
    return mixed.pack(mixedValues);
  }
  @Benchmark
  public Object[] unpack_mixed_moduleLevel() {
    return Struct.unpack(HandWritten.MIXED, mixedExact);
  }
  @Benchmark
  public Object[] unpack_mixed_compiled() {
    return mixed.unpack(mixedExact);
  }
  // ---------------------------------------------------------------------------------------------
  // One call site cycling through 8 formats (6 for unpackFrom), megamorphic, next to a
  // hand-written switch

  @Benchmark
  public void packInto_mega8_jstruct() {
    int k = next++ & 7;
    mega[k].packInto(buffer, offset, megaValues[k]);
  }

  @Benchmark
  public void packInto_mega8_hand() {
    int k = next++ & 7;
    Object[] v = megaValues[k];
    switch (k) {
      case 0: HandWritten.packIntoHIq(bigEndian, offset, v); break;
      case 1: HandWritten.packInto10i(littleEndian, offset, v); break;
      case 2: HandWritten.packIntoBhiqd(littleEndian, offset, v); break;
      case 3: HandWritten.packIntoI64s(bigEndian, offset, v); break;
      case 4: HandWritten.packInto2Zd(littleEndian, offset, v); break;
      case 5: HandWritten.packIntoMixed(littleEndian, offset, v); break;
      case 6: HandWritten.packInto2i(littleEndian, offset, v); break;
      default: HandWritten.packInto2q(bigEndian, offset, v); break;
    }
  }

  @Benchmark
  public Object[] unpackFrom_mega6_jstruct() {
    int k = nextUnpack = nextUnpack >= 5 ? 0 : nextUnpack + 1;
    return mega[k].unpackFrom(megaPacked[k], offset);
  }

  @Benchmark
  public Object[] unpackFrom_mega6_hand() {
    int k = nextUnpack = nextUnpack >= 5 ? 0 : nextUnpack + 1;
    switch (k) {
      case 0: return HandWritten.unpackFromHIq(hIqPackedView, offset);
      case 1: return HandWritten.unpackFrom10i(tenIntsPackedView, offset);
      case 2: return HandWritten.unpackFromBhiqd(bhiqdPackedView, offset);
      case 3: return HandWritten.unpackFromI64s(i64sPackedView, offset);
      case 4: return HandWritten.unpackFrom2Zd(twoZdPackedView, offset);
      default: return HandWritten.unpackFromMixed(mixedPackedView, offset);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Typed path: primitives in and out, no boxing, next to hand-written ByteBuffer code

  @Benchmark
  public long typedGet_HIq_jstruct() {
    return hIq.getInt(hIqPacked, offset, 0)
        + hIq.getLong(hIqPacked, offset, 1)
        + hIq.getLong(hIqPacked, offset, 2);
  }

  @Benchmark
  public long typedGet_HIq_hand() {
    ByteBuffer view = hIqPackedView;
    return (view.getShort(offset) & 0xffff)
        + (view.getInt(offset + 2) & 0xffffffffL)
        + view.getLong(offset + 6);
  }

  @Benchmark
  public long typedGet_HIq_field() {
    byte[] b = hIqPacked;
    return HIQ_KIND.get(b, offset) + HIQ_SEQUENCE.get(b, offset) + HIQ_TIMESTAMP.get(b, offset);
  }

  @Benchmark
  public void typedPut_HIq_jstruct() {
    hIq.putInt(buffer, offset, 0, typedH);
    hIq.putLong(buffer, offset, 1, typedI);
    hIq.putLong(buffer, offset, 2, typedQ);
  }

  @Benchmark
  public void typedPut_HIq_hand() {
    if (typedH < 0 || typedH > 0xffff) {
      throw new StructError("'H' format requires 0 <= number <= 65535");
    }
    bigEndian.putShort(offset, (short) typedH);
    if (typedI < 0 || typedI > 0xffffffffL) {
      throw new StructError("'I' format requires 0 <= number <= 4294967295");
    }
    bigEndian.putInt(offset + 2, (int) typedI);
    bigEndian.putLong(offset + 6, typedQ);
  }

  @Benchmark
  public void typedPut_HIq_field() {
    HIQ_KIND.set(buffer, offset, typedH);
    HIQ_SEQUENCE.set(buffer, offset, typedI);
    HIQ_TIMESTAMP.set(buffer, offset, typedQ);
  }

  @Benchmark
  public double typedGet_bhiqd_jstruct() {
    return bhiqd.getInt(bhiqdPacked, offset, 0)
        + bhiqd.getInt(bhiqdPacked, offset, 1)
        + bhiqd.getInt(bhiqdPacked, offset, 2)
        + bhiqd.getLong(bhiqdPacked, offset, 3)
        + bhiqd.getDouble(bhiqdPacked, offset, 4);
  }

  @Benchmark
  public double typedGet_bhiqd_hand() {
    ByteBuffer view = bhiqdPackedView;
    return view.get(offset)
        + view.getShort(offset + 2)
        + view.getInt(offset + 4)
        + view.getLong(offset + 8)
        + view.getDouble(offset + 16);
  }

  @Benchmark
  public double typedGet_bhiqd_field() {
    byte[] b = bhiqdPacked;
    return BHIQD_B.get(b, offset)
        + BHIQD_H.get(b, offset)
        + BHIQD_I.get(b, offset)
        + BHIQD_Q.get(b, offset)
        + BHIQD_D.get(b, offset);
  }

  @Benchmark
  public void typedPut_bhiqd_jstruct() {
    bhiqd.putInt(buffer, offset, 0, typedSmallB);
    bhiqd.putInt(buffer, offset, 1, typedSmallH);
    bhiqd.putInt(buffer, offset, 2, typedSmallI);
    bhiqd.putLong(buffer, offset, 3, typedLongQ);
    bhiqd.putDouble(buffer, offset, 4, typedD);
  }

  @Benchmark
  public void typedPut_bhiqd_hand() {
    ByteBuffer view = littleEndian;
    if (typedSmallB < -128 || typedSmallB > 127) {
      throw new StructError("'b' format requires -128 <= number <= 127");
    }
    view.put(offset, (byte) typedSmallB);
    if (typedSmallH < -32768 || typedSmallH > 32767) {
      throw new StructError("'h' format requires -32768 <= number <= 32767");
    }
    view.putShort(offset + 2, (short) typedSmallH);
    view.putInt(offset + 4, typedSmallI); // every int fits 'i'
    view.putLong(offset + 8, typedLongQ);
    view.putDouble(offset + 16, typedD);
  }

  @Benchmark
  public void typedPut_bhiqd_field() {
    BHIQD_B.set(buffer, offset, typedSmallB);
    BHIQD_H.set(buffer, offset, typedSmallH);
    BHIQD_I.set(buffer, offset, typedSmallI);
    BHIQD_Q.set(buffer, offset, typedLongQ);
    BHIQD_D.set(buffer, offset, typedD);
  }

  @Benchmark
  public long typedGet_10i_jstruct() {
    long sum = 0;
    for (int k = 0; k < 10; k++) {
      sum += tenInts.getInt(tenIntsPacked, offset, k);
    }
    return sum;
  }

  @Benchmark
  public long typedGet_10i_hand() {
    ByteBuffer view = tenIntsPackedView;
    long sum = 0;
    for (int k = 0; k < 10; k++) {
      sum += view.getInt(offset + 4 * k);
    }
    return sum;
  }

  @Benchmark
  public long typedGet_10i_field() {
    byte[] b = tenIntsPacked;
    long sum = 0;
    for (int k = 0; k < 10; k++) {
      sum += TEN_INTS[k].get(b, offset);
    }
    return sum;
  }

  @Benchmark
  public void typedPut_10i_jstruct() {
    int[] values = typedTenInts;
    for (int k = 0; k < 10; k++) {
      tenInts.putInt(buffer, offset, k, values[k]);
    }
  }

  @Benchmark
  public void typedPut_10i_hand() {
    ByteBuffer view = littleEndian;
    int[] values = typedTenInts;
    for (int k = 0; k < 10; k++) {
      view.putInt(offset + 4 * k, values[k]); // every int fits 'i'
    }
  }

  @Benchmark
  public void typedPut_10i_field() {
    int[] values = typedTenInts;
    for (int k = 0; k < 10; k++) {
      TEN_INTS[k].set(buffer, offset, values[k]);
    }
  }
}
