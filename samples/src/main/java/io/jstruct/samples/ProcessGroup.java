package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadPoolExecutor;
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
 *       it started is killed with SIGKILL: its process group (background jobs: {@code sleep 300 &}),
 *       its descendants, every process carrying its marker (double-forked ones re-parented to
 *       PID 1, and ones that made a new session: {@code setsid sh -c 'sleep 300' &}), and every
 *       process holding its output pipes ({@code env -i setsid sleep 300 &}, which leaves both
 *       the group and the marker behind), and every process in a session that one of those
 *       made (what it double-forked with its output redirected). Those are found in
 *       {@code /proc}; elsewhere only descendants. The sweep repeats until two passes 5 ms apart
 *       find no process it has not signalled yet: a killed process forks no more, so only what
 *       was forked while we swept is left, and it shows in the next pass.
 *   <li>Which pipes are the command's is known for sure on Linux ({@link Pipes}): the shell
 *       waits on its stdin until we have read its pipe ids and opened our own read ends of them.
 *       Read ids later and a shell that exits at once has no pipes left to read them from; read
 *       through the JDK's streams and the JDK closes them when the shell exits, so their end
 *       would not prove that nobody holds the pipes. (Both let {@code env -i setsid sleep 300 &}
 *       escape: 8 of 30 tries here, four at a time.)
 *   <li>What still escapes: a process that makes its own session, clears its environment
 *       ({@code env -i}) and closes or redirects both output pipes, all before the sweep (its
 *       children too: they are in its session); a process of another user (setuid); and one that hands a
 *       pipe to a process we do not look for (sent over a Unix socket, or in another PID
 *       namespace). Only the last kind keeps a pipe open, and it pins nothing of ours for long:
 *       after the sweep a reader waits {@link #DRAIN_MILLIS} for the pipe to end, then gives up;
 *       the reader thread it leaves blocked keeps its permit, and once {@link #MAX_STUCK_READERS}
 *       are stuck the runner refuses further commands. Reader threads never number more than
 *       {@link #readerThreads(int)}.
 * </ul>
 *
 * Thread-safe: one runner serves every connection.
 */
final class ProcessGroup implements AutoCloseable {
  /** How long to wait for the pipes to close once the shell has exited, and again after the kill. */
  static final long DRAIN_MILLIS = 1_000;
  /** Reader threads that may stay blocked on pipes of escaped processes before we stop running commands. */
  static final int MAX_STUCK_READERS = 32;
  /** The environment variable every process of a command inherits. */
  static final String MARKER = "JSTRUCT_COMMAND_ID";
  /** Sweeps of /proc at most per kill; each kills all it finds, so a pass finds only what forked meanwhile. */
  private static final int MAX_SWEEPS = 10;
  /** Between two passes when one saw a process it could not judge yet. */
  private static final long UNSURE_PAUSE_MILLIS = 5;
  /** The parent of the kernel's threads, which have no environment. */
  private static final long KTHREADD = 2;

  private static final Path PROC = Path.of("/proc");
  private static final boolean HAVE_PROC = Files.isDirectory(PROC.resolve("self/fd"));
  private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
      : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  /**
   * The shell waits for the end of its stdin, then becomes {@code /bin/sh -c CMD} in the same
   * process: until we close stdin it provably holds the output pipes on fds 1 and 2.
   */
  private static final String GATE = "read _; exec /bin/sh -c \"$1\"";

  private final long timeoutMillis;
  private final int maxOutput;
  private final Set<String> hiddenVariables;
  private final Set<Command> running = ConcurrentHashMap.newKeySet();
  /** Two per command; a reader returns its permit only when its pipe really ends. */
  private final Semaphore readerPermits;
  private final ThreadPoolExecutor readers;
  private volatile boolean closed;

  /**
   * @param maxCommands commands that may run at once (the server's --max-clients)
   * @param hiddenVariables environment variables the commands must not see (the server's token)
   */
  ProcessGroup(long timeoutMillis, int maxOutput, int maxCommands, Set<String> hiddenVariables) {
    this.timeoutMillis = timeoutMillis;
    this.maxOutput = maxOutput;
    this.hiddenVariables = Set.copyOf(hiddenVariables);
    int threads = readerThreads(maxCommands);
    this.readerPermits = new Semaphore(threads);
    // As many threads as permits and never more: a task over that would wait in the queue, which
    // happens only for the moment between a reader returning its permit and its thread going idle.
    this.readers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, READER_THREAD);
      t.setDaemon(true); // a reader stuck on a pipe an escaped process holds must not keep the JVM alive
      return t;
    });
    readers.allowCoreThreadTimeOut(true);
  }

  /** The name of every output-reader thread. */
  static final String READER_THREAD = "command-output-reader";

  /** The most output-reader threads a runner ever has: two per running command, plus the stuck ones. */
  static int readerThreads(int maxCommands) {
    return 2 * maxCommands + MAX_STUCK_READERS;
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

  /**
   * {@code [setsid] sh -c CMD}, or {@code cmd.exe /c CMD} on Windows: Python's {@code shell=True}.
   * With /proc, the shell first waits at the {@link #GATE} until {@link Pipes} has what it needs.
   */
  static List<String> shellCommand(String command) {
    if (WINDOWS) {
      return List.of("cmd.exe", "/c", command);
    }
    List<String> shell = HAVE_PROC ? List.of("/bin/sh", "-c", GATE, "sh", command) : List.of("/bin/sh", "-c", command);
    if (SETSID == null) {
      return shell;
    }
    List<String> withSetsid = new ArrayList<>(shell.size() + 1);
    withSetsid.add(SETSID);
    withSetsid.addAll(shell);
    return withSetsid;
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
        c.kill(true);
        throw new IOException("the server is stopping");
      }
      return c.await();
    } finally {
      running.remove(c);
    }
  }

  /**
   * A command's two output pipes, as /proc names them ({@code pipe:[INODE]}), and the streams we
   * read them from. Built while the shell waits at the {@link #GATE}, so it still holds the pipes.
   *
   * <p>We read through our own read ends: {@code /proc/self/fd/N} opened again, where N is the
   * JVM's end of the same pipe. The JDK closes its ends when the shell exits (keeping what was
   * buffered), and a process that writes after that dies of SIGPIPE, while one that never writes
   * keeps the pipe open unseen. Ours stay open until the last writer is gone: the end of both
   * means that no process holds them any more. Without /proc, the JDK's streams and no names.
   */
  private static final class Pipes {
    final Set<String> names = new HashSet<>();
    final InputStream stdout;
    final InputStream stderr;
    /** True if the end of both streams proves that no process holds the pipes. */
    final boolean endMeansNoHolder;

    Pipes(Process shell) {
      InputStream out = null;
      InputStream err = null;
      if (HAVE_PROC) {
        try {
          String outName = pipeName(PROC.resolve(shell.pid() + "/fd/1"));
          String errName = pipeName(PROC.resolve(shell.pid() + "/fd/2"));
          names.add(outName);
          names.add(errName);
          out = reopen(outName);
          err = reopen(errName);
        } catch (IOException | RuntimeException e) {
          // the shell died at the gate: nothing can hold its pipes but what we find by group and marker
          closeQuietly(out);
          out = null;
        }
      }
      if (out != null && err != null) {
        closeQuietly(shell.getInputStream()); // ours from now on; the JDK must not take what is buffered
        closeQuietly(shell.getErrorStream());
        this.stdout = out;
        this.stderr = err;
        this.endMeansNoHolder = true;
      } else {
        this.stdout = shell.getInputStream();
        this.stderr = shell.getErrorStream();
        this.endMeansNoHolder = false;
      }
    }

    private static String pipeName(Path fd) throws IOException {
      String name = Files.readSymbolicLink(fd).toString();
      if (!name.startsWith("pipe:")) {
        throw new IOException(fd + " is " + name + ", not a pipe");
      }
      return name;
    }

    /** Our own read end of the pipe the JVM reads as {@code name}. */
    private static InputStream reopen(String name) throws IOException {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve("self/fd"))) {
        for (Path fd : fds) {
          if (name.equals(link(fd))) {
            return new FileInputStream(fd.toFile());
          }
        }
      }
      throw new IOException("the JVM holds no read end of " + name);
    }

    boolean heldBy(Path process) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
        for (Path fd : fds) {
          if (names.contains(link(fd))) {
            return true;
          }
        }
      } catch (IOException | RuntimeException e) {
        // gone, or another user's: not ours to kill
      }
      return false;
    }
  }

  /** The target of a /proc symbolic link, or "" if it is gone (a closed fd, an exited process). */
  private static String link(Path path) {
    try {
      return Files.readSymbolicLink(path).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // nothing was written: nothing to lose
      }
    }
  }

  /** One started command: its shell, its marker, its pipes, what was killed. */
  private final class Command {
    final Process shell;
    final String marker;
    /** The shell's start time in clock ticks since boot (stat field 22), or -1 if unknown. */
    final long startTicks;
    final Pipes pipes;
    final AtomicBoolean overflow = new AtomicBoolean();
    /** Every process we signalled, for the count in the result and to tell what a sweep found anew. */
    final Set<Long> killed = ConcurrentHashMap.newKeySet();
    /** Sessions whose members are ours: the shell's, and those that processes of ours made. */
    final Set<Long> sessions = ConcurrentHashMap.newKeySet();

    Command(Process shell, String id) {
      this.shell = shell;
      this.marker = MARKER + "=" + id;
      this.startTicks = HAVE_PROC ? startTicks(PROC.resolve(Long.toString(shell.pid()))) : -1;
      this.pipes = new Pipes(shell);
      if (SETSID != null) {
        sessions.add(shell.pid());
      }
      try {
        shell.getOutputStream().close(); // opens the gate; the command gets an empty stdin, never the server's console
      } catch (IOException e) {
        // the shell is gone already
      }
    }

    Result await() throws IOException {
      AtomicLong budget = new AtomicLong(maxOutput);
      PipeReader stdout = new PipeReader(pipes.stdout, budget);
      PipeReader stderr = new PipeReader(pipes.stderr, budget);
      boolean finished;
      try {
        finished = shell.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(true);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while running the command");
      }
      int exitCode = finished && !overflow.get() ? shell.exitValue() : -1;
      // background jobs may still be writing: give them a moment, as Python's read() would (for ever)
      boolean drained = finished && stdout.awaitEnd(DRAIN_MILLIS) && stderr.awaitEnd(DRAIN_MILLIS);
      kill(!(drained && pipes.endMeansNoHolder)); // at the real end of both pipes, nobody holds them
      if (!drained) { // the holders we killed close them as they die
        stdout.awaitEnd(DRAIN_MILLIS);
        stderr.awaitEnd(DRAIN_MILLIS);
      }
      return new Result(stdout.take(), stderr.take(), exitCode, !finished, overflow.get(), killed.size());
    }

    /**
     * Kills the shell and everything of the command's, looking for holders of the output pipes
     * only if {@code pipesOpen}, and sweeps /proc again until a pass finds nothing new.
     */
    void kill(boolean pipesOpen) {
      // Listed before the shell dies: then its children are re-parented and no longer its descendants.
      List<ProcessHandle> found = new ArrayList<>(shell.descendants().toList());
      if (shell.isAlive()) {
        killed.add(shell.pid());
        found.forEach(h -> killed.add(h.pid())); // alive when listed; the group kill or the sweep signals each
        if (SETSID != null) {
          killGroup(); // one signal to the whole group, atomic against forks in progress
        }
      }
      shell.destroyForcibly();
      int quietPasses = 0;
      for (int pass = 0; pass < MAX_SWEEPS; pass++) {
        unsure = false;
        if (HAVE_PROC) {
          found.addAll(scan(pipesOpen));
        }
        boolean anyNew = false;
        for (ProcessHandle h : found) {
          List<ProcessHandle> children = h.descendants().toList(); // before h dies and they are re-parented
          anyNew |= destroy(h);
          for (ProcessHandle d : children) {
            anyNew |= destroy(d);
          }
        }
        found.clear();
        if (!anyNew && !unsure && quietPasses++ > 0) {
          break; // twice nothing new: all it found had been signalled, nothing of ours can fork any more
        }
        if (!anyNew) {
          pause(UNSURE_PAUSE_MILLIS); // a process being born or in the middle of exec: look again in a moment
        }
      }
    }

    /**
     * Set by a pass that saw a process started since the command with an empty environment: one
     * in the middle of {@code exec} shows none until its new image is set up, so its marker cannot
     * be read yet. The sweep then looks again, up to {@link #MAX_SWEEPS} passes ({@code env -i}
     * children keep an empty environment and only cost those passes). It also ends only after
     * two passes 5 ms apart found nothing new: stopping after one, the {@code sleep} of
     * {@code setsid sh -c '(sleep 300 >/dev/null 2>&1 &)' >/dev/null 2>&1 &} escaped 2 to 6 times
     * in 30 (a process forked while a pass ran shows only after it); 0 in 120 since.
     */
    private boolean unsure;

    /** SIGKILL; true if the process was alive and not signalled before. */
    private boolean destroy(ProcessHandle h) {
      return h.pid() != ProcessHandle.current().pid() && h.isAlive() && h.destroyForcibly() && killed.add(h.pid());
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

    /** The living processes in /proc that belong to this command: its group, its marker, its pipes. */
    private List<ProcessHandle> scan(boolean pipesOpen) {
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
          if (pid != self && pid != 1 && belongs(pid, dir, markerBytes, pipesOpen)) {
            ProcessHandle.of(pid).ifPresent(found::add);
          }
        }
      } catch (IOException | RuntimeException e) {
        // /proc unreadable: the descendants are all we know
      }
      return found;
    }

    /**
     * Each test on its own: one that fails (the process is exiting, say) must not skip the next.
     * A process found that leads a session of its own ({@code setsid}) makes its session ours:
     * what it forks stays there, with no pipe, marker or group of ours needed.
     */
    private boolean belongs(long pid, Path dir, byte[] markerBytes, boolean pipesOpen) {
      String[] stat;
      try { // fields 3 (state), 4 (parent), 5 (group), 6 (session) and 22 (start), after the ")" that ends the name
        stat = statFields(dir);
      } catch (IOException | RuntimeException e) {
        return false; // gone
      }
      if (stat[0].equals("Z") || stat[0].equals("X")) {
        return false; // dead already, holding nothing, forking nothing: only its parent's to reap
      }
      // Group and session numbers are PIDs of their leaders: one that started before the command is
      // a later group or session that reuses the number, not ours.
      boolean startedSince = startTicks >= 0 && Long.parseLong(stat[19]) >= startTicks;
      long session = Long.parseLong(stat[3]);
      byte[] environ = environ(dir);
      boolean ours = startedSince && (Long.parseLong(stat[2]) == shell.pid() || sessions.contains(session))
          || environ != null && contains(environ, markerBytes)
          || pipesOpen && !spawning(stat) && pipes.heldBy(dir);
      if (ours && startedSince && (session == pid || sessionStartedSince(session))) {
        sessions.add(session); // made by one of ours: what it forks there is ours, marker or not
      }
      if (!ours && startedSince && environ != null && environ.length == 0 && Long.parseLong(stat[1]) != KTHREADD) {
        unsure = true;
      }
      return ours;
    }

    /**
     * A child of this JVM holding our pipes is one the JVM is starting (for another command, say):
     * until it execs, the JDK's spawn helper holds a copy of every file descriptor of the JVM.
     * Killed then, its start "succeeds" with a process that died of SIGKILL (exit 137). An
     * escaped process is never the JVM's child: orphans go to PID 1.
     */
    private boolean spawning(String[] stat) {
      return Long.parseLong(stat[1]) == ProcessHandle.current().pid();
    }

    /** A process's environment; null if unreadable (another user's, or exiting: the pipes may still tell). */
    private byte[] environ(Path dir) {
      try {
        return Files.readAllBytes(dir.resolve("environ"));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    /** Whether a session's leader (its number is the leader's PID) started since the command did. */
    private boolean sessionStartedSince(long session) {
      long leaderStart = startTicks(PROC.resolve(Long.toString(session)));
      return leaderStart >= 0 && startTicks >= 0 && leaderStart >= startTicks;
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
                kill(true);
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

  private static String[] statFields(Path dir) throws IOException {
    String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long startTicks(Path dir) {
    try {
      return Long.parseLong(statFields(dir)[19]);
    } catch (IOException | RuntimeException e) {
      return -1; // the shell is gone already: no group to find by number
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
    // All at once: each sweep reads /proc a few times, and one after another they took 13.6 s for
    // 6 commands, long enough for a supervisor's SIGKILL to leave the rest alive.
    List<Thread> sweeps = new ArrayList<>();
    for (Command c : running) {
      Thread t = new Thread(() -> c.kill(true), "stop-command-" + c.shell.pid());
      t.setDaemon(true);
      try {
        t.start();
        sweeps.add(t);
      } catch (OutOfMemoryError | RuntimeException noThread) {
        c.kill(true); // no thread to spare: this one here
      }
    }
    for (Thread t : sweeps) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    readers.shutdownNow();
  }
}
