package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What a server prints about each connection, held back and printed together when the
 * connection ends: the lines of connections served at once never interleave, and a failure is
 * the connection's last line ({@code connection failed: why}) rather than the end of the server.
 * Counts the connections done, so a demo or a test can wait for their lines.
 *
 * <p>Thread-safe: one instance for all of a server's connections.
 */
final class Transcripts {
  /** One connection's work, printing to its own transcript. */
  interface Conversation {
    void run(PrintStream out) throws IOException;
  }

  private final PrintStream log;
  private final Semaphore done = new Semaphore(0);

  Transcripts(PrintStream log) {
    this.log = log;
  }

  /**
   * Runs the conversation with {@code firstLine} as its transcript's first line, then prints the
   * transcript to the log in one piece. An {@link IOException} ends only this conversation.
   */
  void record(String firstLine, Conversation conversation) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(lines, true, StandardCharsets.UTF_8);
    out.println(firstLine);
    try {
      conversation.run(out);
    } catch (IOException e) {
      out.println("connection failed: " + e.getMessage()); // a bad client never stops the server
    } finally {
      synchronized (log) { // one connection's lines together
        lines.toString(StandardCharsets.UTF_8).lines().forEach(log::println);
      }
      done.release();
    }
  }

  /** Waits until {@code count} more conversations have been printed; false if the time ran out. */
  boolean awaitDone(int count, long timeoutMillis) throws InterruptedException {
    return done.tryAcquire(count, timeoutMillis, TimeUnit.MILLISECONDS);
  }
}
