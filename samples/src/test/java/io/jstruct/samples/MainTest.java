package io.jstruct.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MainTest {
  private final LineCapture out = new LineCapture();
  private final LineCapture err = new LineCapture();

  private int run(String... argv) {
    return Main.run(argv, Peers.io("", out, err));
  }

  @Test
  void helpListsEverySampleAndExitsZero() {
    assertEquals(0, run("--help"));
    for (String name : new String[] {"udp-echo-server", "udp-echo-client", "udp-chat-server", "udp-chat-client",
        "sticky-server", "sticky-client"}) {
      assertTrue(out.text().contains("\n  " + name + " "), name);
    }
    assertEquals("", err.text());
  }

  @Test
  void noArgumentsPrintsUsageAndExitsTwo() {
    assertEquals(2, run());
    assertTrue(err.text().startsWith("usage: java -jar jstruct-samples.jar NAME"));
  }

  @Test
  void unknownSampleIsNamed() {
    assertEquals(2, run("udp-echo"));
    assertTrue(err.text().startsWith("jstruct-samples: unknown sample 'udp-echo'\nusage:"), err.text());
  }

  @Test
  void eachSampleHasItsHelp() {
    assertEquals(0, run("udp-echo-client", "--help"));
    assertTrue(out.text().startsWith("usage: java -jar jstruct-samples.jar udp-echo-client [options]"));
    assertTrue(out.text().contains("--timeout SECONDS"));
  }

  @Test
  void badOptionsGetAClearMessageUsageAndExitTwo() {
    String[][] cases = {
      {"udp-echo-client", "--bogus"}, {"udp-echo-client: unknown option --bogus for udp-echo-client"},
      {"udp-echo-client", "--port"}, {"udp-echo-client: --port needs a value (PORT)"},
      {"udp-echo-client", "--port", "http"}, {"udp-echo-client: --port needs a whole number: 'http'"},
      {"udp-echo-client", "--port", "70000"}, {"udp-echo-client: --port must be between 0 and 65535: 70000"},
      {"udp-echo-client", "--port", "0"}, {"udp-echo-client: --port 0 only makes sense for a server; give the server's port"},
      {"udp-echo-client", "--timeout", "-1"}, {"udp-echo-client: --timeout must be more than 0 and at most 86400 seconds: -1"},
      {"udp-echo-server", "--port", "1", "--port", "2"}, {"udp-echo-server: --port given twice"},
      {"sticky-client", "--framed=yes"}, {"sticky-client: --framed takes no value"},
      {"udp-echo-server", "extra"}, {"udp-echo-server: unexpected argument 'extra' for udp-echo-server (options start with --)"},
      {"udp-echo-server", "--host", "no.such.host.invalid"}, {"udp-echo-server: --host: unknown host 'no.such.host.invalid'"},
    };
    for (int i = 0; i < cases.length; i += 2) {
      LineCapture e = new LineCapture();
      int code = Main.run(cases[i], Peers.io("", new LineCapture(), e));
      assertEquals(2, code, String.join(" ", cases[i]));
      assertEquals(cases[i + 1][0], e.lines().get(0));
      assertTrue(e.lines().get(1).startsWith("usage: java -jar jstruct-samples.jar " + cases[i][0]), e.text());
    }
  }

  @Test
  void aPortInUseIsARuntimeFailureExitOne() throws Exception {
    try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(1, run("udp-echo-server", "--port", Integer.toString(taken.getLocalPort())));
      assertTrue(err.text().startsWith("udp-echo-server: BindException: "), err.text());
    }
  }

  @Test
  void everyHelpThatSaysSeedSaysWhatItIs() {
    for (String name : new String[] {"shell-server", "shell-client", "file-server", "udp-echo-server", "sticky-server"}) {
      LineCapture out = new LineCapture();
      assertEquals(0, Main.run(new String[] {name, "--help"}, Peers.io("", out, new LineCapture())));
      if (out.text().contains("seed")) {
        assertTrue(out.text().contains(Args.SEED), name);
      }
    }
  }

  @Test
  void clientsNameTheServerTheyCouldNotReach() throws Exception {
    int port;
    try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    for (String client : new String[] {"shell-client", "file-client", "sticky-client"}) {
      LineCapture err = new LineCapture();
      assertEquals(1, Main.run(new String[] {client, "--port", Integer.toString(port)}, Peers.io("x\n", new LineCapture(), err)));
      assertTrue(err.text().startsWith(client + ": ConnectException: cannot connect to 127.0.0.1:" + port + ": "), err.text());
    }
  }
}
