package io.jstruct.framing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link LargeTransferTest} in a JVM with a 64 MiB heap: transfers payloads several times
 * larger than the heap over a loopback socket through the streaming API, the tutorial's file
 * transfer (header dict with name, size and SHA-256, then the bytes) and a fixed {@code "!Q"}
 * header, checking SHA-256 on arrival; then feeds huge length claims with a few bytes behind
 * them to every reader. Prints one line per check and exits 0 only if all passed.
 */
public final class LargeTransferMain {
  private LargeTransferMain() {}

  /** Deterministic pseudo-random bytes, made on the fly: a "file" that is never in memory. */
  static final class GeneratedStream extends InputStream {
    private long remaining;
    private long state;
    /** Bytes given so far: the output must not depend on how reads are sized. */
    private long position;

    GeneratedStream(long length, long seed) {
      this.remaining = length;
      this.state = seed | 1;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, remaining);
      for (int i = 0; i < n; i++, position++) {
        int shift = (int) (position & 7) << 3;
        if (shift == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> shift);
      }
      remaining -= n;
      return n;
    }
  }

  static String sha256(InputStream in) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  interface Side {
    void run(Socket socket) throws Exception;
  }

  static void overLoopback(Side sender, Side receiver) throws Exception {
    ExecutorService peer = Executors.newSingleThreadExecutor();
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> sent = peer.submit(() -> {
        try (Socket socket = server.accept()) {
          sender.run(socket);
        }
        return null;
      });
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        socket.setSoTimeout(60_000);
        receiver.run(socket);
      }
      sent.get(60, TimeUnit.SECONDS);
    } finally {
      peer.shutdownNow();
    }
  }

  static void headerDictFileTransfer(long size) throws Exception {
    String expected = sha256(new GeneratedStream(size, 42));
    HeaderDictFormat format = HeaderDictFormat.builder().maxPayloadLength(Long.MAX_VALUE).build();
    long start = System.nanoTime();
    String[] got = new String[1];
    overLoopback(socket -> {
      HeaderDictWriter writer = new HeaderDictWriter(socket.getOutputStream(), format);
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("filename", "big.bin");
      header.put("sha256", expected);
      writer.write(header, new GeneratedStream(size, 42), size);
      writer.close();
    }, socket -> {
      HeaderDictReader reader = new HeaderDictReader(socket.getInputStream(), format);
      StreamedHeaderDictFrame file = reader.readStreamed();
      check(file.payloadLength() == size, "declared size " + file.payloadLength());
      got[0] = sha256(file.payload());
      check(got[0].equals(file.header().get("sha256")), "sha256 " + got[0] + " vs header "
          + file.header().get("sha256"));
      check(reader.read() == null, "clean end after the file");
    });
    report("header-dict file transfer", size, start, got[0].equals(expected));
  }

  static void fixedHeaderTransfer(long size) throws Exception {
    String expected = sha256(new GeneratedStream(size, 7));
    FrameFormat format = FrameFormat.builder("!Q").maxFrameLength(Long.MAX_VALUE).build();
    long start = System.nanoTime();
    String[] got = new String[1];
    overLoopback(socket -> {
      FrameWriter writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream()),
          format);
      writer.write(new GeneratedStream(size, 7), size);
      writer.write(new byte[] {1, 2, 3});
      writer.close();
    }, socket -> {
      FrameReader reader = new FrameReader(new BufferedInputStream(socket.getInputStream()),
          format);
      StreamedFrame frame = reader.readStreamed();
      check(frame.payloadLength() == size, "declared size " + frame.payloadLength());
      DigestInputStream digest = new DigestInputStream(frame.payload(), newDigest());
      digest.transferTo(java.io.OutputStream.nullOutputStream());
      got[0] = HexFormat.of().formatHex(digest.getMessageDigest().digest());
      byte[] next = reader.readPayload();
      check(next != null && next.length == 3 && next[2] == 3, "the frame after the big one");
      check(reader.read() == null, "clean end");
    });
    report("!Q streamed transfer", size, start, got[0].equals(expected));
  }

  /** Claims far beyond the heap, backed by 10 bytes: refused or truncated, never OOM. */
  static void hugeClaims() throws Exception {
    long claim = 1536L * 1024 * 1024; // 1.5 GiB, 24 times the heap
    byte[] wire = new byte[4 + 10];
    io.jstruct.Struct.packInto("!I", wire, 0, claim);
    FrameFormat format = FrameFormat.builder("!I").maxFrameLength(claim).build();
    try {
      new FrameReader(new ByteArrayInputStream(wire), format).read();
      check(false, "read() of a truncated 1.5 GiB claim returned");
    } catch (TruncatedFrameException e) {
      check(e.getMessage().equals("expected " + claim + " bytes of payload, got 10"),
          e.getMessage());
    }
    FrameDecoder decoder = new FrameDecoder(format);
    decoder.feed(wire);
    check(decoder.poll() == null && decoder.partialBytes() == 14, "decoder holds 14 bytes");
    byte[] json = ("{\"total_size\": " + claim + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] dict = new byte[4 + json.length + 10];
    io.jstruct.Struct.packInto("i", dict, 0, json.length);
    System.arraycopy(json, 0, dict, 4, json.length);
    try {
      new HeaderDictReader(new ByteArrayInputStream(dict),
          HeaderDictFormat.builder().maxPayloadLength(claim).build()).read();
      check(false, "read() of a truncated 1.5 GiB header dict returned");
    } catch (TruncatedFrameException e) {
      check(e.getMessage().equals("expected " + claim + " bytes of payload, got 10"),
          e.getMessage());
    }
    System.out.println("OK huge claims: 1.5 GiB declared, 10 bytes sent, truncation reported");
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  private static void report(String what, long size, long startNanos, boolean ok) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    check(ok, what + ": SHA-256 differs");
    System.out.printf("OK %s: %d MiB in %.2f s (%.0f MB/s incl. SHA-256 both sides), max heap %d "
        + "MiB%n", what, size >> 20, seconds, size / seconds / 1e6,
        Runtime.getRuntime().maxMemory() >> 20);
  }

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args.length > 0 ? args[0] : "268435456");
    hugeClaims();
    headerDictFileTransfer(size);
    fixedHeaderTransfer(size / 2);
  }
}
