package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads, released together by a latch, on one compiled {@link Struct} and on the
 * module-level cache, while another thread keeps clearing the cache and the formats used outnumber
 * the cache's bound. Every result is checked against a value computed independently of the
 * library. Each thread does a fixed amount of work; the timeout on joining is only a guard
 * against a deadlock, far above the work's real duration.
 */
class StructConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 4_000;
  private static final long DEADLOCK_GUARD_SECONDS = 120;

  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(DEADLOCK_GUARD_SECONDS, TimeUnit.SECONDS));
  }

  /**
   * One struct, every method, from every thread at once; threads also share one array, each
   * packing into its own slot of it, so a write that strayed into another slot would show.
   */
  @Test
  void oneCompiledStructFromManyThreads() throws Exception {
    Struct s = Struct.compile("!HIq?d3s");
    assertEquals(2 + 4 + 8 + 1 + 8 + 3, s.size());
    byte[] shared = new byte[THREADS * s.size()];
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(() -> {
        SplittableRandom rnd = new SplittableRandom(thread);
        int slot = thread * s.size();
        for (int round = 0; round < ROUNDS; round++) {
          int h = rnd.nextInt(1 << 16);
          long i = rnd.nextLong(1L << 32);
          long q = rnd.nextLong();
          boolean b = rnd.nextBoolean();
          double d = rnd.nextDouble();
          byte[] text = {(byte) thread, (byte) round, (byte) (round >> 8)};
          byte[] expected = ByteBuffer.allocate(s.size()).order(ByteOrder.BIG_ENDIAN)
              .putShort((short) h).putInt((int) i).putLong(q).put((byte) (b ? 1 : 0)).putDouble(d)
              .put(text).array();

          assertArrayEquals(expected, s.pack(h, i, q, b, d, text));
          s.packInto(shared, slot, h, i, q, b, d, text);
          Object[] back = s.unpackFrom(shared, slot);
          assertEquals(h, back[0]);
          assertEquals(i, back[1]);
          assertEquals(q, back[2]);
          assertEquals(b, back[3]);
          assertEquals(d, back[4]);
          assertArrayEquals(text, (byte[]) back[5]);
          assertEquals(q, s.getLong(shared, slot, 2));
          assertEquals(d, s.getDouble(shared, slot, 4));
          ByteBuffer direct = ByteBuffer.allocateDirect(s.size());
          s.packInto(direct, 0, h, i, q, b, d, text);
          assertEquals(h, s.unpack(direct)[0]);
          Iterator<Object[]> it = s.iterUnpack(expected);
          assertEquals(q, it.next()[2]);
        }
        return null;
      });
    }
    runTogether(workers);
  }

  /**
   * The module-level functions over more distinct formats than the cache holds, on three
   * platforms, while one thread clears the cache again and again: every struct still has its
   * format's size and bytes, and the cache stays within its bound.
   */
  @Test
  void theCacheUnderContentionAndClearing() throws Exception {
    int formats = StructCache.MAX_ENTRIES * 4;
    AtomicBoolean working = new AtomicBoolean(true);
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(() -> {
        SplittableRandom rnd = new SplittableRandom(100 + thread);
        for (int round = 0; round < ROUNDS; round++) {
          int k = rnd.nextInt(formats);
          int value = rnd.nextInt();
          // "<kxi": k zero bytes, then the int, little-endian
          String standard = "<" + k + "xi";
          byte[] packed = Struct.pack(standard, value);
          assertEquals(k + 4, packed.length);
          assertEquals(value, ByteBuffer.wrap(packed, k, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
          assertEquals(value, Struct.unpack(standard, packed)[0]);
          assertEquals(k + 4, Struct.calcsize(standard));
          assertEquals(standard, Struct.compile(standard).format());

          // "@{k%7}xl" on a random platform: the long is aligned to its own size
          Platform platform = Platform.values()[rnd.nextInt(Platform.values().length)];
          String nativeFormat = "@" + (k % 7) + "xl";
          Struct s = Struct.compile(nativeFormat, platform);
          int longSize = platform.longSize();
          int at = (k % 7 + longSize - 1) / longSize * longSize;
          assertEquals(at + longSize, s.size());
          assertEquals(platform, s.platform());
          byte[] bytes = s.pack(value);
          ByteBuffer view = ByteBuffer.wrap(bytes).order(platform.byteOrder());
          assertEquals(value, longSize == 8 ? view.getLong(at) : view.getInt(at));
          Object unpacked = s.unpack(bytes)[0];
          assertEquals(longSize == 8 ? (Object) (long) value : (Object) value, unpacked);

          // Once per thread, a format too heavy to be cached at all
          if (round == ROUNDS / 2) {
            String heavy = "<" + "B".repeat((int) (StructCache.MAX_WEIGHT / 4) + 1);
            Struct big = Struct.compile(heavy);
            assertEquals(heavy.length() - 1, big.size());
          }
          assertTrue(Struct.cacheSize() <= StructCache.MAX_ENTRIES);
        }
        return null;
      });
    }
    workers.add(() -> {
      while (working.get()) {
        Struct.clearCache();
        Thread.yield();
      }
      return null;
    });
    runTogether(workers, working);
    assertTrue(Struct.cacheSize() <= StructCache.MAX_ENTRIES);
    assertEquals(BigInteger.valueOf(7), Struct.unpack("<Q", Struct.pack("<Q", 7))[0]);
  }

  private void runTogether(List<Callable<Void>> workers) throws Exception {
    runTogether(workers, new AtomicBoolean());
  }

  /**
   * Starts every worker at the same moment; waits for the first {@code THREADS} to finish, then
   * clears {@code working} so that the rest (background helpers) stop.
   */
  private void runTogether(List<Callable<Void>> workers, AtomicBoolean working) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (Callable<Void> worker : workers) {
      futures.add(pool.submit(() -> {
        start.await();
        return worker.call();
      }));
    }
    start.countDown();
    try {
      for (int i = 0; i < THREADS; i++) {
        futures.get(i).get(DEADLOCK_GUARD_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      working.set(false);
    }
    for (Future<Void> f : futures) {
      f.get(DEADLOCK_GUARD_SECONDS, TimeUnit.SECONDS);
    }
  }
}
