package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Runs one command in the platform shell, the way the seed does with
 * {@code subprocess.Popen(cmd, shell=True, stdout=PIPE, stderr=PIPE)}, without its traps:
 *
 * <ul>
 *   <li>The seed reads all of stdout, then all of stderr: a command that fills the stderr pipe
 *       (64 KiB on Linux) first blocks forever, and so does the server. We read both at once,
 *       on two threads.
 *   <li>A command that never ends ({@code ping -t}, {@code yes}, {@code sleep 1000}) is killed
 *       after the timeout, with every process it started ({@link ProcessHandle#descendants()}):
 *       killing only the shell would leave its children running and holding the pipes open.
 *   <li>Output beyond the cap is cut off and the command is killed, so a {@code cat /dev/zero}
 *       cannot eat the server's memory.
 * </ul>
 *
 * Thread-safe: one runner serves every connection.
 */
final class CommandRunner {
  /** How long to wait for the pipes to close after a kill, in case a grandchild escaped. */
  private static final long DRAIN_MILLIS = 2_000;

  private final long timeoutMillis;
  private final int maxOutput;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "command-output-reader");
    t.setDaemon(true); // a reader stuck on a pipe an escaped process holds must not keep the JVM alive
    return t;
  });

  CommandRunner(long timeoutMillis, int maxOutput) {
    this.timeoutMillis = timeoutMillis;
    this.maxOutput = maxOutput;
  }

  /** What a command printed, and how it ended. */
  static final class Result {
    final byte[] stdout;
    final byte[] stderr;
    /** The exit code, or -1 when we killed it. */
    final int exitCode;
    final boolean timedOut;
    final boolean truncated;
    final int killedProcesses;

    Result(byte[] stdout, byte[] stderr, int exitCode, boolean timedOut, boolean truncated, int killedProcesses) {
      this.stdout = stdout;
      this.stderr = stderr;
      this.exitCode = exitCode;
      this.timedOut = timedOut;
      this.truncated = truncated;
      this.killedProcesses = killedProcesses;
    }

    long totalSize() {
      return (long) stdout.length + stderr.length;
    }
  }

  /** {@code sh -c CMD}, or {@code cmd.exe /c CMD} on Windows: Python's {@code shell=True}. */
  static List<String> shellCommand(String command) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    return windows ? List.of("cmd.exe", "/c", command) : List.of("/bin/sh", "-c", command);
  }

  Result run(String command) throws IOException {
    Process process = new ProcessBuilder(shellCommand(command)).start();
    running.add(process);
    try {
      if (closed) { // close() ran between start() and add(): it could not see this process
        killTree(process);
        throw new IOException("the server is stopping");
      }
      return runStarted(process);
    } finally {
      running.remove(process);
    }
  }

  private Result runStarted(Process process) throws IOException {
    process.getOutputStream().close(); // the command gets an empty stdin, never the server's console
    AtomicLong budget = new AtomicLong(maxOutput);
    AtomicBoolean overflow = new AtomicBoolean();
    Runnable onOverflow = () -> {
      if (!overflow.getAndSet(true)) {
        killTree(process);
      }
    };
    PipeReader stdout = new PipeReader(process.getInputStream(), budget, onOverflow);
    PipeReader stderr = new PipeReader(process.getErrorStream(), budget, onOverflow);
    boolean finished;
    try {
      finished = process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running the command");
    }
    int killed = 0;
    if (!finished) {
      killed = killTree(process);
    }
    byte[] out = stdout.take();
    byte[] err = stderr.take();
    int exitCode = finished && !overflow.get() ? exitValue(process) : -1;
    return new Result(out, err, exitCode, !finished, overflow.get(), killed);
  }

  /** Kills the command and everything it started; returns how many processes that was. */
  static int killTree(Process process) {
    // Descendants first, listed before the shell dies: once it is gone they are re-parented
    // and no longer show up as its descendants.
    List<ProcessHandle> tree = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    return tree.size() + 1;
  }

  /** Drains one pipe on a reader thread; what it read so far can be taken at any time. */
  private final class PipeReader {
    private final InputStream in;
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final CompletableFuture<Void> done;

    PipeReader(InputStream in, AtomicLong budget, Runnable onOverflow) {
      this.in = in;
      this.done = CompletableFuture.runAsync(() -> drain(budget, onOverflow), readers);
    }

    private void drain(AtomicLong budget, Runnable onOverflow) {
      byte[] buffer = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          long before = budget.getAndAdd(-n);
          int keep = (int) Math.max(0, Math.min(n, before));
          synchronized (sink) {
            sink.write(buffer, 0, keep);
          }
          if (keep < n) {
            onOverflow.run();
            return;
          }
        }
      } catch (IOException e) {
        // the pipe broke because we killed the process: keep what was read
      }
    }

    /**
     * Waits until the pipe is closed, which happens when every process holding it has ended;
     * a process we could not see (double-forked, re-parented) may keep it open: then we stop
     * waiting and take what has come so far.
     */
    byte[] take() throws IOException {
      try {
        done.get(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        in.close(); // best effort; the daemon reader thread is abandoned if this does not wake it
      } catch (ExecutionException e) {
        throw new IOException("reading the command's output failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the command's output");
      }
      synchronized (sink) {
        return sink.toByteArray();
      }
    }
  }

  private static int exitValue(Process process) {
    try {
      return process.exitValue();
    } catch (IllegalThreadStateException e) {
      return -1;
    }
  }

  /** Kills every command still running (the server is stopping). */
  void close() {
    closed = true; // before the sweep: a command started from now on kills itself in run()
    running.forEach(CommandRunner::killTree);
    readers.shutdownNow();
  }
}
