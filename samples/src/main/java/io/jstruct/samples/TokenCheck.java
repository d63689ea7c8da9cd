package io.jstruct.samples;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The shared secret of shell-server and file-server, and where it comes from. A learner can skip
 * this class: the seed has no token.
 *
 * <p>Three sources, one at most: {@code --token SECRET} is simplest but every local user can read
 * it in the process list ({@code ps -ef}, {@code /proc/PID/cmdline}); {@code --token-file FILE}
 * (first line) keeps it out of the process list and is protected by the file's permissions;
 * {@code --token-env NAME} reads the environment variable NAME, which only the same user (and
 * root) can read in {@code /proc/PID/environ}, but which every child process inherits: the
 * shell server's commands could print it, so the server removes it from their environment.
 */
final class TokenCheck {
  private TokenCheck() {}

  /** Shorter tokens get a warning: 32 hex digits (128 bits) cannot be guessed one connection at a time. */
  static final int MIN_GOOD_LENGTH = 16;

  /** The header-dict key the token travels in (shell commands and file uploads alike). */
  static final String KEY = "token";

  static final String HELP = "Token: --token SECRET is visible to every local user in the process list (ps);\n"
      + "--token-file FILE (its first line; chmod 600 it) or --token-env NAME (an environment variable) are not.";

  /** Adds --token, --token-file and --token-env to a command line. */
  static Args.Spec options(Args.Spec spec, String what) {
    return spec
        .option("--token", "SECRET", null, what + " (visible in the process list: prefer the next two)")
        .option("--token-file", "FILE", null, "read the token from the first line of FILE")
        .option("--token-env", "NAME", null, "read the token from the environment variable NAME");
  }

  /** The token from whichever of the three options was given, or null for none. */
  static String from(Args args, Io io) throws UsageException {
    int given = (args.get("--token") != null ? 1 : 0) + (args.get("--token-file") != null ? 1 : 0)
        + (args.get("--token-env") != null ? 1 : 0);
    if (given > 1) {
      throw new UsageException("give the token once: --token, --token-file or --token-env");
    }
    String token = args.get("--token");
    if (args.get("--token-file") != null) {
      token = readFile(args.get("--token-file"));
    } else if (args.get("--token-env") != null) {
      token = io.env(args.get("--token-env"));
      if (token == null) {
        throw new UsageException("--token-env: the environment variable " + args.get("--token-env") + " is not set");
      }
    }
    if (token != null && token.isEmpty()) {
      throw new UsageException("the token must not be empty");
    }
    return token;
  }

  private static String readFile(String name) throws UsageException {
    try {
      String text = Files.readString(Path.of(name), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      String line = end < 0 ? text : text.substring(0, end);
      return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    } catch (IOException | RuntimeException e) {
      throw new UsageException("--token-file: cannot read '" + name + "': " + e.getMessage());
    }
  }

  /** The token of a server; a short one gets a warning on stderr. */
  static String forServer(Args args, Io io) throws UsageException {
    String token = from(args, io);
    if (token != null && token.length() < MIN_GOOD_LENGTH) {
      io.err.println("warning: a token of " + token.length() + " characters can be guessed (one guess per connection,"
          + " thousands of connections a second); use " + MIN_GOOD_LENGTH + " or more, e.g. openssl rand -hex 16");
    }
    return token;
  }

  /**
   * A server that acts for its clients (runs commands, writes files) stays on loopback unless
   * told otherwise, and off loopback it needs a shared secret.
   */
  static void requireOffLoopback(InetAddress host, String token, String what) throws UsageException {
    if (!host.isLoopbackAddress() && token == null) {
      throw new UsageException("refusing to serve " + what + " on " + host.getHostAddress()
          + " without --token (or --token-file, --token-env): anyone who can reach it could use it");
    }
  }

  /** A {@code "token": "..."} pair, its value up to the closing quote or the end of a quoted snippet. */
  private static final java.util.regex.Pattern TOKEN_VALUE =
      java.util.regex.Pattern.compile("(\"" + KEY + "\"\\s*:\\s*\")[^\"']*\"?");

  /**
   * The text with every token value hidden, for the log: a framing error quotes the start of the
   * header it rejects, and the token comes first there ({@code {"token": "...", "total_size": n}}),
   * so a token holder's malformed frame would put the secret in a log that more people read than
   * the token file. (The error reply quotes it too, but goes back to the sender only.)
   */
  static String redact(String text) {
    return redact(text, null);
  }

  /**
   * {@link #redact(String)}, and also every occurrence of the server's own token, or of its
   * first four characters or more (a quoted snippet ends mid-token): the pattern alone misses a
   * token that contains a quote, or a key written with JSON escapes ({@code "tok\u0065n"}).
   */
  static String redact(String text, String token) {
    String hidden = text;
    if (token != null) { // first: the pattern stops at a quote inside the token and would cut it
      for (int length = token.length(); length >= Math.min(4, token.length()); length--) {
        hidden = hidden.replace(token.substring(0, length), "***");
      }
    }
    return TOKEN_VALUE.matcher(hidden).replaceAll("$1***\"");
  }

  /** Compares a presented token with the expected one in constant time. */
  static boolean matches(Object presented, String expected) {
    if (!(presented instanceof String)) {
      return false;
    }
    // how long the comparison takes says nothing about how much of the token matched
    return MessageDigest.isEqual(((String) presented).getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8));
  }
}
