package io.jstruct.samples;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

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
  /** Who sent each item (null: nobody's share counted), and how many each sender has waiting. */
  private final ArrayDeque<Object> senders = new ArrayDeque<>();
  private final Map<Object, Integer> perSender = new HashMap<>();
  private final int maxPerSender;
  private static final Object NOBODY = new Object();
  private long bytes;
  private long dropped;
  private long droppedSinceReported;

  Inbox(int maxCount, long maxBytes) {
    this(maxCount, maxBytes, maxCount);
  }

  /**
   * With a share per sender: one sender may have at most {@code maxPerSender} items waiting, so
   * one flooding address cannot fill the queue and starve everyone else.
   */
  Inbox(int maxCount, long maxBytes, int maxPerSender) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.maxPerSender = maxPerSender;
  }

  /**
   * Queues the item, or drops it when {@code maxCount} items or {@code maxBytes} bytes are
   * already waiting; returns whether it was queued.
   */
  synchronized boolean offer(T item, int byteCount) {
    return offer(item, byteCount, null);
  }

  /** {@link #offer(Object, int)}, also dropping it when its sender already has its share waiting. */
  synchronized boolean offer(T item, int byteCount, Object sender) {
    if (items.size() >= maxCount || bytes + byteCount > maxBytes
        || (sender != null && perSender.getOrDefault(sender, 0) >= maxPerSender)) {
      dropped++;
      droppedSinceReported++;
      return false;
    }
    if (sender != null) {
      perSender.merge(sender, 1, Integer::sum);
    }
    items.add(item);
    senders.add(sender == null ? NOBODY : sender);
    sizes.add(byteCount);
    bytes += byteCount;
    notifyAll();
    return true;
  }

  /** Queues a control item (a stop signal) that no bound may drop. */
  synchronized void force(T item) {
    items.add(item);
    senders.add(NOBODY);
    sizes.add(0);
    notifyAll();
  }

  /** The oldest item, waiting for one if none is there. */
  synchronized T take() throws InterruptedException {
    while (items.isEmpty()) {
      wait();
    }
    bytes -= sizes.remove();
    Object sender = senders.remove();
    if (sender != NOBODY) {
      perSender.computeIfPresent(sender, (k, n) -> n == 1 ? null : n - 1);
    }
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
