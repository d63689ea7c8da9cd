package io.jstruct.samples;

import io.jstruct.Struct;
import io.jstruct.StructError;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.framing.HeaderDictFrame;
import io.jstruct.framing.HeaderDictReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A tour of everything, in one process, on loopback, on free ports: struct, the UDP echo, the
 * sticky packets and their cure, the remote shell, the file transfer. Every server and client
 * here is the same code the jar runs by name.
 */
final class Demo {
  private Demo() {}

  private static final InetSocketAddress ANY_FREE_PORT = new InetSocketAddress("127.0.0.1", 0);

  static Args.Spec spec() {
    return Args.spec("demo", "a short tour of everything on loopback with free ports; exits 0");
  }

  static int run(Args args, Io io) throws Exception {
    PrintStream out = io.out;
    PrintStream server = new LinePrefixStream(out, "    [server] ");
    structs(out);
    udpEcho(out, server, io.err);
    sticky(out, server, io.err, false);
    sticky(out, server, io.err, true);
    shell(out, io.err);
    fileTransfer(out, server, io.err);
    out.println();
    out.println("Done: every sample above is also a command of this jar; see java -jar jstruct-samples.jar --help");
    return 0;
  }

  private static void title(PrintStream out, String text) {
    out.println();
    out.println("== " + text);
  }

  private static void structs(PrintStream out) {
    title(out, "struct: Python's struct module, the same bytes");
    byte[] header = Struct.pack("i", 11111);
    out.println("struct.pack('i', 11111)         -> " + hex(header) + "   (native int: 4 bytes, little-endian here)");
    out.println("struct.pack('!i', 11111)        -> " + hex(Struct.pack("!i", 11111)) + "   (network order: big-endian)");
    out.println("struct.unpack('i', that)[0]     -> " + Struct.unpack("i", header)[0]);
    byte[] mixed = Struct.pack("!HIq", 1, 2L, -1L);
    out.println("struct.pack('!HIq', 1, 2, -1)   -> " + hex(mixed));
    out.println("struct.unpack('!HIq', that)     -> " + Arrays.toString(Struct.unpack("!HIq", mixed)));
    try {
      Struct.pack("i", 11111111111L);
    } catch (StructError e) {
      out.println("struct.pack('i', 11111111111)   -> struct.error: " + e.getMessage());
    }
  }

  private static void udpEcho(PrintStream out, PrintStream serverLog, PrintStream err) throws Exception {
    title(out, "udp-echo: the server upper-cases each datagram (bytes.upper(): ASCII only)");
    Thread loop;
    try (UdpEchoServer server = UdpEchoServer.bind(ANY_FREE_PORT, serverLog)) {
      loop = start("udp-echo-server", server::serve);
      out.println("client sends 'hello jstruct' and 'héllo' to port " + server.address().getPort() + ":");
      runClient(UdpEchoClient.spec(), UdpEchoClient::run, "hello jstruct\nhéllo\n", out, err,
          "--port", port(server.address()));
    }
    loop.join(); // the server is closed: its loop ends
  }

  private static void sticky(PrintStream out, PrintStream serverLog, PrintStream err, boolean framed) throws Exception {
    title(out, framed
        ? "sticky --framed: the same two sends behind struct.pack('i', len) headers come out apart"
        : "sticky: two quick send()s on raw TCP arrive glued in one recv (粘包)");
    Thread loop;
    try (StickyServer server = StickyServer.bind(ANY_FREE_PORT, framed, 300, serverLog)) {
      loop = start("sticky-server", server::serve);
      out.println("client sends 'hello' then 'world'" + (framed ? " as two frames" : "") + "; the server waits 0.3 s, then reads:");
      String[] options = framed ? new String[] {"--port", port(server.address()), "--framed"}
          : new String[] {"--port", port(server.address())};
      runClient(StickyClient.spec(), StickyClient::run, "hello\nworld\n", OutputStream.nullOutputStream(), err, options);
      if (!server.awaitHandled(1, 10_000)) {
        throw new IOException("the sticky server did not finish in 10 s");
      }
    }
    loop.join(); // the server is closed: its loop ends
  }

  private static void shell(PrintStream out, PrintStream err) throws Exception {
    title(out, "shell --protocol json: a command's output behind a JSON header dict (a harmless 'echo')");
    ShellServer.Config config = new ShellServer.Config(ShellProtocol.Protocol.JSON, null, Charsets.nativeCharset(),
        10_000, 1024 * 1024, 4, 60_000, null);
    Thread loop;
    try (ShellServer server = ShellServer.bind(ANY_FREE_PORT, config, new PrintStream(OutputStream.nullOutputStream()))) {
      loop = start("shell-server", server::serve);
      out.println("by hand, as the seed's client does: send the command, recv the 4-byte length, the header, the output:");
      try (java.net.Socket raw = new java.net.Socket(server.address().getAddress(), server.address().getPort())) {
        raw.getOutputStream().write("echo hello from the shell".getBytes(StandardCharsets.UTF_8));
        java.io.DataInputStream in = new java.io.DataInputStream(raw.getInputStream());
        byte[] length = new byte[4];
        in.readFully(length);
        int headerLength = (Integer) Struct.unpack("i", length)[0];
        byte[] header = new byte[headerLength];
        in.readFully(header);
        out.println("    struct.unpack('i', " + hex(length) + ") -> " + headerLength);
        out.println("    header: " + new String(header, StandardCharsets.UTF_8));
        // hand the bytes read so far back, in front of the rest, to the reader that parses them
        byte[] seen = Arrays.copyOf(length, 4 + headerLength);
        System.arraycopy(header, 0, seen, 4, headerLength);
        HeaderDictFrame reply = new HeaderDictReader(new SequenceInputStream(new ByteArrayInputStream(seen), in),
            HeaderDictFormat.standard()).read();
        out.println("    output (total_size " + reply.header().get("total_size") + " bytes): " + PyBytes.repr(reply.payload()));
      }
      out.println("and with shell-client, which does all that with a HeaderDictReader:");
      runClient(ShellClient.spec(), ShellClient::run, "echo hello from the shell\n", out, err,
          "--port", port(server.address()), "--protocol", "json");
    }
    loop.join(); // the server is closed: its loop ends
  }

  private static void fileTransfer(PrintStream out, PrintStream serverLog, PrintStream err) throws Exception {
    title(out, "file transfer: header dict {name, size, sha256} + streamed bytes, verified on arrival");
    Path work = Files.createTempDirectory("jstruct-demo-");
    try {
      Path file = work.resolve("hello.txt");
      Files.write(file, "hello, file transfer\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
      Thread loop;
      try (FileServer server = FileServer.bind(ANY_FREE_PORT, work.resolve("received"), 1 << 20, null, serverLog)) {
        loop = start("file-server", server::serve);
        runClient(FileClient.spec(), FileClient::run, file + "\n", out, err, "--port", port(server.address()));
        boolean same = Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(server.dir().resolve("hello.txt")));
        out.println("received copy identical: " + same);
      }
      loop.join();
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void runClient(Args.Spec spec, Main.Runner runner, String stdin, OutputStream out, PrintStream err,
      String... options) throws Exception {
    Io io = Io.of(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new LinePrefixStream(out, "    [client] "), err);
    int code = runner.run(spec.parse(options), io);
    if (code != 0) {
      throw new IOException(spec.command() + " exited with " + code);
    }
  }

  private static Thread start(String name, Servers.Loop loop) {
    Thread thread = new Thread(() -> {
      try {
        loop.serve();
      } catch (IOException e) {
        System.err.println(name + ": " + e);
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String port(InetSocketAddress address) {
    return Integer.toString(address.getPort());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.ofDelimiter(" ").formatHex(bytes);
  }
}
