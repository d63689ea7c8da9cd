package io.jstruct.netty;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose ByteBufs were not released. Registered for every test of the module (by
 * JUnit's extension autodetection) before any buffer class is loaded, it installs leak detectors
 * at {@code PARANOID} that record each report instead of logging it; after each test it collects
 * garbage, lets the detectors poll, and fails the test if any leak was reported.
 */
public final class LeakCheck implements BeforeEachCallback, AfterEachCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(
          Class<T> resource, int samplingInterval, long maxActive) {
        return new Recording<>(resource, samplingInterval);
      }
    });
  }

  private static final class Recording<T> extends ResourceLeakDetector<T> {
    Recording(Class<?> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected boolean needReport() {
      return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      record(resourceType + " leaked:" + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      record(resourceType + " leaked (no records)");
    }
  }

  private static void record(String leak) {
    synchronized (LEAKS) {
      LEAKS.add(leak);
    }
  }

  /**
   * Collects garbage and makes the detectors poll (they look for leaks when they track a new
   * buffer); returns and clears the leaks reported so far.
   */
  static List<String> collectLeaks() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      System.runFinalization();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      ByteBuf[] probes = {
        UnpooledByteBufAllocator.DEFAULT.heapBuffer(1),
        UnpooledByteBufAllocator.DEFAULT.directBuffer(1),
        PooledByteBufAllocator.DEFAULT.heapBuffer(1),
        PooledByteBufAllocator.DEFAULT.directBuffer(1)};
      for (ByteBuf probe : probes) {
        probe.release();
      }
    }
    synchronized (LEAKS) {
      List<String> leaks = new ArrayList<>(LEAKS);
      LEAKS.clear();
      return leaks;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      fail("ByteBuf leak(s) reported late, from an earlier test:\n" + String.join("\n", leaks));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      fail(leaks.size() + " ByteBuf leak(s) reported by Netty's detector at PARANOID:\n"
          + String.join("\n", leaks));
    }
  }
}
