package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one shell command the way the seed does with
 * {@code subprocess.Popen(cmd, shell=True, stdout=PIPE, stderr=PIPE)}, and makes sure that
 * nothing it starts outlives its reply. A learner can skip this class.
 *
 * <ul>
 *   <li>Both pipes are read at once, on two threads: the seed reads all of stdout first, and a
 *       command that fills the 64 KiB stderr pipe meanwhile blocks it, and the server, for ever.
 *   <li>The command runs in its own session and process group ({@code setsid sh -c CMD} where
 *       {@code setsid} exists), with a marker in its environment that its children inherit.
 *   <li>When it ends, times out, or passes the output cap, or when the server stops, everything
 *       it started is killed: its process group (background jobs: {@code sleep 300 &}), its
 *       descendants, every process carrying its marker (double-forked ones re-parented to PID 1,
 *       and ones that made a new session: {@code setsid sh -c 'sleep 300' &}), and every process
 *       holding its output pipes. Those are found in {@code /proc}; elsewhere only descendants.
 *   <li>What still escapes: a process that leaves the group, clears its environment
 *       ({@code env -i}) and closes or redirects its output before the sweep, or one owned by
 *       another user. It pins nothing of ours: after the sweep a reader waits {@link #DRAIN_MILLIS}
 *       for the pipe to close, then gives up; the reader thread it leaves blocked is counted, and
 *       once {@link #MAX_STUCK_READERS} are stuck the runner refuses further commands.
 * </ul>
 *
 * Thread-safe: one runner serves every connection.
 */
final class ProcessGroup implements AutoCloseable {
  /** How long to wait for the pipes to close once the shell has exited. */
  static final long DRAIN_MILLIS = 1_000;
  /** Reader threads that may stay blocked on pipes of escaped processes before we stop running commands. */
  static final int MAX_STUCK_READERS = 32;
  /** The environment variable every process of a command inherits. */
  static final String MARKER = "JSTRUCT_COMMAND_ID";

  private static final Path PROC = Path.of("/proc");
  private static final boolean HAVE_PROC = Files.isDirectory(PROC.resolve("self"));
  private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
      : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final long timeoutMillis;
  private final int maxOutput;
  private final Set<String> hiddenVariables;
  private final Set<Command> running = ConcurrentHashMap.newKeySet();
  private final Semaphore readerPermits;
  private volatile boolean closed;
  private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "command-output-reader");
    t.setDaemon(true); // a reader stuck on a pipe an escaped process holds must not keep the JVM alive
    return t;
  });

  /**
   * @param hiddenVariables environment variables the commands must not see (the server's token)
   */
  ProcessGroup(long timeoutMillis, int maxOutput, int maxCommands, Set<String> hiddenVariables) {
    this.timeoutMillis = timeoutMillis;
    this.maxOutput = maxOutput;
    this.hiddenVariables = Set.copyOf(hiddenVariables);
    this.readerPermits = new Semaphore(2 * maxCommands + MAX_STUCK_READERS);
  }

  /** What a command printed, and how it ended. */
  static final class Result {
    final byte[] stdout;
    final byte[] stderr;
    /** The exit code, or -1 when we killed it. */
    final int exitCode;
    final boolean timedOut;
    final boolean truncated;
    /** Processes killed after the shell ended or was killed (the shell itself included when killed). */
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

  /** {@code [setsid] sh -c CMD}, or {@code cmd.exe /c CMD} on Windows: Python's {@code shell=True}. */
  static List<String> shellCommand(String command) {
    if (WINDOWS) {
      return List.of("cmd.exe", "/c", command);
    }
    return SETSID != null ? List.of(SETSID, "/bin/sh", "-c", command) : List.of("/bin/sh", "-c", command);
  }

  /** Runs the command to its end (or its kill), and kills whatever it left behind. */
  Result run(String command) throws IOException {
    if (!readerPermits.tryAcquire(2)) {
      throw new IOException(MAX_STUCK_READERS + " output readers are blocked by processes that escaped;"
          + " not running more commands");
    }
    String id = UUID.randomUUID().toString();
    ProcessBuilder builder = new ProcessBuilder(shellCommand(command));
    hiddenVariables.forEach(builder.environment()::remove);
    builder.environment().put(MARKER, id);
    Process process;
    try {
      process = builder.start();
    } catch (IOException | RuntimeException e) {
      readerPermits.release(2);
      throw e;
    }
    Command c = new Command(process, id);
    running.add(c);
    try {
      if (closed) { // close() ran between start() and add(): it could not see this command
        c.kill();
        throw new IOException("the server is stopping");
      }
      return c.await();
    } finally {
      running.remove(c);
    }
  }

  /** One started command: its shell, its marker, its pipes. */
  private final class Command {
    final Process shell;
    final String marker;
    final Set<String> pipes = new HashSet<>();
    final AtomicBoolean overflow = new AtomicBoolean();

    Command(Process shell, String id) {
      this.shell = shell;
      this.marker = MARKER + "=" + id;
      if (HAVE_PROC) { // which pipes are ours: any process holding one is part of the command
        for (int fd = 1; fd <= 2; fd++) {
          try {
            pipes.add(Files.readSymbolicLink(PROC.resolve(shell.pid() + "/fd/" + fd)).toString());
          } catch (IOException | UnsupportedOperationException e) {
            // exited already, or not Linux: the marker and the group still find the rest
          }
        }
      }
    }

    Result await() throws IOException {
      shell.getOutputStream().close(); // the command gets an empty stdin, never the server's console
      AtomicLong budget = new AtomicLong(maxOutput);
      PipeReader stdout = new PipeReader(shell.getInputStream(), budget);
      PipeReader stderr = new PipeReader(shell.getErrorStream(), budget);
      boolean finished;
      try {
        finished = shell.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running the command");
      }
      int exitCode = finished && !overflow.get() ? shell.exitValue() : -1;
      // background jobs may still be writing: give them a moment, as Python's read() would (for ever)
      boolean drained = finished && stdout.awaitEnd(DRAIN_MILLIS) && stderr.awaitEnd(DRAIN_MILLIS);
      int killed = kill();
      if (!drained) {
        stdout.awaitEnd(DRAIN_MILLIS);
        stderr.awaitEnd(DRAIN_MILLIS);
      }
      return new Result(stdout.take(), stderr.take(), exitCode, !finished, overflow.get(), killed);
    }

    /** Kills the shell and everything of the command's; returns how many processes that was. */
    int kill() {
      Set<Long> killed = new HashSet<>();
      if (shell.isAlive()) {
        killed.add(shell.pid());
        if (SETSID != null) {
          killGroup(); // one signal to the whole group, atomic against forks in progress
        }
      }
      // Listed before the shell dies: then its children are re-parented and no longer its descendants.
      List<ProcessHandle> found = new ArrayList<>(shell.descendants().toList());
      shell.destroyForcibly();
      // Killed processes fork no more: a few rounds catch what was forked while we swept.
      for (int round = 0; round < 5; round++) {
        if (HAVE_PROC) {
          found.addAll(scan());
        }
        boolean any = false;
        for (ProcessHandle h : found) {
          if (h.pid() != ProcessHandle.current().pid() && h.isAlive()) {
            h.descendants().forEach(d -> {
              if (d.destroyForcibly()) {
                killed.add(d.pid());
              }
            });
            if (h.destroyForcibly()) {
              killed.add(h.pid());
              any = true;
            }
          }
        }
        found.clear();
        if (!any) {
          break; // nothing was alive: nothing can fork any more
        }
      }
      return killed.size();
    }

    /**
     * {@code kill -KILL -- -PGID}: Java cannot signal a process group. Only while the shell (the
     * group's leader) is alive, so the number cannot have been reused by another group.
     */
    private void killGroup() {
      try {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + shell.pid())
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        kill.waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        // no kill(1), or no process left to run it with (a fork bomb): the sweep below still kills one by one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The processes in /proc that belong to this command: its group, its marker, its pipes. */
    private List<ProcessHandle> scan() {
      List<ProcessHandle> found = new ArrayList<>();
      long self = ProcessHandle.current().pid();
      byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
      try (DirectoryStream<Path> all = Files.newDirectoryStream(PROC, "[0-9]*")) {
        for (Path dir : all) {
          long pid;
          try {
            pid = Long.parseLong(dir.getFileName().toString());
          } catch (NumberFormatException e) {
            continue;
          }
          if (pid != self && pid != 1 && belongs(dir, markerBytes)) {
            ProcessHandle.of(pid).ifPresent(found::add);
          }
        }
      } catch (IOException | RuntimeException e) {
        // /proc unreadable: the descendants are all we know
      }
      return found;
    }

    private boolean belongs(Path dir, byte[] markerBytes) {
      try {
        if (SETSID != null) { // field 5 of stat, after the ")" that ends the command name
          String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(fields[2]) == shell.pid()) {
            return true; // our process group
          }
        }
        if (contains(Files.readAllBytes(dir.resolve("environ")), markerBytes)) {
          return true;
        }
        if (!pipes.isEmpty()) {
          try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
              if (pipes.contains(Files.readSymbolicLink(fd).toString())) {
                return true;
              }
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone, or another user's: not ours to kill
      }
      return false;
    }

    /** Drains one pipe on a reader thread; what it read so far can be taken at any time. */
    private final class PipeReader {
      private final InputStream in;
      private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
      private final CompletableFuture<Void> done;

      PipeReader(InputStream in, AtomicLong budget) {
        this.in = in;
        this.done = CompletableFuture.runAsync(() -> {
          try {
            drain(budget);
          } finally {
            readerPermits.release(); // only when the pipe really ended: a stuck reader keeps its permit
          }
        }, readers);
      }

      private void drain(AtomicLong budget) {
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
              if (!overflow.getAndSet(true)) {
                kill();
              }
              return;
            }
          }
        } catch (IOException e) {
          // the pipe broke because we killed the process: keep what was read
        }
      }

      boolean awaitEnd(long millis) throws IOException {
        try {
          done.get(millis, TimeUnit.MILLISECONDS);
          return true;
        } catch (TimeoutException e) {
          return false;
        } catch (ExecutionException e) {
          throw new IOException("reading the command's output failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while reading the command's output");
        }
      }

      byte[] take() {
        synchronized (sink) {
          return sink.toByteArray();
        }
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (i > 0 && haystack[i - 1] != 0) {
        continue; // variables start after a NUL
      }
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (i + needle.length == haystack.length || haystack[i + needle.length] == 0) {
        return true;
      }
    }
    return false;
  }

  /** Kills every command still running, and everything they started (the server is stopping). */
  @Override
  public void close() {
    closed = true; // before the sweep: a command started from now on kills itself in run()
    running.forEach(Command::kill);
    readers.shutdownNow();
  }
}
