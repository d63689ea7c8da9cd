package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ProcessGroup against children that leave the command's group, session and environment. */
@Timeout(120)
class ProcessGroupTest {
  /** Every process a command reported, killed after the test whatever happened. */
  private final List<Long> pids = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void needsProc() {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "needs /proc (Linux)");
  }

  @AfterEach
  void killLeftovers() {
    synchronized (pids) {
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** True once the process has exited: no /proc entry, or a zombie (it runs and holds nothing). */
  static boolean exited(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.ISO_8859_1);
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException e) {
      return true;
    }
  }

  /**
   * Fails unless every process has exited. A killed one may still be exiting when the command's
   * result comes back (SIGKILL is asynchronous), and does within moments; an escaped one never
   * does: the 30 s are a bound on the wait, not a measure of anything.
   */
  static void assertAllExit(List<Long> pids) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<Long> alive = new ArrayList<>(pids);
    alive.removeIf(ProcessGroupTest::exited);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      alive.removeIf(ProcessGroupTest::exited);
    }
    assertEquals(List.of(), alive, "processes that escaped the kill");
  }

  /**
   * {@code env -i setsid sleep 300 &} leaves the group and the marker behind, and the shell exits
   * at once: only the pipes the child holds tell it is the command's. Reading the pipe ids from
   * the shell after it started, or trusting the end of the JDK's streams (closed by the JDK when
   * the shell exits), let it escape in about one try in ten here; each of 32 tries, four at a
   * time, must now kill it.
   */
  @Test
  void aChildThatLeavesTheGroupAndClearsItsEnvironmentIsKilledEveryTime() throws Exception {
    int tries = 32;
    int atOnce = 4;
    ExecutorService pool = Executors.newFixedThreadPool(atOnce);
    try (ProcessGroup group = new ProcessGroup(60_000, 1 << 20, atOnce, Set.of())) {
      List<Future<Long>> children = new ArrayList<>();
      for (int i = 0; i < tries; i++) {
        children.add(pool.submit(() -> {
          ProcessGroup.Result r = group.run("env -i setsid sleep 300 & echo $!");
          String out = new String(r.stdout, StandardCharsets.US_ASCII).trim();
          assertTrue(out.matches("\\d+"), "the shell prints its child's PID: [" + out + "], stderr ["
              + new String(r.stderr, StandardCharsets.UTF_8) + "], exit " + r.exitCode + ", killed " + r.killedProcesses);
          long pid = Long.parseLong(out);
          pids.add(pid);
          assertEquals(0, r.exitCode);
          return pid;
        }));
      }
      List<Long> started = new ArrayList<>();
      for (Future<Long> child : children) {
        started.add(child.get());
      }
      assertAllExit(started);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A new session whose subshell double-forks a {@code sleep} with its output redirected: the
   * leader and the subshell exit at once, and the {@code sleep} holds no pipe and is in no group or
   * session the sweep knew. Only its marker tells, and while it is in the middle of {@code exec}
   * its environment reads empty: a sweep that passed it then and found nothing new stopped, and 5
   * of 30 tries escaped (attack report 3). The {@code sleep}s are found by their unique argument.
   */
  @Test
  void aDoubleForkedChildCaughtInTheMiddleOfExecIsKilledEveryTime() throws Exception {
    int tries = 30;
    int atOnce = 4;
    String base = "300." + ProcessHandle.current().pid() % 1000;
    ExecutorService pool = Executors.newFixedThreadPool(atOnce);
    try (ProcessGroup group = new ProcessGroup(60_000, 1 << 20, atOnce, Set.of())) {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < tries; i++) {
        String command = "setsid sh -c '(sleep " + base + i + " >/dev/null 2>&1 &)' >/dev/null 2>&1 &";
        runs.add(pool.submit(() -> group.run(command)));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Long> seen = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2); // time for an escaped one to show
    while (System.nanoTime() < until) {
      for (long pid : sleepsWithArgumentStarting(base)) {
        if (!seen.contains(pid)) {
          seen.add(pid);
          pids.add(pid);
        }
      }
      Thread.sleep(50);
    }
    assertAllExit(seen);
  }

  /** Live {@code sleep} processes whose argument starts with {@code prefix}. */
  private static List<Long> sleepsWithArgumentStarting(String prefix) throws IOException {
    List<Long> found = new ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          String[] argv = Files.readString(dir.resolve("cmdline"), StandardCharsets.ISO_8859_1).split("\0");
          if (argv.length == 2 && argv[0].endsWith("sleep") && argv[1].startsWith(prefix)
              && !exited(Long.parseLong(dir.getFileName().toString()))) {
            found.add(Long.parseLong(dir.getFileName().toString()));
          }
        } catch (IOException | RuntimeException gone) {
          // exited meanwhile
        }
      }
    }
    return found;
  }

  /** Keeps every connection, and so every file descriptor sent over one, without reading. */
  private static final String HOLDER = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
      "s.bind(sys.argv[1])",
      "s.listen(128)",
      "print('ready', flush=True)",
      "kept = []",
      "while True:",
      "    kept.append(s.accept()[0])");

  /** A command that hands its stdout and stderr to the holder (SCM_RIGHTS), then exits. */
  private static String handOverPipes(Path socket) {
    return "python3 -c 'import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]);"
        + " socket.send_fds(s, [b\"x\"], [1, 2])' '" + socket + "'";
  }

  private static long readerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(ProcessGroup.READER_THREAD)).count();
  }

  /**
   * A pipe can stay open with no process of ours holding it: sent over a Unix socket to a program
   * that never takes it, it is in flight, where no sweep of /proc sees it. Each such command
   * leaves two readers blocked. More of them than the runner has room for are refused with a
   * reason, the reader threads never outnumber {@link ProcessGroup#readerThreads(int)}, and once
   * the holder is gone the pipes end and commands run again.
   */
  @Test
  void readersPinnedByPipesNobodyCanFindAreCappedAndFreedWhenThePipesEnd(@TempDir Path tmp) throws Exception {
    Peers.assumePython();
    int maxCommands = 1;
    int room = ProcessGroup.readerThreads(maxCommands) / 2; // commands whose two readers can be stuck at once
    int extra = 3;
    Path socket = tmp.resolve("holder.sock");
    Process holder = new ProcessBuilder("python3", "-c", HOLDER, socket.toString()).redirectErrorStream(true).start();
    ExecutorService pool = Executors.newFixedThreadPool(room + extra);
    long before = readerThreads(); // other runners' readers: none run while this test does, so they can only end
    try (ProcessGroup group = new ProcessGroup(60_000, 1 << 20, maxCommands, Set.of())) {
      assertEquals("ready", new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine());
      List<Future<ProcessGroup.Result>> results = new ArrayList<>();
      for (int i = 0; i < room + extra; i++) {
        results.add(pool.submit(() -> group.run(handOverPipes(socket))));
      }
      int ran = 0;
      List<String> refusals = new ArrayList<>();
      for (Future<ProcessGroup.Result> f : results) {
        try {
          ProcessGroup.Result r = f.get();
          assertEquals("", new String(r.stderr, StandardCharsets.UTF_8), "the pipes were handed over");
          assertEquals(0, r.exitCode);
          ran++;
        } catch (ExecutionException e) {
          refusals.add(e.getCause().getMessage());
        }
      }
      assertEquals(room, ran, "commands run while readers were free: " + refusals);
      assertEquals(Collections.nCopies(extra, ProcessGroup.MAX_STUCK_READERS
          + " output readers are blocked by processes that escaped; not running more commands"), refusals);
      assertTrue(readerThreads() <= before + ProcessGroup.readerThreads(maxCommands), readerThreads() + " reader threads");
      IOException refused = assertThrows(IOException.class, () -> group.run("echo refused"));
      assertTrue(refused.getMessage().contains("output readers are blocked"), refused.getMessage());
      assertTrue(readerThreads() <= before + ProcessGroup.readerThreads(maxCommands), readerThreads() + " reader threads");

      holder.destroyForcibly().waitFor(); // its sockets close, the pipes in flight with them: every pipe ends
      ProcessGroup.Result next = null;
      while (next == null) { // the readers return their permits as they see the ends
        try {
          next = group.run("echo served");
        } catch (IOException stillStuck) {
          Thread.sleep(20);
        }
      }
      assertEquals("served\n", new String(next.stdout, StandardCharsets.UTF_8));
      assertTrue(readerThreads() <= before + ProcessGroup.readerThreads(maxCommands), readerThreads() + " reader threads");
    } finally {
      pool.shutdownNow();
      holder.destroyForcibly();
    }
  }

  /**
   * Output comes through our own read ends of the pipes (the JDK's are closed at once): nothing
   * may be lost or mixed up between commands that run at the same time.
   */
  @Test
  void everyCommandGetsAllItsOwnOutput() throws Exception {
    StringBuilder seq = new StringBuilder();
    for (int i = 1; i <= 3000; i++) {
      seq.append(i).append('\n');
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (ProcessGroup group = new ProcessGroup(60_000, 1 << 20, 4, Set.of())) {
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String n = Integer.toString(i);
        runs.add(pool.submit(() -> {
          ProcessGroup.Result r = group.run("echo out " + n + "; seq 1 3000; echo err " + n + " >&2; exit " + n);
          assertEquals("out " + n + "\n" + seq, new String(r.stdout, StandardCharsets.UTF_8));
          assertEquals("err " + n + "\n", new String(r.stderr, StandardCharsets.UTF_8));
          assertEquals(Integer.parseInt(n), r.exitCode);
          return null;
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A holder of the pipes that left the session and the marker double-forks a child with its
   * output redirected: the child holds nothing of the command's and is nobody's descendant, but
   * it stays in the holder's new session, and that is how the sweep finds it.
   */
  @Test
  void whatAnEscapedPipeHolderDoubleForksWithItsOutputRedirectedIsKilledToo() throws Exception {
    try (ProcessGroup group = new ProcessGroup(60_000, 1 << 20, 1, Set.of())) {
      ProcessGroup.Result r = group.run("env -i setsid sh -c 'echo $$; "
          + "sh -c \"sleep 300 </dev/null >/dev/null 2>&1 & echo \\$!\"; exec sleep 301' &");
      List<Long> found = new ArrayList<>();
      for (String line : new String(r.stdout, StandardCharsets.US_ASCII).split("\n")) {
        found.add(Long.parseLong(line));
      }
      pids.addAll(found);
      assertEquals(2, found.size(), "the holder's PID and its double-forked child's");
      assertAllExit(found);
    }
  }
}
