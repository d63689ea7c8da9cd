package io.jstruct.benchmarks;

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
  private static final int RECORDS = 4096;

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

  private final byte[] buffer = new byte[256];
  private final ByteBuffer bigEndian = ByteBuffer.wrap(buffer);
  private final ByteBuffer littleEndian = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private int offset = 8;

  // A message header: type, sequence number, timestamp.
  private Object[] hIqValues;
  private Object[] tenIntsValues;
  private Object[] bhiqdValues;
  // A length and a fixed-width name field, 41 of 64 bytes used.
  private Object[] i64sValues;

  // Packed copies for the unpack benchmarks, each at `offset`.
  private byte[] hIqPacked;
  private byte[] tenIntsPacked;
  private byte[] bhiqdPacked;
  private byte[] i64sPacked;
  // The hand-written side's views of them, made once as a hand-written codec would hold them.
  private ByteBuffer hIqPackedView;
  private ByteBuffer tenIntsPackedView;
  private ByteBuffer bhiqdPackedView;
  private ByteBuffer i64sPackedView;
  private ByteBuffer recordsView;

  // iterUnpack: RECORDS consecutive "!HIq" records.
  private byte[] records;

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

    hIqPacked = packedAt(hIq, hIqValues);
    tenIntsPacked = packedAt(tenInts, tenIntsValues);
    bhiqdPacked = packedAt(bhiqd, bhiqdValues);
    i64sPacked = packedAt(i64s, i64sValues);
    hIqPackedView = ByteBuffer.wrap(hIqPacked);
    tenIntsPackedView = ByteBuffer.wrap(tenIntsPacked).order(ByteOrder.LITTLE_ENDIAN);
    bhiqdPackedView = ByteBuffer.wrap(bhiqdPacked).order(ByteOrder.LITTLE_ENDIAN);
    i64sPackedView = ByteBuffer.wrap(i64sPacked);

    records = new byte[RECORDS * hIq.size()];
    for (int r = 0; r < RECORDS; r++) {
      hIq.packInto(records, r * hIq.size(), r & 0xffff, (long) r * 1_000_003, (long) r << 33);
    }
    recordsView = ByteBuffer.wrap(records);
    for (int k = 0; k < 10; k++) {
      typedTenInts[k] = (k - 4) * 123_457_891;
    }
    checkHandWrittenAgrees();
    checkTypedAgrees();
  }

  private byte[] packedAt(Struct struct, Object[] values) {
    byte[] packed = new byte[offset + struct.size() + 8];
    struct.packInto(packed, offset, values);
    return packed;
  }

  /** The comparison means nothing unless both sides produce the same bytes and values. */
  private void checkHandWrittenAgrees() {
    java.util.Arrays.fill(buffer, (byte) 0x55);
    HandWritten.packIntoBhiqd(littleEndian, offset, bhiqdValues);
    byte[] expected = bhiqd.pack(bhiqdValues);
    byte[] actual = java.util.Arrays.copyOfRange(buffer, offset, offset + expected.length);
    if (!java.util.Arrays.equals(expected, actual)) {
      throw new AssertionError("hand-written @bhiqd packs differently");
    }
    HandWritten.packIntoI64s(bigEndian, offset, i64sValues);
    if (!java.util.Arrays.equals(
        i64s.pack(i64sValues), java.util.Arrays.copyOfRange(buffer, offset, offset + 68))) {
      throw new AssertionError("hand-written !I64s packs differently");
    }
    if (!java.util.Arrays.deepEquals(
        hIq.unpackFrom(hIqPacked, offset),
        HandWritten.unpackFromHIq(hIqPackedView, offset))) {
      throw new AssertionError("hand-written !HIq unpacks differently");
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
  // packInto

  @Benchmark
  public void packInto_HIq_jstruct() {
    hIq.packInto(buffer, offset, hIqValues);
  }

  @Benchmark
  public void packInto_HIq_hand() {
    HandWritten.packIntoHIq(bigEndian, offset, hIqValues);
  }

  @Benchmark
  public void packInto_10i_jstruct() {
    tenInts.packInto(buffer, offset, tenIntsValues);
  }

  @Benchmark
  public void packInto_10i_hand() {
    HandWritten.packInto10i(littleEndian, offset, tenIntsValues);
  }

  @Benchmark
  public void packInto_bhiqd_jstruct() {
    bhiqd.packInto(buffer, offset, bhiqdValues);
  }

  @Benchmark
  public void packInto_bhiqd_hand() {
    HandWritten.packIntoBhiqd(littleEndian, offset, bhiqdValues);
  }

  @Benchmark
  public void packInto_I64s_jstruct() {
    i64s.packInto(buffer, offset, i64sValues);
  }

  @Benchmark
  public void packInto_I64s_hand() {
    HandWritten.packIntoI64s(bigEndian, offset, i64sValues);
  }

  // ---------------------------------------------------------------------------------------------
  // unpackFrom

  @Benchmark
  public Object[] unpackFrom_HIq_jstruct() {
    return hIq.unpackFrom(hIqPacked, offset);
  }

  @Benchmark
  public Object[] unpackFrom_HIq_hand() {
    return HandWritten.unpackFromHIq(hIqPackedView, offset);
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
  public Object[] unpackFrom_bhiqd_jstruct() {
    return bhiqd.unpackFrom(bhiqdPacked, offset);
  }

  @Benchmark
  public Object[] unpackFrom_bhiqd_hand() {
    return HandWritten.unpackFromBhiqd(bhiqdPackedView, offset);
  }

  @Benchmark
  public Object[] unpackFrom_I64s_jstruct() {
    return i64s.unpackFrom(i64sPacked, offset);
  }

  @Benchmark
  public Object[] unpackFrom_I64s_hand() {
    return HandWritten.unpackFromI64s(i64sPackedView, offset);
  }

  // ---------------------------------------------------------------------------------------------
  // Module-level pack (a cache lookup per call) next to the compiled struct's pack

  @Benchmark
  public byte[] pack_HIq_moduleLevel() {
    return Struct.pack("!HIq", hIqValues);
  }

  @Benchmark
  public byte[] pack_HIq_compiled() {
    return hIq.pack(hIqValues);
  }

  // ---------------------------------------------------------------------------------------------
  // iterUnpack over RECORDS "!HIq" records (56 KiB) next to a hand-written loop

  @Benchmark
  public void iterUnpack_HIq_jstruct(Blackhole bh) {
    Iterator<Object[]> it = hIq.iterUnpack(records);
    while (it.hasNext()) {
      bh.consume(it.next());
    }
  }

  @Benchmark
  public void iterUnpack_HIq_hand(Blackhole bh) {
    ByteBuffer view = recordsView;
    for (int at = 0; at < records.length; at += 14) {
      bh.consume(HandWritten.unpackFromHIq(view, at));
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
