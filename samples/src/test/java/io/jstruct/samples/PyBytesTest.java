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
}
