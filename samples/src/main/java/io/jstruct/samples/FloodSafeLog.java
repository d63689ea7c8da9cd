package io.jstruct.samples;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * A server's log that a flood of clients cannot grow without bound. The servers log a line or two
 * per connection, per wrong token, per refused upload, per datagram, as the seed prints one per
 * event; a client opening thousands of connections a second made 23 MB of log in 26 s. Here the
 * lines pass as a token bucket allows: {@value #BURST} at once, then {@value #PER_SECOND} a
 * second; the rest are counted and dropped, and the next line that passes is preceded by one
 * saying how many were dropped. A learner can skip this class.
 *
 * <p>Only {@code println} is limited: the servers log whole lines. Lines about what a token's
 * holder did pass regardless ({@link #println(PrintStream, String, boolean)}). Thread-safe.
 */
final class FloodSafeLog extends PrintStream {
  static final int BURST = 1000;
  static final int PER_SECOND = 100;
  private static final long NANOS_PER_LINE = 1_000_000_000L / PER_SECOND;

  private final PrintStream out;
  private final LongSupplier clock;
  /** Lines that may pass now, in nanoseconds' worth of refill: BURST lines when full. */
  private long allowanceNanos = BURST * NANOS_PER_LINE;
  private long at;
  private long dropped;

  FloodSafeLog(PrintStream out) {
    this(out, System::nanoTime);
  }

  /** With a clock of its own in nanoseconds, for tests. */
  FloodSafeLog(PrintStream out, LongSupplier clock) {
    super(out, true, StandardCharsets.UTF_8);
    this.out = out;
    this.clock = clock;
    this.at = clock.getAsLong();
  }

  /**
   * Logs a line about what a client holding the server's token did (a command it ran, a file it
   * saved), past the limit: a flood of clients without the token must not hide what the token's
   * holders did (it hid 12 of 12 commands behind 3,310 wrong tokens a second). Such lines are
   * bounded by what token holders do, not by what anyone can send. Without a token (anyone may
   * make requests) or on any other stream, a plain println.
   */
  static void println(PrintStream log, String line, boolean byTokenHolder) {
    if (byTokenHolder && log instanceof FloodSafeLog) {
      ((FloodSafeLog) log).printlnPastLimit(line);
    } else {
      log.println(line);
    }
  }

  private synchronized void printlnPastLimit(String line) {
    if (dropped > 0) {
      out.println("(" + dropped + " log line(s) dropped: more than " + PER_SECOND + " a second after a burst of " + BURST + ")");
      dropped = 0;
    }
    out.println(line);
  }

  @Override
  public synchronized void println(String line) {
    long now = clock.getAsLong();
    allowanceNanos = Math.min(BURST * NANOS_PER_LINE, allowanceNanos + Math.max(0, now - at));
    at = now;
    if (allowanceNanos < NANOS_PER_LINE) {
      dropped++;
      return;
    }
    allowanceNanos -= NANOS_PER_LINE;
    if (dropped > 0) {
      out.println("(" + dropped + " log line(s) dropped: more than " + PER_SECOND + " a second after a burst of " + BURST + ")");
      dropped = 0;
    }
    out.println(line);
  }

  @Override
  public void println(Object x) {
    println(String.valueOf(x));
  }
}
