package io.jstruct.samples;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.FramingException;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import io.jstruct.framing.HeaderDictWriter;
import io.jstruct.framing.TruncatedFrameException;
import io.jstruct.samples.ShellProtocol.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
 *             if not cmd: break
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
 * {@link #serve} and {@link #handle} are those two loops. What they lean on, and a learner can
 * skip: {@link Guard} (clients served at once up to --max-clients, each command and reply within
 * --idle-timeout, survives "too many open files"), {@link ProcessGroup} (both pipes read at once,
 * --timeout, --max-output, nothing the command starts outlives it), {@link TokenCheck}, and the
 * security rules of {@link ShellProtocol#HELP}.
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
    /** The environment variable the token came from, hidden from commands; null if none. */
    final String tokenVariable;

    Config(Protocol protocol, String token, Charset encoding, long timeoutMillis, int maxOutput, int maxClients,
        int idleMillis, String tokenVariable) {
      this.protocol = protocol;
      this.token = token;
      this.encoding = encoding;
      this.timeoutMillis = timeoutMillis;
      this.maxOutput = maxOutput;
      this.maxClients = maxClients;
      this.idleMillis = idleMillis;
      this.tokenVariable = tokenVariable;
    }
  }

  private final Guard guard;
  private final Config config;
  private final PrintStream log;
  private final ProcessGroup runner;
  /** The reply formats, made once: the cap plus room for our notes. */
  private final FrameFormat lengthReplies;
  private final HeaderDictFormat jsonReplies;
  private volatile boolean stopping;
  /** Wrong tokens slow down per address. */
  private final TokenThrottle guesses = new TokenThrottle();

  private ShellServer(Guard guard, Config config, PrintStream log) {
    this.guard = guard;
    this.config = config;
    this.log = log;
    this.runner = new ProcessGroup(config.timeoutMillis, config.maxOutput, config.maxClients,
        config.tokenVariable == null ? Set.of() : Set.of(config.tokenVariable));
    this.lengthReplies = ShellProtocol.lengthReply(config.maxOutput + 1024L);
    this.jsonReplies = ShellProtocol.jsonReply(config.maxOutput + 1024L);
    guard.hideInLog(config.token);
  }

  /**
   * Binds, after the security checks: a shell on anything but loopback needs a token, and a
   * token needs the json protocol, which has a header to carry it.
   */
  static ShellServer bind(InetSocketAddress address, Config config, PrintStream log) throws IOException, UsageException {
    checkSecurity(address.getAddress(), config);
    return new ShellServer(Guard.listen(address, "shell", config.maxClients, config.idleMillis, log), config, log);
  }

  static void checkSecurity(InetAddress host, Config config) throws UsageException {
    if (config.token != null && config.protocol != Protocol.JSON) {
      throw new UsageException("--token needs --protocol json: the token travels in the command's JSON header");
    }
    TokenCheck.requireOffLoopback(host, config.token, "a remote shell (remote code execution)");
  }

  InetSocketAddress address() {
    return guard.address();
  }

  Guard guard() {
    return guard;
  }

  /** {@code while True: conn, addr = cs.accept(); ...}, each client on its own thread. */
  void serve() throws IOException {
    guard.serve(this::handle, why -> reply(null, why)); // a refused client is told why
  }

  /** One client, command after command, until it leaves: the seed's inner loop. */
  private void handle(Guard.Connection conn) throws IOException {
    CommandSource commands = config.token == null ? rawCommands(conn) : checkedCommands(conn);
    while (true) {
      byte[] cmd = commands.recv(); // cmd = conn.recv(1024); begun within --idle-timeout, whole within 30 s
      if (cmd == null) {
        return; // if not cmd: break
      }
      conn.busy(() -> { // a command runs: meanwhile its slot is not given to a newcomer
        ProcessGroup.Result res = run(conn.who, cmd); // res = subprocess.Popen(cmd.decode('utf-8'), shell=True, ...)
        if (!stopping) {
          conn.send(() -> sendReply(conn, res)); // conn.send(header); conn.send(stdout); conn.send(stderr)
        }
        return null;
      });
      if (stopping) {
        return; // the command was killed because the server is stopping: no reply, the connection closes
      }
    }
  }

  // ---- the details: receiving commands, decoding, running, logging, and the reply's bytes

  /** Where a client's commands come from: null when it is done (or was refused). */
  private interface CommandSource {
    byte[] recv() throws IOException;
  }

  /** Without a token: a command is whatever one recv returns, as the seed's client sends it. */
  private static CommandSource rawCommands(Guard.Connection conn) {
    byte[] buffer = new byte[ShellProtocol.MAX_RAW_COMMAND];
    return () -> {
      int n = conn.next(() -> conn.in.read(buffer));
      return n < 0 ? null : Arrays.copyOf(buffer, n);
    };
  }

  /**
   * With a token: a command frame whose header carries it. A frame the server cannot accept is
   * answered with why, then the connection closes; so does a wrong token (one guess per connection).
   */
  private CommandSource checkedCommands(Guard.Connection conn) {
    HeaderDictReader framed = new HeaderDictReader(conn.in, ShellProtocol.COMMAND);
    return () -> {
      HeaderDictFrame frame;
      try {
        frame = conn.next(framed::read);
      } catch (TruncatedFrameException e) {
        throw e; // the client is gone mid-frame: nobody to answer
      } catch (FramingException e) { // over the limits, or not a JSON object: say why, then close
        conn.send(() -> conn.out.write(reply(null, "bad command frame: " + Servers.shorten(e.getMessage()))));
        conn.endAfterAnswer();
        throw e;
      }
      if (frame == null) {
        return null;
      }
      String refused = guesses.check(conn.socket.getInetAddress(), frame.header().get(TokenCheck.KEY), config.token);
      if (refused != null) {
        log.println(conn.who + ": " + refused + ", connection closed");
        conn.send(() -> conn.out.write(reply(null, refused)));
        return null;
      }
      return frame.payload();
    };
  }

  /** Runs the command; a command that cannot run gets a result that says why. */
  private ProcessGroup.Result run(String who, byte[] cmd) {
    String command;
    try {
      command = decodeUtf8(cmd);
    } catch (CharacterCodingException e) {
      log.println(who + ": command is not valid UTF-8: " + PyBytes.repr(cmd));
      return failed("command is not valid UTF-8, not run");
    }
    ProcessGroup.Result r;
    try {
      r = runner.run(command);
    } catch (IOException e) { // a NUL byte in the command, no shell, no processes left, stuck readers
      log.println(who + ": could not run " + PyBytes.repr(command) + ": " + e.getMessage());
      return failed("could not run the command: " + e.getMessage());
    }
    String ran = who + " $ " + PyBytes.repr(command) + "  -> " + r.totalSize() + " bytes, exit " + r.exitCode
        + (r.timedOut ? ", timed out" : "") + (r.truncated ? ", truncated" : "");
    FloodSafeLog.println(log, ran, config.token != null); // a flood of wrong tokens cannot hide it
    return withNotes(r);
  }

  private ProcessGroup.Result failed(String why) {
    return new ProcessGroup.Result(new byte[0], note(why), -1, false, false, 0);
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
  private ProcessGroup.Result withNotes(ProcessGroup.Result r) {
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
    return new ProcessGroup.Result(r.stdout, stderr, r.exitCode, r.timedOut, r.truncated, r.killedProcesses);
  }

  private byte[] note(String text) {
    return ("\n[shell-server: " + text + "]\n").getBytes(config.encoding);
  }

  /**
   * Writes a command's reply straight to the client: the header, then stdout and stderr from
   * the arrays they were read into, with no concatenated copy and no frame buffer, so a reply
   * of --max-output bytes costs the heap that much only a few times over ({@link #REPLY_COPIES}).
   */
  private void sendReply(Guard.Connection conn, ProcessGroup.Result r) throws IOException {
    long total = (long) r.stdout.length + r.stderr.length;
    java.io.InputStream output = new java.io.SequenceInputStream(
        new java.io.ByteArrayInputStream(r.stdout), new java.io.ByteArrayInputStream(r.stderr));
    if (config.protocol == Protocol.LENGTH) {
      new FrameWriter(conn.out, lengthReplies).write(output, total);
    } else {
      new HeaderDictWriter(conn.out, jsonReplies).write(resultHeader(r), output, total);
    }
  }

  private Map<String, Object> resultHeader(ProcessGroup.Result r) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(ShellProtocol.ENCODING_KEY, config.encoding.name());
    header.put("stdout_size", r.stdout.length);
    header.put("stderr_size", r.stderr.length);
    header.put("exit_code", r.exitCode);
    header.put("timed_out", r.timedOut);
    header.put("truncated", r.truncated);
    return header;
  }

  /**
   * One reply's bytes: the result (stdout + stderr behind the header), or, with {@code error}
   * set and the json protocol, an error header; a length reply carries the error as output.
   */
  private byte[] reply(ProcessGroup.Result r, String error) throws IOException {
    if (r == null) {
      r = failed(error);
    }
    byte[] output = Arrays.copyOf(r.stdout, r.stdout.length + r.stderr.length); // stdout + stderr
    System.arraycopy(r.stderr, 0, output, r.stdout.length, r.stderr.length);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(output.length + 256);
    if (config.protocol == Protocol.LENGTH) {
      new FrameWriter(bytes, lengthReplies).write(output);
    } else {
      Map<String, Object> header = new LinkedHashMap<>();
      header.put(ShellProtocol.ENCODING_KEY, config.encoding.name());
      if (error != null) {
        header.put(ShellProtocol.ERROR_KEY, error);
      } else {
        header = resultHeader(r);
      }
      new HeaderDictWriter(bytes, jsonReplies).write(header, output);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() throws IOException {
    stopping = true; // before the commands die, so their handlers see it and send nothing
    // Commands first: whatever else fails while stopping, no command may outlive the server.
    runner.close();
    guard.close();
  }

  static Args.Spec spec() {
    Args.Spec spec = Args.spec("shell-server", "remote shell over TCP: runs each command received, replies stdout+stderr behind a header"
        + " (remote code execution: read the WARNING below)")
        .hostAndPort(8082)
        .option("--protocol", "length|json", "length", "reply header: struct.pack('i', total_size), or a JSON header dict");
    return TokenCheck.options(spec, "shared secret every client must present (json protocol); required with a non-loopback --host")
        .option("--encoding", "CHARSET", Charsets.nativeCharset().name(), "charset the commands print in, sent in the json header")
        .option("--timeout", "SECONDS", "10", "kill a command (and every process it started) after this long")
        .option("--max-output", "BYTES", Integer.toString(1024 * 1024), "cut a command's stdout+stderr here and kill it")
        .option("--max-clients", "N", "16", "clients served at once; when all are taken, one not running a command"
            + " gives its slot to a newcomer (first one that never had a command accepted, then the one idle"
            + " longest) and is told why; if every one is busy, the newcomer is refused with a reason")
        .option("--idle-timeout", "SECONDS", "600", "close a connection that sends no command for this long (once begun, a command must arrive within 30 s)")
        .note(ShellProtocol.HELP)
        .note(TokenCheck.HELP + " The server removes a --token-env variable from the commands' environment.");
  }

  static Config config(Args args) throws UsageException {
    return config(args, Io.of(InputStream.nullInputStream(), System.out, System.err));
  }

  /**
   * Copies of a reply that can be in the heap at once: the pipe readers' buffers (which grow by
   * doubling, so up to twice the output) and the taken bytes; the reply is written from those.
   */
  static final int REPLY_COPIES = 3;

  static Config config(Args args, Io io) throws UsageException {
    String token = TokenCheck.forServer(args, io);
    long worst = (long) REPLY_COPIES * args.positiveInteger("--max-output") * args.positiveInteger("--max-clients");
    long heap = Runtime.getRuntime().maxMemory();
    if (worst > heap) { // else a few clients with big outputs end in OutOfMemoryError
      throw new UsageException("--max-output x --max-clients x " + REPLY_COPIES + " copies of a reply is "
          + (worst >> 20) + " MiB, more than the heap (" + (heap >> 20) + " MiB): lower them or raise -Xmx");
    }
    return new Config(Protocol.parse(args.get("--protocol")), token,
        Charsets.forOption("--encoding", args.get("--encoding")), args.seconds("--timeout"),
        args.positiveInteger("--max-output"), args.positiveInteger("--max-clients"), args.seconds("--idle-timeout"),
        args.get("--token-env"));
  }

  static int run(Args args, Io io) throws Exception {
    Config config = config(args, io);
    try (ShellServer server = bind(Servers.bindAddress(args), config, new FloodSafeLog(io.out))) {
      io.out.println(Servers.listeningLine("shell-server", server.address()) + " (protocol "
          + config.protocol.name().toLowerCase(Locale.ROOT) + (config.token != null ? ", token required" : "")
          + "); anyone who can connect runs commands as you");
      Servers.runUntilStopped(server, server::serve);
    }
    return 0;
  }
}
