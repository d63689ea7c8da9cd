package io.jstruct.samples;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The few Python behaviours the samples print or send, byte for byte. */
final class PyBytes {
  private PyBytes() {}

  /**
   * Python's {@code bytes.upper()}: only ASCII {@code a-z} change. Not {@code String.toUpperCase}:
   * that would decode first, fail on invalid UTF-8, and upper-case {@code é} and {@code ß}
   * (into two letters!), so the reply would not be the bytes the Python server sends.
   */
  static byte[] upper(byte[] data) {
    byte[] result = data.clone();
    for (int i = 0; i < result.length; i++) {
      if (result[i] >= 'a' && result[i] <= 'z') {
        result[i] -= 'a' - 'A';
      }
    }
    return result;
  }

  /** Python's {@code repr(data)}: {@code b'hello'}, {@code b"it's"}, {@code b'\xe4\xbd\xa0'}. */
  static String repr(byte[] data, int offset, int length) {
    boolean hasSingle = false;
    boolean hasDouble = false;
    for (int i = offset; i < offset + length; i++) {
      hasSingle |= data[i] == '\'';
      hasDouble |= data[i] == '"';
    }
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    StringBuilder sb = new StringBuilder(length + 3).append('b').append(quote);
    for (int i = offset; i < offset + length; i++) {
      int b = data[i] & 0xff;
      if (b == quote || b == '\\') {
        sb.append('\\').append((char) b);
      } else if (b == '\t') {
        sb.append("\\t");
      } else if (b == '\n') {
        sb.append("\\n");
      } else if (b == '\r') {
        sb.append("\\r");
      } else if (b < 0x20 || b >= 0x7f) {
        sb.append(String.format("\\x%02x", b));
      } else {
        sb.append((char) b);
      }
    }
    return sb.append(quote).toString();
  }

  static String repr(byte[] data) {
    return repr(data, 0, data.length);
  }

  /**
   * Python's {@code repr(text)} of a str: {@code 'ls\n'}, {@code "it's"}, {@code '\x1b[2J'}.
   * Untrusted text (commands, file names) goes to the log this way, so a newline in it cannot
   * forge a log line and an escape sequence cannot repaint the terminal.
   */
  static String repr(String text) {
    boolean hasSingle = text.indexOf('\'') >= 0;
    char quote = hasSingle && text.indexOf('"') < 0 ? '"' : '\'';
    return quote + escape(text, quote) + quote;
  }

  /**
   * The inside of {@link #repr(String)} without quotes: for text of ours that may carry a
   * client's bytes (an exception's message), so the log stays one line per event.
   */
  static String escape(String text) {
    return escape(text, -1);
  }

  private static String escape(String text, int quote) {
    StringBuilder sb = new StringBuilder(text.length() + 2);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == quote || c == '\\') {
        sb.append('\\').appendCodePoint(c);
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (printable(c)) {
        sb.appendCodePoint(c);
      } else if (c < 0x100) {
        sb.append(String.format("\\x%02x", c));
      } else if (c < 0x10000) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.append(String.format("\\U%08x", c));
      }
    }
    return sb.toString();
  }

  /** Python's {@code str.isprintable()} for one code point: not a control, format, separator or unassigned. */
  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return false;
      default:
        return true;
    }
  }

  /** Python's {@code repr(addr)} of a socket address: {@code ('127.0.0.1', 8080)}. */
  static String address(SocketAddress address) {
    if (!(address instanceof InetSocketAddress)) {
      return String.valueOf(address);
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    if (inet.getAddress() instanceof Inet6Address) {
      return "('" + ipv6(inet.getAddress().getAddress()) + "', " + inet.getPort() + ", 0, "
          + ((Inet6Address) inet.getAddress()).getScopeId() + ")";
    }
    String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
    return "('" + host + "', " + inet.getPort() + ")";
  }

  /** inet_ntop's form, as Python prints it: the longest run of two or more zero groups is "::". */
  static String ipv6(byte[] a) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
