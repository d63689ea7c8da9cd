package io.jstruct.samples;

import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.samples.ShellProtocol.Protocol;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * The seed's remote shell server ("ssh"), with the tutorial's fix: a header says how long the
 * reply is, so the client knows where one command's output ends.
 *
 * <pre>{@code
 * while True:
 *     conn, addr = cs.accept()
 *     while True:
 *         try:
 *             cmd = conn.recv(1024)
 *             res = subprocess.Popen(cmd.decode('utf-8'), shell=True,
 *                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
 *             stdout = res.stdout.read()
 *             stderr = res.stderr.read()
 *             conn.send(struct.pack('i', len(stdout) + len(stderr)))   # the fixed-length header
 *             conn.send(stdout)
 *             conn.send(stderr)
 *         except Exception:
 *             break
 *     conn.close()
 * }</pre>
 *
 * Differences, each for a reason: clients are served at once, each on its own thread (the seed
 * serves one, the others wait in listen(5)); a client that sends garbage or vanishes costs only
 * its own connection; commands run through {@link CommandRunner} (timeout, process-tree kill,
 * output cap, no stdout/stderr deadlock); and the security rules of {@link ShellProtocol#HELP}.
 */
final class ShellServer implements Closeable {

  /** Everything the server is told on the command line. */
  static final class Config {
    final Protocol protocol;
    final String token; // null: commands arrive raw, as the seed's client sends them
    final Charset encoding;
    final long timeoutMillis;
    final int maxOutput;
    final int maxClients;
    final int idleMillis;

    Config(Protocol protocol, String token, Charset encoding, long timeoutMillis, int maxOutput, int maxClients,
        int idleMillis) {
      this.protocol = protocol;
      this.token = token;
      this.encoding = encoding;
      this.timeoutMillis = timeoutMillis;
      this.maxOutput = maxOutput;
      this.maxClients = maxClients;
      this.idleMillis = idleMillis;
    }
  }

  private final ServerSocket listener;
  private final Config config;
  private final PrintStream log;
  private final CommandRunner runner;
  private final Semaphore slots;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final ExecutorService handlers = Servers.handlerThreads("shell-connection");

  private ShellServer(ServerSocket listener, Config config, PrintStream log) {
    this.listener = listener;
    this.config = config;
    this.log = log;
    this.runner = new CommandRunner(config.timeoutMillis, config.maxOutput);
    this.slots = new Semaphore(config.maxClients);
  }

  /**
   * Binds, after the security checks: a shell on anything but loopback needs a token, and a
   * token needs the json protocol, which has a header to carry it.
   */
  static ShellServer bind(InetSocketAddress address, Config config, PrintStream log) throws IOException, UsageException {
    checkSecurity(address.getAddress(), config);
    ServerSocket listener = Servers.listen(address, 50);
    return new ShellServer(listener, config, log);
  }

  static void checkSecurity(InetAddress host, Config config) throws UsageException {
    if (config.token != null && config.protocol != Protocol.JSON) {
      throw new UsageException("--token needs --protocol json: the token travels in the command's JSON header");
    }
    Servers.requireTokenOffLoopback(host, config.token, "a remote shell (remote code execution)");
  }

  InetSocketAddress address() {
    return (InetSocketAddress) listener.getLocalSocketAddress();
  }

  void serve() throws IOException {
    while (!listener.isClosed()) {
      Socket conn = Servers.accept(listener);
      if (conn == null) {
        return;
      }
      if (!slots.tryAcquire()) {
        log.println("refused " + PyBytes.address(conn.getRemoteSocketAddress()) + ": already " + config.maxClients
            + " clients (--max-clients)");
        conn.close();
        continue;
      }
      connections.add(conn);
      handlers.execute(() -> {
        try {
          handle(conn);
        } finally {
          connections.remove(conn);
          slots.release();
          log.println("<-------- " + PyBytes.address(conn.getRemoteSocketAddress())); // after the slot is free
        }
      });
    }
  }

  /** One client, command after command, until it leaves; nothing it does escapes this method. */
  private void handle(Socket conn) {
    String who = PyBytes.address(conn.getRemoteSocketAddress());
    log.println("--------> " + who);
    try (conn) {
      // A client that connects and then says nothing (or half a frame) would hold one of the
      // --max-clients slots for ever; the seed's client may sit in input() a while, so be generous.
      conn.setSoTimeout(config.idleMillis);
      InputStream in = conn.getInputStream();
      OutputStream out = conn.getOutputStream();
      HeaderDictReader framedCommands = config.token == null ? null : new HeaderDictReader(in, ShellProtocol.command());
      byte[] buffer = new byte[ShellProtocol.MAX_RAW_COMMAND];
      while (true) {
        byte[] cmd;
        if (framedCommands == null) {
          int n = in.read(buffer); // cmd = conn.recv(1024)
          if (n < 0) {
            break; // the client closed: the seed's Linux version would loop on b'' forever
          }
          cmd = Arrays.copyOf(buffer, n);
        } else {
          HeaderDictFrame frame = framedCommands.read();
          if (frame == null) {
            break;
          }
          if (!Servers.tokenMatches(frame.header().get(ShellProtocol.TOKEN_KEY), config.token)) {
            log.println(who + ": wrong or missing token, connection closed");
            sendError(out, "wrong or missing token");
            break;
          }
          cmd = frame.payload();
        }
        String command;
        try {
          command = decodeUtf8(cmd);
        } catch (CharacterCodingException e) {
          log.println(who + ": command is not valid UTF-8: " + PyBytes.repr(cmd));
          reply(out, new CommandRunner.Result(new byte[0], note("command is not valid UTF-8, not run"), -1, false, false, 0));
          continue;
        }
        CommandRunner.Result result;
        try {
          result = runner.run(command);
        } catch (IOException e) { // could not start: a NUL byte in the command, no shell, no processes left
          log.println(who + ": could not run " + PyBytes.repr(cmd) + ": " + e.getMessage());
          reply(out, new CommandRunner.Result(new byte[0], note("could not run the command: " + e.getMessage()), -1, false, false, 0));
          continue;
        }
        log.println(who + " $ " + command + "  -> " + result.totalSize() + " bytes, exit " + result.exitCode
            + (result.timedOut ? ", timed out" : "") + (result.truncated ? ", truncated" : ""));
        reply(out, withNotes(result));
      }
    } catch (FramingException e) {
      log.println(who + ": bad command frame, connection closed: " + e.getMessage());
    } catch (java.net.SocketTimeoutException e) {
      log.println(who + ": idle for " + config.idleMillis / 1000.0 + " s (--idle-timeout), connection closed");
    } catch (IOException | RuntimeException e) {
      if (!listener.isClosed()) {
        log.println(who + ": connection lost: " + e);
      }
    }
  }

  /** Python's {@code cmd.decode('utf-8')}, which raises on invalid bytes instead of guessing. */
  private static String decodeUtf8(byte[] cmd) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(cmd))
        .toString();
  }

  /** The command's own stderr, then a line saying what we did to it, if anything. */
  private CommandRunner.Result withNotes(CommandRunner.Result r) {
    StringBuilder notes = new StringBuilder();
    if (r.timedOut) {
      notes.append("timed out after ").append(config.timeoutMillis / 1000.0).append(" s; killed ")
          .append(r.killedProcesses).append(" process(es)");
    }
    if (r.truncated) {
      notes.append(notes.length() > 0 ? "; " : "").append("output cut at ").append(config.maxOutput)
          .append(" bytes (--max-output); command killed");
    }
    if (notes.length() == 0) {
      return r;
    }
    byte[] note = note(notes.toString());
    byte[] stderr = Arrays.copyOf(r.stderr, r.stderr.length + note.length);
    System.arraycopy(note, 0, stderr, r.stderr.length, note.length);
    return new CommandRunner.Result(r.stdout, stderr, r.exitCode, r.timedOut, r.truncated, r.killedProcesses);
  }

  private byte[] note(String text) {
    return ("\n[shell-server: " + text + "]\n").getBytes(config.encoding);
  }

  private void reply(OutputStream out, CommandRunner.Result r) throws IOException {
    byte[] output = Arrays.copyOf(r.stdout, r.stdout.length + r.stderr.length); // stdout + stderr
    System.arraycopy(r.stderr, 0, output, r.stdout.length, r.stderr.length);
    long max = maxReply();
    if (config.protocol == Protocol.LENGTH) {
      new FrameWriter(out, ShellProtocol.lengthReply(max)).write(output);
    } else {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put(ShellProtocol.ENCODING_KEY, config.encoding.name());
      header.put("stdout_size", r.stdout.length);
      header.put("stderr_size", r.stderr.length);
      header.put("exit_code", r.exitCode);
      header.put("timed_out", r.timedOut);
      header.put("truncated", r.truncated);
      new HeaderDictWriter(out, ShellProtocol.jsonReply(max)).write(header, output);
    }
  }

  private void sendError(OutputStream out, String message) throws IOException {
    byte[] text = note(message);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(ShellProtocol.ENCODING_KEY, config.encoding.name());
    header.put(ShellProtocol.ERROR_KEY, message);
    new HeaderDictWriter(out, ShellProtocol.jsonReply(maxReply())).write(header, text);
  }

  /** The cap plus room for our notes. */
  private long maxReply() {
    return (long) config.maxOutput + 1024;
  }

  @Override
  public void close() throws IOException {
    // Commands first: whatever else fails while stopping, no command may outlive the server.
    runner.close();
    Servers.stop(listener, connections, handlers);
  }

  static Args.Spec spec() {
    return Args.spec("shell-server", "remote shell over TCP: runs each command received, replies stdout+stderr behind a header"
        + " (remote code execution: read the WARNING below)")
        .hostAndPort(8082)
        .option("--protocol", "length|json", "length", "reply header: struct.pack('i', total_size), or a JSON header dict")
        .option("--token", "SECRET", null, "shared secret every client must present (json protocol); required with a non-loopback --host")
        .option("--encoding", "CHARSET", Charsets.nativeCharset().name(), "charset the commands print in, sent in the json header")
        .option("--timeout", "SECONDS", "10", "kill a command (and every process it started) after this long")
        .option("--max-output", "BYTES", Integer.toString(1024 * 1024), "cut a command's stdout+stderr here and kill it")
        .option("--max-clients", "N", "16", "clients served at once; more are refused")
        .option("--idle-timeout", "SECONDS", "600", "close a connection that sends nothing for this long")
        .note(ShellProtocol.HELP);
  }

  static Config config(Args args) throws UsageException {
    String token = args.get("--token");
    return new Config(Protocol.parse(args.get("--protocol")), token,
        Charsets.forOption("--encoding", args.get("--encoding")), args.seconds("--timeout"),
        args.positiveInteger("--max-output"), args.positiveInteger("--max-clients"), args.seconds("--idle-timeout"));
  }

  static int run(Args args, Io io) throws Exception {
    Config config = config(args);
    try (ShellServer server = bind(Servers.bindAddress(args), config, io.out)) {
      io.out.println(Servers.listeningLine("shell-server", server.address()) + " (protocol "
          + config.protocol.name().toLowerCase(java.util.Locale.ROOT) + (config.token != null ? ", token required" : "")
          + "); anyone who can connect runs commands as you");
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
