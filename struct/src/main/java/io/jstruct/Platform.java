package io.jstruct;

import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The C data model that native mode ({@code @} or no prefix) follows, and the byte order that both
 * native modes ({@code @} and {@code =}) use.
 *
 * <p>CPython's native mode is whatever its C compiler does on the machine it runs on. A Java
 * program that talks to a Python peer on another kind of machine can compile formats for that
 * peer's platform instead of its own:
 *
 * <pre>{@code
 * // On Linux, read what struct.pack('@lh', 1, 2) wrote on 64-bit Windows (long is 4 bytes there).
 * Struct windows = Struct.compile("@lh", Platform.LLP64_LITTLE_ENDIAN);
 * windows.size(); // 6, where Platform.LP64_LITTLE_ENDIAN gives 10
 * }</pre>
 *
 * <table>
 *   <caption>Native sizes (alignment is the same as the size)</caption>
 *   <tr><th>platform</th><th>l L</th><th>n N P</th><th>q Q d</th><th>order</th></tr>
 *   <tr><td>LP64_LITTLE_ENDIAN</td><td>8</td><td>8</td><td>8</td><td>little</td></tr>
 *   <tr><td>LP64_BIG_ENDIAN</td><td>8</td><td>8</td><td>8</td><td>big</td></tr>
 *   <tr><td>LLP64_LITTLE_ENDIAN</td><td>4</td><td>8</td><td>8</td><td>little</td></tr>
 * </table>
 *
 * <p>Standard modes ({@code < > !}) have fixed sizes, no alignment and a fixed byte order: the
 * platform never changes them.
 */
public enum Platform {
  /** 64-bit Linux, macOS and the BSDs on x86-64, AArch64, RISC-V, little-endian POWER. */
  LP64_LITTLE_ENDIAN(8, ByteOrder.LITTLE_ENDIAN),
  /** 64-bit big-endian Unix: Linux on s390x, big-endian POWER and SPARC. */
  LP64_BIG_ENDIAN(8, ByteOrder.BIG_ENDIAN),
  /** 64-bit Windows, where a C {@code long} stays 4 bytes. */
  LLP64_LITTLE_ENDIAN(4, ByteOrder.LITTLE_ENDIAN);

  private static final Platform HOST = detectHost();

  private final int longSize;
  private final ByteOrder byteOrder;

  Platform(int longSize, ByteOrder byteOrder) {
    this.longSize = longSize;
    this.byteOrder = byteOrder;
  }

  /**
   * The platform this JVM runs on, as CPython built for it would see it: LLP64 on Windows, LP64
   * elsewhere, in the machine's byte order. 32-bit platforms are not modelled; on one, this returns
   * the 64-bit model of the same operating system and byte order.
   *
   * @return the host's platform
   */
  public static Platform host() {
    return HOST;
  }

  /**
   * The byte order of the native modes {@code @} and {@code =}.
   *
   * @return the byte order
   */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /**
   * The size in bytes of a C {@code long}, and so of native {@code l} and {@code L}.
   *
   * @return 8 or 4
   */
  public int longSize() {
    return longSize;
  }

  private static Platform detectHost() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      return LLP64_LITTLE_ENDIAN;
    }
    return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? LP64_BIG_ENDIAN : LP64_LITTLE_ENDIAN;
  }
}
