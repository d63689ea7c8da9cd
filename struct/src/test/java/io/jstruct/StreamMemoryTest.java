package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of records larger than the heap streams in constant memory: a 48 MiB file through a JVM
 * of {@code -Xmx16m}. (The 1 GiB run with {@code -Xmx64m} is a load run, beside the benchmarks:
 * {@code io.jstruct.benchmarks.StreamLoad}.)
 */
class StreamMemoryTest {
  private static final int RECORDS = 3 << 20; // 3 Mi records of 16 bytes: 48 MiB

  @Test
  @Timeout(180)
  void aFileLargerThanTheHeapStreamsInConstantMemory(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("iid.bin");
    long sum = 0;
    Random random = new Random(0);
    ByteBuffer chunk = ByteBuffer.allocate(16 * 4096);
    Struct iid = Struct.compile("<iid");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (int k = 0; k < RECORDS; k++) {
        int a = random.nextInt(1000);
        int b = -random.nextInt(1000);
        double c = random.nextInt(1 << 20);
        sum += a + b + (long) c;
        iid.put(chunk, a, b, c);
        if (!chunk.hasRemaining()) {
          out.write(chunk.array());
          chunk.clear();
        }
      }
      out.write(chunk.array(), 0, chunk.position());
    }
    assertEquals(48L << 20, Files.size(file), "three times the forked heap");

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC",
        "-XX:+ExitOnOutOfMemoryError", "-cp", classPath(),
        StreamSumMain.class.getName(), file.toString())
        .redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(150, TimeUnit.SECONDS), "still running");
      assertEquals(0, process.exitValue(), output);
      String line = RECORDS + " " + sum;
      assertEquals(line + "\n" + line + "\n", output);
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * Everything this test runs with, as a plain class path: surefire puts the module's classes on
   * the module path and patches the test classes into it, so java.class.path alone lacks both.
   */
  private static String classPath() throws Exception {
    return String.join(File.pathSeparator,
        Path.of(StreamSumMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString(),
        System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path"));
  }
}
