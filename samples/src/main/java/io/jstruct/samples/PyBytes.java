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
