package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Token guesses from one address slow to one a second after a burst; other addresses are unaffected. */
@Timeout(30)
class TokenThrottleTest {
  private static final long S = 1_000_000_000L;
  private static final String WRONG = "wrong or missing token";
  private static final String WAIT = "too many wrong tokens from this address; try again in 1 s";

  @Test
  void afterABurstOfWrongTokensAnAddressGetsOneGuessASecond() throws Exception {
    AtomicLong now = new AtomicLong(5 * S);
    TokenThrottle throttle = new TokenThrottle(now::get);
    InetAddress guesser = InetAddress.getByName("10.0.0.1");
    InetAddress other = InetAddress.getByName("10.0.0.2");
    for (int i = 0; i < TokenThrottle.BURST; i++) {
      assertEquals(WRONG, throttle.check(guesser, "guess" + i, "secret"));
    }
    assertEquals(WAIT, throttle.check(guesser, "guess", "secret"));
    assertEquals(WAIT, throttle.check(guesser, "secret", "secret")); // not even compared while the bucket is empty
    assertNull(throttle.check(other, "secret", "secret")); // another address is not held back
    now.addAndGet(S / 2);
    assertEquals(WAIT, throttle.check(guesser, "guess", "secret"));
    now.addAndGet(S / 2);
    assertEquals(WRONG, throttle.check(guesser, "guess", "secret")); // one a second
    assertEquals(WAIT, throttle.check(guesser, "guess", "secret"));
    now.addAndGet(S);
    assertNull(throttle.check(guesser, "secret", "secret")); // a right token costs nothing
    assertEquals(WRONG, throttle.check(guesser, "guess", "secret"));
    now.addAndGet(100 * S); // refilled, but only up to the burst
    for (int i = 0; i < TokenThrottle.BURST; i++) {
      assertEquals(WRONG, throttle.check(guesser, "guess" + i, "secret"));
    }
    assertEquals(WAIT, throttle.check(guesser, "guess", "secret"));
  }

  @Test
  void aStrongTokenIsNeverThrottledSoAGuesserCannotLockItsOwnerOut() throws Exception {
    AtomicLong now = new AtomicLong(5 * S);
    TokenThrottle throttle = new TokenThrottle(now::get);
    InetAddress shared = InetAddress.getByName("10.0.0.1");
    String strong = "0123456789abcdef0123456789abcdef";
    for (int i = 0; i < 10 * TokenThrottle.BURST; i++) {
      assertEquals(WRONG, throttle.check(shared, "guess" + i, strong));
    }
    assertNull(throttle.check(shared, strong, strong)); // the owner, on the guesser's address, gets in at once
    String weak = strong.substring(0, TokenCheck.MIN_GOOD_LENGTH - 1);
    for (int i = 0; i < TokenThrottle.BURST; i++) {
      assertEquals(WRONG, throttle.check(shared, "guess" + i, weak));
    }
    assertEquals(WAIT, throttle.check(shared, weak, weak)); // a weak one is throttled, owner included
  }
}
