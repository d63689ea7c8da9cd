package io.jstruct.samples;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of one sample: {@code --name value} options and {@code --flag} switches, each
 * declared with its default and help text, so that {@code --help} and the error for a bad option
 * come from the same table.
 *
 * <pre>{@code
 * Args.Spec spec = Args.spec("udp-echo-client", "sends stdin lines, prints the upper-cased replies")
 *     .hostAndPort(8080)
 *     .option("--timeout", "SECONDS", "5", "give up when no reply arrives in time");
 * Args args = spec.parse(new String[] {"--port", "9000"});
 * args.port();                 // 9000
 * args.seconds("--timeout");   // 5000 (milliseconds)
 * }</pre>
 *
 * Immutable once parsed; {@code --name=value} is accepted too.
 */
final class Args {
  private final Spec spec;
  private final Map<String, String> values;

  private Args(Spec spec, Map<String, String> values) {
    this.spec = spec;
    this.values = values;
  }

  static Spec spec(String command, String summary) {
    return new Spec(command, summary);
  }

  Spec spec() {
    return spec;
  }

  boolean helpRequested() {
    return values.containsKey("--help");
  }

  /** The option's value, or its default; null for an option without default that was not given. */
  String get(String name) {
    Option option = spec.options.get(name);
    if (option == null) {
      throw new IllegalArgumentException("undeclared option " + name); // a bug in the sample, not bad input
    }
    return values.getOrDefault(name, option.defaultValue);
  }

  boolean given(String name) {
    return values.containsKey(name);
  }

  boolean flag(String name) {
    return "true".equals(get(name));
  }

  String host() {
    return get("--host");
  }

  int port() throws UsageException {
    int port = integer("--port");
    if (port < 0 || port > 65_535) {
      throw new UsageException("--port must be between 0 and 65535: " + port);
    }
    return port;
  }

  int integer(String name) throws UsageException {
    long n = wholeNumber(name);
    if (n != (int) n) {
      throw new UsageException(name + " needs a whole number: '" + get(name) + "'");
    }
    return (int) n;
  }

  int positiveInteger(String name) throws UsageException {
    return (int) positive(name, integer(name));
  }

  long positiveLong(String name) throws UsageException {
    return positive(name, wholeNumber(name));
  }

  private long wholeNumber(String name) throws UsageException {
    String text = get(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a whole number: '" + text + "'");
    }
  }

  private static long positive(String name, long n) throws UsageException {
    if (n <= 0) {
      throw new UsageException(name + " must be positive: " + n);
    }
    return n;
  }

  /** An option given in (possibly fractional) seconds, as milliseconds; must be positive. */
  int seconds(String name) throws UsageException {
    String text = get(name);
    double seconds;
    try {
      seconds = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new UsageException(name + " needs a number of seconds: '" + text + "'");
    }
    if (!(seconds > 0) || seconds > 86_400) {
      throw new UsageException(name + " must be more than 0 and at most 86400 seconds: " + text);
    }
    return (int) Math.max(1, Math.round(seconds * 1000));
  }

  /** What "the seed" means, printed under any --help that uses the word. */
  static final String SEED = "\"The seed\": the Python socket tutorial (in Chinese) whose programs these samples port;\n"
      + "its programs, as the tests run them, are in samples/src/test/resources/python of the jstruct sources.";

  /** The declared options of one command, in the order --help lists them. */
  static final class Spec {
    private final String command;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private Spec(String command, String summary) {
      this.command = command;
      this.summary = summary;
    }

    String command() {
      return command;
    }

    String summary() {
      return summary;
    }

    Spec hostAndPort(int defaultPort) {
      option("--host", "HOST", "127.0.0.1", "address to bind or connect to");
      return option("--port", "PORT", Integer.toString(defaultPort), "UDP/TCP port (0 = any free port, servers only)");
    }

    Spec option(String name, String valueName, String defaultValue, String help) {
      options.put(name, new Option(name, valueName, defaultValue, help));
      return this;
    }

    Spec flag(String name, String help) {
      options.put(name, new Option(name, null, "false", help));
      return this;
    }

    /** A paragraph printed under the options: protocol notes, warnings, examples. */
    Spec note(String paragraph) {
      notes.add(paragraph);
      return this;
    }

    Args parse(String... argv) throws UsageException {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < argv.length; i++) {
        String arg = argv[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          values.put("--help", "true");
          continue;
        }
        String name = arg;
        String inline = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          inline = arg.substring(eq + 1);
        }
        Option option = options.get(name);
        if (option == null) {
          throw new UsageException(arg.startsWith("-")
              ? "unknown option " + name + " for " + command
              : "unexpected argument '" + arg + "' for " + command + " (options start with --)");
        }
        if (values.containsKey(name)) {
          throw new UsageException(name + " given twice");
        }
        if (option.isFlag()) {
          if (inline != null) {
            throw new UsageException(name + " takes no value");
          }
          values.put(name, "true");
        } else if (inline != null) {
          values.put(name, inline);
        } else if (i + 1 < argv.length) {
          values.put(name, argv[++i]);
        } else {
          throw new UsageException(name + " needs a value (" + option.valueName + ")");
        }
      }
      return new Args(this, values);
    }

    String usage() {
      StringBuilder sb = new StringBuilder();
      sb.append("usage: java -jar jstruct-samples.jar ").append(command).append(" [options]\n");
      sb.append("  ").append(summary).append("\n\noptions:\n");
      for (Option o : options.values()) {
        String left = o.isFlag() ? o.name : o.name + " " + o.valueName;
        sb.append(String.format("  %-22s %s", left, o.help));
        if (!o.isFlag() && o.defaultValue != null) {
          sb.append(" (default ").append(o.defaultValue).append(')');
        }
        sb.append('\n');
      }
      sb.append(String.format("  %-22s %s%n", "--help", "show this help"));
      for (String note : notes) {
        sb.append('\n').append(note).append('\n');
      }
      if (sb.indexOf("seed") >= 0) { // a word of this project's, defined wherever it is used
        sb.append('\n').append(SEED).append('\n');
      }
      return sb.toString();
    }
  }

  private static final class Option {
    final String name;
    final String valueName; // null for a flag
    final String defaultValue;
    final String help;

    Option(String name, String valueName, String defaultValue, String help) {
      this.name = name;
      this.valueName = valueName;
      this.defaultValue = defaultValue;
      this.help = help;
    }

    boolean isFlag() {
      return valueName == null;
    }
  }
}
