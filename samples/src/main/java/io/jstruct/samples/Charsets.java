package io.jstruct.samples;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

/** Charset look-ups with the samples' error type. */
final class Charsets {
  private Charsets() {}

  /**
   * The operating system's charset: what a child process most likely prints in (GBK on a
   * Chinese Windows, as the tutorial warns; usually UTF-8 elsewhere). Java 17's
   * {@code native.encoding}, whatever {@code file.encoding} says.
   */
  static Charset nativeCharset() {
    String name = System.getProperty("native.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  static Charset forOption(String option, String name) throws UsageException {
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new UsageException(option + ": unknown charset '" + name + "'");
    }
  }
}
