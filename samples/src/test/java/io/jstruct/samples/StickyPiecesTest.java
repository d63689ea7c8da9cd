package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pieces sticky-server's loop leans on: {@link Recv} and {@link Transcripts}. */
@Timeout(30)
class StickyPiecesTest {
  @Test
  void recvReturnsWhatHasArrivedThenEmptyAtTheEnd() throws IOException {
    Recv conn = new Recv(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)), 1 << 20);
    assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), conn.recv(1024));
    assertArrayEquals(new byte[0], conn.recv(1024));
  }

  @Test
  void recvTakesExactlyTheCapButNotOneByteMore() throws IOException {
    Recv atCap = new Recv(new ByteArrayInputStream(new byte[2048]), 2048);
    assertEquals(1024, atCap.recv(1024).length);
    assertEquals(1024, atCap.recv(1024).length);
    assertEquals(0, atCap.recv(1024).length);

    Recv over = new Recv(new ByteArrayInputStream(new byte[2049]), 2048);
    assertEquals(1024, over.recv(1024).length);
    assertEquals(1024, over.recv(1024).length);
    assertEquals(1, over.recv(1024).length); // the byte past the cap is returned, and printed by the server
    IOException e = assertThrows(IOException.class, () -> over.recv(1024));
    assertEquals("more than 2048 bytes: a demo, not a sink", e.getMessage());
  }

  @Test
  void aTranscriptIsPrintedWholeWithAFailureAsItsLastLine() throws Exception {
    LineCapture log = new LineCapture();
    Transcripts transcripts = new Transcripts(log.stream);
    transcripts.record("connection from a", out -> {
      out.println("data1: b'x'");
      throw new IOException("boom");
    });
    transcripts.record("connection from b", out -> out.println("data1: b''"));
    assertTrue(transcripts.awaitDone(2, 10_000));
    assertEquals(List.of("connection from a", "data1: b'x'", "connection failed: boom", "connection from b", "data1: b''"),
        log.lines());
  }

  @Test
  void connectionsRecordedAtOnceDoNotInterleave() throws Exception {
    LineCapture log = new LineCapture();
    Transcripts transcripts = new Transcripts(log.stream);
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      String name = "c" + t;
      threads[t] = new Thread(() -> transcripts.record(name, out -> {
        for (int i = 0; i < 200; i++) {
          out.println(name);
        }
      }));
      threads[t].start();
    }
    assertTrue(transcripts.awaitDone(threads.length, 20_000));
    for (Thread t : threads) {
      t.join(10_000);
    }
    List<String> lines = log.lines();
    assertEquals(threads.length * 201, lines.size());
    for (int block = 0; block < threads.length; block++) {
      List<String> mine = lines.subList(block * 201, (block + 1) * 201);
      assertTrue(mine.stream().allMatch(mine.get(0)::equals), "interleaved: " + mine);
    }
  }
}
