package io.jstruct.samples;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * host:port as people and URLs write it: {@code 127.0.0.1:8082}, {@code [::1]:8082} (Java's own
 * {@code getHostAddress()} gives {@code 0:0:0:0:0:0:0:1}, which cannot be told from the port).
 */
final class Addresses {
  private Addresses() {}

  static String of(SocketAddress address) {
    if (!(address instanceof InetSocketAddress)) {
      return String.valueOf(address);
    }
    InetSocketAddress inet = (InetSocketAddress) address;
    return host(inet) + ":" + inet.getPort();
  }

  private static String host(InetSocketAddress inet) {
    InetAddress a = inet.getAddress();
    if (a == null) {
      return inet.getHostString(); // unresolved: the name as given
    }
    return a instanceof Inet6Address ? "[" + PyBytes.ipv6(a.getAddress()) + "]" : a.getHostAddress();
  }
}
