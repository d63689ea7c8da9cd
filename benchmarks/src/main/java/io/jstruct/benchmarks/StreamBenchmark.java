package io.jstruct.benchmarks;

import io.jstruct.StructRecord;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Streaming 100,000 {@code <iid} records (1.6 MB) from a file into records, three ways in one run:
 * {@link StructRecord#stream(Path)}; hand-written {@code FileChannel} reads into an 8 KiB
 * {@code ByteBuffer} with relative gets ({@code _hand}); and {@code DataInputStream} over a
 * {@code BufferedInputStream} ({@code _dataInput}, byte-reversing its big-endian reads). Then the
 * same file memory-mapped: {@link StructRecord#stream(ByteBuffer)} against relative gets on the
 * mapping. Every side builds the same record and hands it to the blackhole.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms1g", "-Xmx1g"})
public class StreamBenchmark {
  /** Two ints and a double, as Python's {@code struct.pack('<iid', ...)} writes them. */
  public record Iid(int a, int b, double c) {}

  static final int RECORDS = 100_000;
  static final StructRecord<Iid> IID = StructRecord.of(Iid.class, "<iid");

  private Path file;
  private FileChannel mappedChannel;
  private MappedByteBuffer mapped;

  /** Writes the file (seed 0) and maps it. */
  @Setup
  public void write() throws IOException {
    file = Files.createTempFile("iid", ".bin");
    Random random = new Random(0);
    ByteBuffer all = ByteBuffer.allocate(RECORDS * 16);
    for (int k = 0; k < RECORDS; k++) {
      IID.put(all, new Iid(random.nextInt(), random.nextInt(), random.nextDouble()));
    }
    Files.write(file, all.array());
    mappedChannel = FileChannel.open(file, StandardOpenOption.READ);
    mapped = mappedChannel.map(FileChannel.MapMode.READ_ONLY, 0, RECORDS * 16L);
  }

  /** Unmaps (when collected) and deletes the file. */
  @TearDown
  public void delete() throws IOException {
    mappedChannel.close();
    Files.deleteIfExists(file);
  }

  @Benchmark
  public void file_iid_jstruct(Blackhole bh) throws IOException {
    try (Stream<Iid> records = IID.stream(file)) {
      records.forEach(bh::consume);
    }
  }

  @Benchmark
  public void file_iid_hand(Blackhole bh) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer chunk = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
      while (in.read(chunk) >= 0) {
        chunk.flip();
        while (chunk.remaining() >= 16) {
          bh.consume(new Iid(chunk.getInt(), chunk.getInt(), chunk.getDouble()));
        }
        chunk.compact();
      }
      if (chunk.position() > 0) {
        throw new EOFException("expected 16 bytes, got " + chunk.position());
      }
    }
  }

  @Benchmark
  public void file_iid_dataInput(Blackhole bh) throws IOException {
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(file), 8192))) {
      for (int k = 0; k < RECORDS; k++) { // a DataInputStream reader must know the count
        bh.consume(new Iid(Integer.reverseBytes(in.readInt()), Integer.reverseBytes(in.readInt()),
            Double.longBitsToDouble(Long.reverseBytes(in.readLong()))));
      }
    }
  }

  @Benchmark
  public void mapped_iid_jstruct(Blackhole bh) {
    IID.stream(mapped).forEach(bh::consume);
  }

  @Benchmark
  public void mapped_iid_hand(Blackhole bh) {
    ByteBuffer in = mapped.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    while (in.remaining() >= 16) {
      bh.consume(new Iid(in.getInt(), in.getInt(), in.getDouble()));
    }
  }
}
