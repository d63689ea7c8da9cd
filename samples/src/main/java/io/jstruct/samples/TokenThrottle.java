package io.jstruct.samples;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows token guessing per client address, as a token bucket: an address may make
 * {@value #BURST} wrong guesses at once, then one more per second; beyond that its tokens are
 * not even compared until the bucket refills. One guess per connection alone let a client try
 * thousands of tokens a second over parallel connections; this caps it at about one a second
 * per address, while a person who mistypes a few times is not held back. The price: clients
 * that share an address (every client on loopback, or behind one NAT) share the bucket, so a
 * guesser on the same host delays the owner of the token too.
 *
 * <p>So only a weak token (under {@value TokenCheck#MIN_GOOD_LENGTH} characters, which the
 * server warns about at start) is throttled. A strong one needs no throttle: 32 random hex
 * digits are 2^128 tokens, and at a million guesses a second the search takes about 10^25
 * years; throttling it would only let a guesser lock its owner out.
 *
 * <p>Thread-safe. Remembers at most 4096 addresses (the least recently seen are forgotten).
 */
final class TokenThrottle {
  /** Wrong guesses an address may make at once. */
  static final int BURST = 10;
  /** One more wrong guess allowed per this long. */
  static final long REFILL_NANOS = 1_000_000_000L;
  private static final int MAX_ADDRESSES = 4096;
  private static final String WRONG = "wrong or missing token";

  private static final class Bucket {
    long allowanceNanos; // BURST * REFILL_NANOS when full; a guess costs REFILL_NANOS
    long at;
  }

  private final LongSupplier clock;
  private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
      return size() > MAX_ADDRESSES;
    }
  };

  TokenThrottle() {
    this(System::nanoTime);
  }

  /** With a clock of its own in nanoseconds, for tests. */
  TokenThrottle(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Checks a presented token for a client at {@code from}: null if it is right, else the reason
   * to send ("wrong or missing token", or "too many wrong tokens ...").
   */
  synchronized String check(InetAddress from, Object presented, String expected) {
    if (expected.length() >= TokenCheck.MIN_GOOD_LENGTH) {
      return TokenCheck.matches(presented, expected) ? null : WRONG;
    }
    long now = clock.getAsLong();
    Bucket b = buckets.get(from);
    if (b != null) {
      b.allowanceNanos = Math.min(BURST * REFILL_NANOS, b.allowanceNanos + Math.max(0, now - b.at));
      b.at = now;
      if (b.allowanceNanos < REFILL_NANOS) {
        return "too many wrong tokens from this address; try again in "
            + Math.max(1, (REFILL_NANOS - b.allowanceNanos + 999_999_999L) / 1_000_000_000L) + " s";
      }
    }
    if (TokenCheck.matches(presented, expected)) {
      return null;
    }
    if (b == null) {
      b = new Bucket();
      b.allowanceNanos = BURST * REFILL_NANOS;
      b.at = now;
      buckets.put(from, b);
    }
    b.allowanceNanos -= REFILL_NANOS;
    return WRONG;
  }
}
