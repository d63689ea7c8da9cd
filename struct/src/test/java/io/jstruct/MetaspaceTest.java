package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Generated classes go with their structs: a JVM with a small metaspace compiles 100,000 distinct
 * formats through the cache and generates code for each, and still has room at the end. Were the
 * hidden classes strong (or the cache unbounded), the metaspace would fill long before.
 */
class MetaspaceTest {
  static final int FORMATS = 100_000;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void generatedClassesUnloadWithTheirStructs() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    // On the class path, whether the tests run there or on the module path: this class, the
    // library and ASM.
    String classPath = String.join(File.pathSeparator, location(MetaspaceTest.class),
        location(Struct.class), location(org.objectweb.asm.ClassWriter.class));
    Process p = new ProcessBuilder(java, "-XX:MaxMetaspaceSize=24m", "-Xmx128m",
        "-cp", classPath, MetaspaceTest.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertTrue(p.waitFor(4, TimeUnit.MINUTES), "the forked JVM did not finish");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), out);
      assertEquals("generated " + FORMATS, out.strip());
    } finally {
      p.destroyForcibly();
    }
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** In the forked JVM: compile, generate and use each format once. */
  public static void main(String[] args) {
    int generated = 0;
    for (int i = 0; i < FORMATS; i++) {
      Struct s = Struct.compile(format(i));
      TierUp.now(s);
      if (!TierUp.generated(s)) {
        throw new AssertionError("not generated: " + s);
      }
      Object[] values = new Object[s.itemCount()];
      Arrays.fill(values, 1);
      values[0] = i;
      if (!s.unpack(s.pack(values))[0].equals(i)) {
        throw new AssertionError(s);
      }
      generated++;
    }
    System.out.println("generated " + generated);
  }

  /** A distinct format for each {@code i}: an int, then i's base-5 digits as codes. */
  static String format(int i) {
    StringBuilder f = new StringBuilder("<i");
    for (char digit : Integer.toString(i, 5).toCharArray()) {
      f.append("bhiqd".charAt(digit - '0'));
    }
    return f.toString();
  }
}
