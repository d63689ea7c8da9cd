package io.jstruct.samples;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code java -jar jstruct-samples.jar NAME [--host H] [--port P] [options]}: runs one sample.
 *
 * <p>Exit codes: 0 done, 1 the sample failed (message on stderr), 2 bad command line (message
 * and usage on stderr).
 */
public final class Main {
  private Main() {}

  /** How a sample runs: parsed options in, exit code out. */
  interface Runner {
    int run(Args args, Io io) throws Exception;
  }

  private static final class Sample {
    final Supplier<Args.Spec> spec;
    final Runner runner;

    Sample(Supplier<Args.Spec> spec, Runner runner) {
      this.spec = spec;
      this.runner = runner;
    }
  }

  private static final Map<String, Sample> SAMPLES = new LinkedHashMap<>();

  static {
    add(UdpEchoServer::spec, UdpEchoServer::run);
    add(UdpEchoClient::spec, UdpEchoClient::run);
    add(UdpChatServer::spec, UdpChatServer::run);
    add(UdpChatClient::spec, UdpChatClient::run);
    add(StickyServer::spec, StickyServer::run);
    add(StickyClient::spec, StickyClient::run);
    add(ShellServer::spec, ShellServer::run);
    add(ShellClient::spec, ShellClient::run);
    add(FileServer::spec, FileServer::run);
    add(FileClient::spec, FileClient::run);
    add(Demo::spec, Demo::run);
    add(ChatHub::spec, ChatHub::run);
  }

  private static void add(Supplier<Args.Spec> spec, Runner runner) {
    SAMPLES.put(spec.get().command(), new Sample(spec, runner));
  }

  public static void main(String[] argv) {
    int code = run(argv, Io.system());
    System.out.flush();
    System.exit(code);
  }

  /** Runs one sample with the given console; returns the exit code. */
  static int run(String[] argv, Io io) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
      (argv.length == 0 ? io.err : io.out).print(usage());
      return argv.length == 0 ? 2 : 0;
    }
    Sample sample = SAMPLES.get(argv[0]);
    if (sample == null) {
      io.err.println("jstruct-samples: unknown sample '" + argv[0] + "'");
      io.err.print(usage());
      return 2;
    }
    Args.Spec spec = sample.spec.get();
    String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
    try {
      Args args = spec.parse(rest);
      if (args.helpRequested()) {
        io.out.print(spec.usage());
        return 0;
      }
      return sample.runner.run(args, io);
    } catch (UsageException e) {
      io.err.println(spec.command() + ": " + e.getMessage());
      io.err.print(spec.usage());
      return 2;
    } catch (Exception e) {
      io.err.println(spec.command() + ": " + describe(e));
      return 1;
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }

  static String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: java -jar jstruct-samples.jar NAME [--host HOST] [--port PORT] [options]\n");
    sb.append("       java -jar jstruct-samples.jar NAME --help\n\n");
    sb.append("The programs of a Python socket tutorial in Java, wire-compatible with the Python originals.\n");
    sb.append("Servers bind 127.0.0.1 unless --host says otherwise and print a line with 'listening' and the port.\n\n");
    sb.append("samples:\n");
    for (Map.Entry<String, Sample> e : SAMPLES.entrySet()) {
      sb.append(String.format("  %-17s %s%n", e.getKey(), e.getValue().spec.get().summary()));
    }
    return sb.toString();
  }
}
