package io.jstruct.samples;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Python's {@code input(prompt)} for a program that waits for the network and the keyboard at
 * once: a thread of its own reads stdin ahead, and lines typed ahead wait in order. Like
 * Python's, {@link #input} raises at the end of stdin ({@link EOFException} for
 * {@code EOFError}).
 *
 * <p>Thread-safe: one reading thread, any number of callers.
 */
final class Keyboard {
  private static final String END_OF_INPUT = new String("end of input"); // compared by identity

  private final Io io;
  private final String name;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** Reads {@code io.in}; {@code name} starts the thread's name and its error messages. */
  Keyboard(Io io, String name) {
    this.io = io;
    this.name = name;
  }

  /**
   * Starts reading stdin. When it ends with no line left waiting, {@code nothingLeft} runs: a
   * caller blocked on something else (a message to answer) can stop then. When lines are still
   * waiting, the caller sees {@link #ended} once it has taken the last.
   */
  void start(Runnable nothingLeft) {
    Thread t = new Thread(() -> readAll(nothingLeft), name + "-keyboard");
    t.setDaemon(true); // blocked in a read that nothing can interrupt; must not keep the JVM alive
    t.start();
  }

  /** input(prompt): the next line typed, waiting for one if none is there. */
  String input(String prompt) throws EOFException, InterruptedException {
    io.prompt(prompt);
    String line = lines.take();
    if (line == END_OF_INPUT) {
      lines.add(END_OF_INPUT); // still ended for the next caller
      throw new EOFException("end of input");
    }
    return line;
  }

  /** Whether stdin has ended and every line typed has been taken. */
  boolean ended() {
    return lines.peek() == END_OF_INPUT;
  }

  private void readAll(Runnable nothingLeft) {
    try {
      String line;
      while ((line = io.in.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      io.err.println(name + ": reading stdin: " + e.getMessage());
    }
    lines.add(END_OF_INPUT);
    if (ended()) {
      nothingLeft.run();
    }
  }
}
