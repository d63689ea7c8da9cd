package io.jstruct.samples;

import java.util.Locale;

/**
 * The {@code chat-hub} command: options in, a {@link ChatHub} running until stopped. Kept apart
 * from {@link ChatHub}, and free of Netty types, because {@link Main} builds every sample's options
 * when it starts: only a JVM that runs the hub loads Netty's classes and opens its jars (a server
 * started with {@code ulimit -n 64} has no descriptors to spare for them).
 */
final class ChatHubCommand {
  private ChatHubCommand() {}

  static Args.Spec spec() {
    return Args.spec("chat-hub", "TCP chat on Netty: every framed message (struct.pack('!I', len) + bytes) goes to every other client")
        .hostAndPort(8090)
        .option("--framing", "length|json", "length", "frames: struct.pack('!I', len) + bytes, or the tutorial's header dicts")
        .option("--max-clients", "N", "10000", "clients connected at once; more are refused")
        .option("--max-message", "BYTES", Integer.toString(64 * 1024), "largest message; longer ones are skipped, not relayed")
        .option("--idle-timeout", "SECONDS", "600", "disconnect a client that sends no whole message for this long")
        .option("--write-timeout", "SECONDS", "30", "disconnect a client that does not take a message for this long")
        .option("--queue", "BYTES", Integer.toString(256 * 1024), "bytes waiting to go to one client, at most (plus one message)")
        .option("--slow", "drop|disconnect", "drop", "for a client whose queue is full: drop its messages, or disconnect it")
        .flag("--echo", "send each message back to its sender only (for load drivers)")
        .flag("--quiet", "print only the listening line");
  }

  static ChatHub.Config config(Args args) throws UsageException {
    String framing = args.get("--framing");
    if (!framing.equals("length") && !framing.equals("json")) {
      throw new UsageException("--framing must be 'length' or 'json': '" + framing + "'");
    }
    return new ChatHub.Config(framing.equals("json"), args.flag("--echo"),
        args.positiveInteger("--max-clients"), args.positiveInteger("--max-message"),
        args.seconds("--idle-timeout"), args.seconds("--write-timeout"),
        args.positiveInteger("--queue"), ChatHub.SlowPolicy.parse(args.get("--slow")), args.flag("--quiet"));
  }

  static int run(Args args, Io io) throws Exception {
    ChatHub.Config config = config(args);
    try (ChatHub hub = ChatHub.bind(Servers.bindAddress(args), config, new FloodSafeLog(io.out))) {
      io.out.println(Servers.listeningLine("chat-hub", hub.address()) + " ("
          + (config.json ? "header dicts" : "length frames '" + ChatHub.LENGTH_FORMAT + "'")
          + (config.echo ? ", echo" : "") + ", slow consumers: "
          + config.slow.name().toLowerCase(Locale.ROOT) + ")");
      io.out.flush();
      Servers.runUntilStopped(hub, hub::serve);
    }
    return 0;
  }
}
