package io.jstruct.samples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Captures what a sample prints, and lets a test wait for a line. */
final class LineCapture extends OutputStream {
  private final ByteArrayOutputStream all = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

  @Override
  public synchronized void write(int b) {
    all.write(b);
    if (b == '\n') {
      lines.add(current.toString(StandardCharsets.UTF_8));
      current.reset();
      notifyAll();
    } else {
      current.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  synchronized String text() {
    return all.toString(StandardCharsets.UTF_8);
  }

  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The first line from index {@code from} on that matches; fails after 20 s. */
  synchronized int awaitLine(int from, Predicate<String> matches) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      for (int i = from; i < lines.size(); i++) {
        if (matches.test(lines.get(i))) {
          return i;
        }
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new AssertionError("no matching line in 20 s; got:\n" + text());
      }
      wait(left);
    }
  }

  String awaitLine(Predicate<String> matches) throws InterruptedException {
    int i = awaitLine(0, matches);
    return lines().get(i);
  }
}
