package io.jstruct.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Payloads of 256 and 128 MiB through the streaming API in a JVM whose heap is 64 MiB: they can
 * only arrive if nothing holds them whole. Runs {@link LargeTransferMain} with this JVM's
 * {@code java} and class path.
 */
class LargeTransferTest {

  @Test
  void payloadsFourTimesTheHeapStreamThroughA64MiBJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
        LargeTransferMain.class.getName(), String.valueOf(256L * 1024 * 1024))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the transfer did not finish:\n" + output);
    }
    System.out.print(output);
    assertEquals(0, process.exitValue(), output);
    assertEquals(3, output.lines().filter(l -> l.startsWith("OK ")).count(), output);
    assertTrue(output.contains("OK header-dict file transfer: 256 MiB"), output);
    assertTrue(output.contains("max heap 6"), output); // 64 MiB, as the JVM reports it
  }
}
