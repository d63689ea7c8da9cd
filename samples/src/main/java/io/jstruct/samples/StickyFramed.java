package io.jstruct.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/** The --framed half of the sticky demo, on the framing module (pending its merge). */
final class StickyFramed {
  private StickyFramed() {}

  interface Sender {
    void send(byte[] data) throws IOException;
  }

  static Sender sender(OutputStream out) throws IOException {
    throw new IOException("--framed needs the framing module, not merged yet");
  }

  static void receive(InputStream in, PrintStream log) throws IOException {
    throw new IOException("--framed needs the framing module, not merged yet");
  }
}
