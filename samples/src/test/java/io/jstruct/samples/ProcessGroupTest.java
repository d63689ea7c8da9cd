package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
          assertTrue(out.matches("\\d+"), "the shell prints its child's PID: " + out);
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
}
