package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of log lines: a burst passes, then a hundred a second, and the dropped ones are counted. */
class FloodSafeLogTest {
  @Test
  void aBurstPassesThenAHundredASecondAndWhatIsDroppedIsSaid() {
    LineCapture capture = new LineCapture();
    AtomicLong now = new AtomicLong(1_000_000_000L);
    FloodSafeLog log = new FloodSafeLog(capture.stream, now::get);
    for (int i = 0; i < FloodSafeLog.BURST + 500; i++) {
      log.println("line " + i);
    }
    assertEquals(FloodSafeLog.BURST, capture.lines().size());
    assertEquals("line " + (FloodSafeLog.BURST - 1), capture.lines().get(FloodSafeLog.BURST - 1));
    now.addAndGet(1_000_000_000L); // a second: a hundred more may pass
    for (int i = 0; i < 500; i++) {
      log.println("later " + i);
    }
    List<String> lines = capture.lines();
    assertEquals(FloodSafeLog.BURST + 1 + FloodSafeLog.PER_SECOND, lines.size());
    assertEquals("(500 log line(s) dropped: more than 100 a second after a burst of 1000)", lines.get(FloodSafeLog.BURST));
    assertEquals("later 0", lines.get(FloodSafeLog.BURST + 1));
    now.addAndGet(3_600_000_000_000L); // an hour of quiet refills only up to the burst
    log.println((Object) "quiet");
    assertEquals("(400 log line(s) dropped: more than 100 a second after a burst of 1000)", capture.lines().get(lines.size()));
    assertEquals("quiet", capture.lines().get(lines.size() + 1));
  }

  @Test
  void whatATokenHolderDidIsLoggedWhateverTheFlood() {
    LineCapture capture = new LineCapture();
    AtomicLong now = new AtomicLong(0);
    FloodSafeLog log = new FloodSafeLog(capture.stream, now::get);
    for (int i = 0; i < 3 * FloodSafeLog.BURST; i++) {
      log.println("wrong token " + i);
    }
    FloodSafeLog.println(log, "anonymous request", false); // no token on this server: limited like the rest
    FloodSafeLog.println(log, "127.0.0.1:5 $ 'id'  -> 42 bytes, exit 0", true);
    List<String> lines = capture.lines();
    assertEquals(FloodSafeLog.BURST + 2, lines.size());
    assertEquals("(2001 log line(s) dropped: more than 100 a second after a burst of 1000)", lines.get(FloodSafeLog.BURST));
    assertEquals("127.0.0.1:5 $ 'id'  -> 42 bytes, exit 0", lines.get(FloodSafeLog.BURST + 1));
  }
}
