package io.jstruct.benchmarks;

import io.jstruct.Struct;
import io.jstruct.StructRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Load run, not a unit test: streams a 1 GiB file of {@code <iid} records (64 Mi records) through
 * {@link StructRecord#stream(Path)} and {@link Struct#stream(Path)} in a JVM of {@code -Xmx64m},
 * and prints the time, the rate and the heap's peak use. Writes the file first if it is missing.
 *
 * <pre>
 * java -Xmx64m -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     io.jstruct.benchmarks.StreamLoad /tmp/iid-1g.bin
 * </pre>
 */
public final class StreamLoad {
  /** Two ints and a double. */
  record Iid(int a, int b, double c) {}

  private static final long BYTES = 1L << 30;

  private StreamLoad() {}

  /**
   * Runs the load.
   *
   * @param args the file's path
   * @throws IOException if the file cannot be written or read
   */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/iid-1g.bin");
    StructRecord<Iid> iid = StructRecord.of(Iid.class, "<iid");
    long expected = write(file, iid);

    long start = System.nanoTime();
    long count = 0;
    long sum = 0;
    try (Stream<Iid> records = iid.stream(file)) {
      for (Iid r : (Iterable<Iid>) records::iterator) {
        count++;
        sum += r.a() + r.b();
      }
    }
    report("StructRecord.stream(Path)", count, sum, expected, start);

    start = System.nanoTime();
    count = 0;
    sum = 0;
    try (Stream<Object[]> values = iid.struct().stream(file)) {
      for (Object[] v : (Iterable<Object[]>) values::iterator) {
        count++;
        sum += (Integer) v[0] + (Integer) v[1];
      }
    }
    report("Struct.stream(Path)", count, sum, expected, start);
  }

  /** Writes the file if it is not there yet; returns the sum of its ints. */
  private static long write(Path file, StructRecord<Iid> iid) throws IOException {
    Random random = new Random(0);
    boolean exists = Files.isRegularFile(file) && Files.size(file) == BYTES;
    long sum = 0;
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    try (OutputStream out = exists ? OutputStream.nullOutputStream()
        : new BufferedOutputStream(Files.newOutputStream(file))) {
      for (long k = 0; k < BYTES / 16; k++) {
        int a = random.nextInt(1 << 20);
        int b = random.nextInt(1 << 20);
        sum += a + b;
        if (!exists) {
          iid.put(chunk, new Iid(a, b, a / 7.0));
          if (!chunk.hasRemaining()) {
            out.write(chunk.array());
            chunk.clear();
          }
        }
      }
    }
    return sum;
  }

  private static void report(String what, long count, long sum, long expected, long start) {
    double seconds = (System.nanoTime() - start) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%-28s %,d records, %.1f s, %.0f MB/s, sum %s, heap max %d MiB, peak %d MiB%n",
        what, count, seconds, BYTES / seconds / 1e6, sum == expected ? "ok" : "WRONG",
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    if (sum != expected || count != BYTES / 16) {
      throw new AssertionError(what + ": " + count + " records, sum " + sum + " != " + expected);
    }
  }
}
