package io.jstruct.samples;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A PrintStream that starts every line with a prefix: the demo's "[server]" lines. */
final class LinePrefixStream extends PrintStream {
  private final String prefix;

  LinePrefixStream(OutputStream out, String prefix) {
    super(out, true, StandardCharsets.UTF_8);
    this.prefix = prefix;
  }

  @Override
  public void println(String line) {
    synchronized (this) {
      super.println(prefix + line.replace("\n", "\n" + prefix));
    }
  }

  @Override
  public void println(Object x) {
    println(String.valueOf(x));
  }
}
