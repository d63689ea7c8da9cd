package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PyBytesTest {
  @Test
  void reprQuotesAndEscapesLikePython() {
    assertEquals("b'hello'", PyBytes.repr("hello".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("b\"it's\"", PyBytes.repr("it's".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("b'both \\' and \"'", PyBytes.repr("both ' and \"".getBytes(StandardCharsets.US_ASCII)));
    assertEquals("b'\\t\\n\\r\\x00\\x7f\\x80\\xff\\\\'", PyBytes.repr(new byte[] {9, 10, 13, 0, 127, (byte) 128, (byte) 255, '\\'}));
    assertEquals("b''", PyBytes.repr(new byte[0]));
  }

  @Test
  void reprMatchesPythonForRandomBytes() throws Exception {
    Peers.assumePython();
    Random random = new Random(0);
    StringBuilder hexLines = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      byte[] b = new byte[random.nextInt(20)];
      for (int j = 0; j < b.length; j++) {
        b[j] = (byte) (random.nextBoolean() ? "ab'\"\\ \t\n".charAt(random.nextInt(8)) : random.nextInt(256));
      }
      hexLines.append(HexFormat.of().formatHex(b)).append('\n');
      expected.append(PyBytes.repr(b)).append('\n');
    }
    Process p = new ProcessBuilder("python3", "-c",
        "import sys\nfor line in sys.stdin.read().split('\\n')[:-1]: print(repr(bytes.fromhex(line)))").start();
    p.getOutputStream().write(hexLines.toString().getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    p.waitFor(20, TimeUnit.SECONDS);
    assertEquals(expected.toString(), out.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void upperChangesOnlyAsciiLowercase() {
    assertArrayEquals("HéLLO ß [`{] Z".getBytes(StandardCharsets.UTF_8), PyBytes.upper("héllo ß [`{] z".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void addressesPrintAsPythonTuples() throws Exception {
    assertEquals("('127.0.0.1', 8080)", PyBytes.address(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)));
    assertEquals("('::1', 8080, 0, 0)", PyBytes.address(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    assertEquals("::", PyBytes.ipv6(new byte[16]));
    assertEquals("2001:db8::1:0:0:1", PyBytes.ipv6(InetAddress.getByName("2001:db8:0:0:1:0:0:1").getAddress()));
    assertEquals("2001:db8:0:1:1:1:1:1", PyBytes.ipv6(InetAddress.getByName("2001:db8:0:1:1:1:1:1").getAddress()));
    assertEquals("fe80::", PyBytes.ipv6(InetAddress.getByName("fe80::").getAddress()));
  }

  @Test
  void strReprEscapesControlsSeparatorsAndSurrogatesLikePython() {
    assertEquals("'ls -l'", PyBytes.repr("ls -l"));
    assertEquals("\"it's\"", PyBytes.repr("it's"));
    assertEquals("'a\\nb\\x1b[2J\\x00\\u2028é你😀\\ud800'", PyBytes.repr("a\nb\u001b[2J\u0000\u2028é你😀\ud800"));
  }

  @Test
  void escapeIsReprWithoutQuotes() {
    assertEquals("bad header: {\"a\\n# forged line\\x1b[2J 'q' \\\\", PyBytes.escape("bad header: {\"a\n# forged line\u001b[2J 'q' \\"));
  }

  @Test
  void strReprMatchesPythonForRandomText() throws Exception {
    Peers.assumePython();
    Random random = new Random(0);
    int[] pool = {'a', '\'', '"', '\\', ' ', '\t', '\n', '\r', 0, 0x1b, 0x7f, 0x85, 0xa0, 0xad, 0xe9, 0x2028, 0x200b,
        0x4f60, 0xd800, 0xdc00, 0xe000, 0xfffe, 0x1f600, 0x10ffff, 0x378};
    StringBuilder hexLines = new StringBuilder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      StringBuilder text = new StringBuilder();
      StringBuilder codes = new StringBuilder();
      for (int j = random.nextInt(12); j > 0; j--) {
        int c = pool[random.nextInt(pool.length)];
        if (c >= 0xd800 && c <= 0xdfff && text.length() > 0 && Character.isSurrogate(text.charAt(text.length() - 1))) {
          c = 'x'; // two lone halves in a row would pair up in Java but not in Python
        }
        text.appendCodePoint(c);
        codes.append(Integer.toHexString(c)).append(',');
      }
      hexLines.append(codes).append('\n');
      expected.append(PyBytes.repr(text.toString())).append('\n');
    }
    Process p = new ProcessBuilder("python3", "-c", "import sys\n"
        + "for line in sys.stdin.read().split('\\n')[:-1]:\n"
        + "    s = ''.join(chr(int(c, 16)) for c in line.split(',')[:-1])\n"
        + "    sys.stdout.buffer.write(repr(s).encode('utf-8', 'surrogatepass') + b'\\n')").start();
    p.getOutputStream().write(hexLines.toString().getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    p.waitFor(20, TimeUnit.SECONDS);
    assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void addressesPrintAsHostColonPortWithIpv6InBrackets() throws Exception {
    assertEquals("127.0.0.1:8080", Addresses.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080)));
    assertEquals("[::1]:8080", Addresses.of(new InetSocketAddress(InetAddress.getByName("::1"), 8080)));
    assertEquals("[2001:db8::1]:443", Addresses.of(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 443)));
    assertEquals("shell-server listening on [::1]:8082",
        Servers.listeningLine("shell-server", new InetSocketAddress(InetAddress.getByName("::1"), 8082)));
  }
}
