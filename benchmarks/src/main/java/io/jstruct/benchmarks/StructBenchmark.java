package io.jstruct.benchmarks;

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
 * {@code <operation>_<format>_hand}; {@code ratios.py} divides one by the other. Both sides get the
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
    checkHandWrittenAgrees();
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
}
