package io.jstruct.samples;

import java.util.ArrayDeque;

/**
 * A queue bounded in count and in bytes, which drops what does not fit and counts it: what a
 * server keeps for a slow consumer (a person typing replies) while senders go on sending. A
 * learner can skip this class; the OS receive buffer plays its part in the seed, and drops too.
 *
 * <p>Thread-safe: any number of producers and consumers.
 */
final class Inbox<T> {
  private final int maxCount;
  private final long maxBytes;
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
  private long bytes;
  private long dropped;
  private long droppedSinceReported;

  Inbox(int maxCount, long maxBytes) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
  }

  /**
   * Queues the item, or drops it when {@code maxCount} items or {@code maxBytes} bytes are
   * already waiting; returns whether it was queued.
   */
  synchronized boolean offer(T item, int byteCount) {
    if (items.size() >= maxCount || bytes + byteCount > maxBytes) {
      dropped++;
      droppedSinceReported++;
      return false;
    }
    items.add(item);
    sizes.add(byteCount);
    bytes += byteCount;
    notifyAll();
    return true;
  }

  /** Queues a control item (a stop signal) that no bound may drop. */
  synchronized void force(T item) {
    items.add(item);
    sizes.add(0);
    notifyAll();
  }

  /** The oldest item, waiting for one if none is there. */
  synchronized T take() throws InterruptedException {
    while (items.isEmpty()) {
      wait();
    }
    bytes -= sizes.remove();
    return items.remove();
  }

  /** Items dropped since the last call (to log them once per burst, not once per item). */
  synchronized long takeDroppedCount() {
    long n = droppedSinceReported;
    droppedSinceReported = 0;
    return n;
  }

  synchronized long droppedTotal() {
    return dropped;
  }

  synchronized int size() {
    return items.size();
  }
}
