package io.jstruct;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Streams a file of {@code <iid} records through {@link StructRecord#stream(Path)} and
 * {@link Struct#stream(Path)}, and prints {@code count sum} for each: run by
 * {@link StreamMemoryTest} in a JVM whose heap is smaller than the file.
 */
final class StreamSumMain {
  record Iid(int a, int b, double c) {}

  private StreamSumMain() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    StructRecord<Iid> iid = StructRecord.of(Iid.class, "<iid");
    long count = 0;
    long sum = 0;
    try (Stream<Iid> records = iid.stream(file)) {
      for (Iid r : (Iterable<Iid>) records::iterator) {
        count++;
        sum += r.a() + r.b() + (long) r.c();
      }
    }
    System.out.println(count + " " + sum);
    long count2 = 0;
    long sum2 = 0;
    try (Stream<Object[]> values = iid.struct().stream(file)) {
      for (Object[] v : (Iterable<Object[]>) values::iterator) {
        count2++;
        sum2 += (Integer) v[0] + (Integer) v[1] + (long) (double) (Double) v[2];
      }
    }
    System.out.println(count2 + " " + sum2);
  }
}
