package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat server's queue: bounded in count, bytes, and per sender. */
@Timeout(30)
class InboxTest {
  @Test
  void oneSenderCannotFillTheQueueAndStarveTheOthers() throws Exception {
    Inbox<String> inbox = new Inbox<>(1000, 1 << 20, 10);
    int queued = 0;
    for (int i = 0; i < 1000; i++) { // a flood from one address
      queued += inbox.offer("junk" + i, 1, "flooder") ? 1 : 0;
    }
    assertEquals(10, queued);
    assertTrue(inbox.offer("legit", 5, "someone else"));
    assertEquals(990, inbox.droppedTotal());
    assertEquals("junk0", inbox.take());
    assertTrue(inbox.offer("junk again", 1, "flooder")); // its share frees as it is answered
    assertFalse(inbox.offer("one too many", 1, "flooder"));
    for (int i = 1; i < 10; i++) {
      assertEquals("junk" + i, inbox.take());
    }
    assertEquals("legit", inbox.take());
    assertEquals("junk again", inbox.take());
    assertEquals(0, inbox.size());
  }
}
