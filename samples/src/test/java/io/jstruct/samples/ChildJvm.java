package io.jstruct.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sample in its own JVM, for what cannot be done in the test's: a low {@code ulimit -n}, a
 * small heap, another locale, a SIGTERM. Stopped by its PID (and its descendants by theirs) in
 * {@link #close()}.
 */
final class ChildJvm implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile(".* listening on 127\\.0\\.0\\.1:(\\d+).*");

  final Process process;
  final LineCapture out = new LineCapture();

  private ChildJvm(Process process) {
    this.process = process;
    Thread t = new Thread(() -> {
      try (var in = process.getInputStream()) {
        in.transferTo(out);
      } catch (IOException ignored) {
        // the process was killed
      }
    }, "child-jvm-output");
    t.setDaemon(true);
    t.start();
  }

  /**
   * {@code sh -c 'SHELL_PREFIX exec java JVM_OPTIONS -cp CP Main ARGS'}: the prefix sets limits
   * ({@code ulimit -n 64;}) for the JVM it becomes.
   */
  static ChildJvm start(String shellPrefix, Map<String, String> env, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> java = new ArrayList<>();
    java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    java.addAll(jvmOptions);
    java.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    java.addAll(List.of(args));
    StringBuilder script = new StringBuilder(shellPrefix).append(" exec");
    for (String word : java) {
      script.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script.toString()).redirectErrorStream(true);
    pb.environment().putAll(env);
    return new ChildJvm(pb.start());
  }

  /** The port of the "listening" line, waiting for it. */
  int port() throws InterruptedException {
    String line = out.awaitLine(l -> LISTENING.matcher(l).matches());
    Matcher m = LISTENING.matcher(line);
    m.matches();
    return Integer.parseInt(m.group(1));
  }

  void stdin(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
