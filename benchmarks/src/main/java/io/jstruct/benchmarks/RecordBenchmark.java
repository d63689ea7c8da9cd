package io.jstruct.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.jstruct.StructError;
import io.jstruct.StructRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
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

/**
 * Records in and out: {@link StructRecord#unpackFrom} and {@link StructRecord#packInto} next to
 * hand-written {@code ByteBuffer} code that builds and reads the same record with the same checks
 * (room in the buffer, each component's range for its code, a null String refused, the String cut
 * or zero-padded to its field and its trailing NULs stripped), in one run.
 *
 * <p>Pairs are {@code <op>_<format>_jstruct} and {@code <op>_<format>_hand}; {@code ratios.py}
 * divides them.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RecordBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class RecordBenchmark {
  /** A message header: type, length, sequence number. */
  public record Header(int kind, long length, long id) {}

  /** The Python docs' namedtuple. */
  public record Student(String name, int serialnum, int school, int gradelevel) {}

  /** One of each native integer width and a double, with native alignment. */
  public record Native(byte b, short h, int i, long q, double d) {}

  static final StructRecord<Header> HEADER = StructRecord.of(Header.class, "!HIq");
  static final StructRecord<Student> STUDENT = StructRecord.of(Student.class, "<10sHHb", US_ASCII);
  static final StructRecord<Native> NATIVE = StructRecord.of(Native.class, "@bhiqd");

  private final byte[] buffer = new byte[256];
  private final ByteBuffer big = ByteBuffer.wrap(buffer);
  private final ByteBuffer little = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer nativeOrder = ByteBuffer.wrap(buffer).order(ByteOrder.nativeOrder());
  // Each format at its own offset, holding its record's bytes, so every unpack reads real values.
  private final int offHIq = 8;
  private final int offStudent = 40;
  private final int offNative = 80;

  private final Header header = new Header(7, 4_000_000_000L, -1L);
  private final Student student = new Student("raymond", 4658, 264, 8);
  private final Native nat = new Native((byte) -1, (short) 300, 70000, 1L << 40, 2.5);

  /** Writes each record's bytes at its offset. */
  @Setup
  public void fill() {
    HEADER.packInto(buffer, offHIq, header);
    STUDENT.packInto(buffer, offStudent, student);
    NATIVE.packInto(buffer, offNative, nat);
  }

  // ---------------------------------------------------------------------------------------------
  // "!HIq": 00 07 | ee 6b 28 00 | ff .. ff

  @Benchmark
  public Header unpack_HIq_jstruct() {
    return HEADER.unpackFrom(buffer, offHIq);
  }

  @Benchmark
  public Header unpack_HIq_hand() {
    checkRoom(big, offHIq, 14);
    return new Header(big.getShort(offHIq) & 0xffff, big.getInt(offHIq + 2) & 0xffffffffL,
        big.getLong(offHIq + 6));
  }

  @Benchmark
  public byte[] pack_HIq_jstruct() {
    HEADER.packInto(buffer, offHIq, header);
    return buffer;
  }

  @Benchmark
  public byte[] pack_HIq_hand() {
    Header h = header;
    if (h == null) {
      throw new StructError("record Header == null");
    }
    checkRoom(big, offHIq, 14);
    if (h.kind() < 0 || h.kind() > 0xffff) {
      throw new StructError("'H' format requires 0 <= number <= 65535");
    }
    if (h.length() < 0 || h.length() > 0xffffffffL) {
      throw new StructError("'I' format requires 0 <= number <= 4294967295");
    }
    big.putShort(offHIq, (short) h.kind());
    big.putInt(offHIq + 2, (int) h.length());
    big.putLong(offHIq + 6, h.id());
    return buffer;
  }

  // ---------------------------------------------------------------------------------------------
  // "<10sHHb": 'raymond\0\0\0' | 32 12 | 08 01 | 08

  @Benchmark
  public Student unpack_10sHHb_jstruct() {
    return STUDENT.unpackFrom(buffer, offStudent);
  }

  @Benchmark
  public Student unpack_10sHHb_hand() {
    checkRoom(little, offStudent, 15);
    int end = 10;
    while (end > 0 && buffer[offStudent + end - 1] == 0) {
      end--;
    }
    return new Student(new String(buffer, offStudent, end, US_ASCII),
        little.getShort(offStudent + 10) & 0xffff, little.getShort(offStudent + 12) & 0xffff,
        little.get(offStudent + 14));
  }

  @Benchmark
  public byte[] pack_10sHHb_jstruct() {
    STUDENT.packInto(buffer, offStudent, student);
    return buffer;
  }

  @Benchmark
  public byte[] pack_10sHHb_hand() {
    Student s = student;
    if (s == null) {
      throw new StructError("record Student == null");
    }
    if (s.name() == null) {
      throw new StructError("record Student, component name is null");
    }
    byte[] name = s.name().getBytes(US_ASCII);
    checkRoom(little, offStudent, 15);
    if (s.serialnum() < 0 || s.serialnum() > 0xffff) {
      throw new StructError("'H' format requires 0 <= number <= 65535");
    }
    if (s.school() < 0 || s.school() > 0xffff) {
      throw new StructError("'H' format requires 0 <= number <= 65535");
    }
    if (s.gradelevel() < -128 || s.gradelevel() > 127) {
      throw new StructError("'b' format requires -128 <= number <= 127");
    }
    int n = Math.min(name.length, 10);
    System.arraycopy(name, 0, buffer, offStudent, n);
    Arrays.fill(buffer, offStudent + n, offStudent + 10, (byte) 0);
    little.putShort(offStudent + 10, (short) s.serialnum());
    little.putShort(offStudent + 12, (short) s.school());
    little.put(offStudent + 14, (byte) s.gradelevel());
    return buffer;
  }

  // ---------------------------------------------------------------------------------------------
  // "@bhiqd" (LP64): b | pad | h h | i i i i | q x8 | d x8   (24 bytes)

  @Benchmark
  public Native unpack_bhiqd_jstruct() {
    return NATIVE.unpackFrom(buffer, offNative);
  }

  @Benchmark
  public Native unpack_bhiqd_hand() {
    checkRoom(nativeOrder, offNative, 24);
    return new Native(nativeOrder.get(offNative), nativeOrder.getShort(offNative + 2),
        nativeOrder.getInt(offNative + 4), nativeOrder.getLong(offNative + 8),
        nativeOrder.getDouble(offNative + 16));
  }

  @Benchmark
  public byte[] pack_bhiqd_jstruct() {
    NATIVE.packInto(buffer, offNative, nat);
    return buffer;
  }

  @Benchmark
  public byte[] pack_bhiqd_hand() {
    Native v = nat;
    if (v == null) {
      throw new StructError("record Native == null");
    }
    checkRoom(nativeOrder, offNative, 24);
    nativeOrder.put(offNative, v.b());
    nativeOrder.put(offNative + 1, (byte) 0);
    nativeOrder.putShort(offNative + 2, v.h());
    nativeOrder.putInt(offNative + 4, v.i());
    nativeOrder.putLong(offNative + 8, v.q());
    nativeOrder.putDouble(offNative + 16, v.d());
    return buffer;
  }

  private static void checkRoom(ByteBuffer buffer, int offset, int size) {
    if (offset < 0 || buffer.limit() - offset < size) {
      throw new StructError("unpack_from requires a buffer of at least " + (offset + size)
          + " bytes for unpacking " + size + " bytes at offset " + offset
          + " (actual buffer size is " + buffer.limit() + ")");
    }
  }
}
