package io.jstruct.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A sample's console: where it reads lines (stdin) and prints (stdout, stderr). Tests hand in
 * their own streams, so every sample runs in-process exactly as from the jar.
 *
 * <p>Python's {@code input('>>: ')} always prints its prompt; we print prompts only when a
 * person is typing ({@code interactive}), so piped output holds just the results.
 */
final class Io {
  final BufferedReader in;
  final PrintStream out;
  final PrintStream err;
  final boolean interactive;
  private final UnaryOperator<String> env;

  Io(InputStream in, PrintStream out, PrintStream err, Charset charset, boolean interactive) {
    this(new BufferedReader(new InputStreamReader(in, charset)), out, err, interactive, System::getenv);
  }

  private Io(BufferedReader in, PrintStream out, PrintStream err, boolean interactive, UnaryOperator<String> env) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.env = env;
  }

  /** The same console with another environment: lets tests hand in variables. */
  Io withEnv(UnaryOperator<String> env) {
    return new Io(in, out, err, interactive, env);
  }

  /** An environment variable, or null. */
  String env(String name) {
    return env.apply(name);
  }

  /** UTF-8 streams, no prompts: what tests use. */
  static Io of(InputStream in, PrintStream out, PrintStream err) {
    return new Io(in, out, err, StandardCharsets.UTF_8, false);
  }

  /** The process console, decoded like Python 3 does it (see {@link #consoleCharset()}). */
  static Io system() {
    Charset charset = consoleCharset();
    return new Io(System.in, new PrintStream(System.out, true, charset), new PrintStream(System.err, true, charset),
        charset, System.console() != null);
  }

  /**
   * The locale's charset, but UTF-8 under the plain C/POSIX locale, where Python 3.7+ also
   * switches to UTF-8 (PEP 538/540): the same typed line gives the same bytes in both languages.
   */
  static Charset consoleCharset() {
    Charset charset = Charsets.nativeCharset();
    return charset.equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : charset;
  }

  void prompt(String text) {
    if (interactive) {
      out.print(text);
      out.flush();
    }
  }

  /** Python's {@code input(prompt)}, but null at end of input instead of EOFError. */
  String input(String prompt) throws IOException {
    prompt(prompt);
    return in.readLine();
  }
}
