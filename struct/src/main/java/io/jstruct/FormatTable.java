package io.jstruct;

import java.nio.ByteOrder;

/**
 * The meaning of every format code in one mode, as CPython's {@code native_table},
 * {@code bigendian_table} and {@code lilendian_table} are: 128-slot arrays indexed by the
 * character, so a lookup is one array load. Two-letter codes ({@code Zf Zd}) are looked up by
 * their second letter after a {@code Z}.
 *
 * <pre>
 * prefix   table                     sizes        alignment   byte order
 * @, none  native(platform)          native       native      platform's
 * =        standard(platform order)  standard     none        platform's
 * &lt;        standard(little)          standard     none        little-endian
 * &gt;, !     standard(big)             standard     none        big-endian
 * </pre>
 *
 * <p>Standard sizes: {@code x c b B ? s p}: 1, {@code h H e}: 2, {@code i I l L f}: 4,
 * {@code q Q d F Zf}: 8, {@code D Zd}: 16. {@code n N P} exist only in native mode. Adding a code
 * is a row here, and a new {@link Codec} if it is a new kind.
 */
final class FormatTable {
  private static final FormatTable STANDARD = new FormatTable(null);
  private static final FormatTable LP64 = new FormatTable(Platform.LP64_LITTLE_ENDIAN);
  private static final FormatTable LLP64 = new FormatTable(Platform.LLP64_LITTLE_ENDIAN);

  private final FormatDef[] byCode = new FormatDef[128];
  private final FormatDef[] byZ = new FormatDef[128];

  /** Native for {@code platform}'s sizes, or standard when null. Byte order is not the table's. */
  private FormatTable(Platform platform) {
    boolean nativeMode = platform != null;
    int longSize = nativeMode ? platform.longSize() : 4;
    for (String code : new String[] {"x", "s", "p"}) {
      put(FormatDef.bytes(code));
    }
    put(FormatDef.of(nativeMode ? 1 : 0, CharCodec.INSTANCE));
    put(FormatDef.of(nativeMode ? 1 : 0, BoolCodec.INSTANCE));
    integer("b", 1, true, nativeMode);
    integer("B", 1, false, nativeMode);
    integer("h", 2, true, nativeMode);
    integer("H", 2, false, nativeMode);
    integer("i", 4, true, nativeMode);
    integer("I", 4, false, nativeMode);
    integer("l", longSize, true, nativeMode);
    integer("L", longSize, false, nativeMode);
    integer("q", 8, true, nativeMode);
    integer("Q", 8, false, nativeMode);
    FloatCodec f = new FloatCodec("f", 4, !nativeMode); // CPython's native f does not check
    FloatCodec d = new FloatCodec("d", 8, true);
    put(FormatDef.of(nativeMode ? 2 : 0, new FloatCodec("e", 2, true)));
    put(FormatDef.of(nativeMode ? 4 : 0, f));
    put(FormatDef.of(nativeMode ? 8 : 0, d));
    put(FormatDef.of(nativeMode ? 4 : 0, new ComplexCodec("F", f)));
    put(FormatDef.of(nativeMode ? 8 : 0, new ComplexCodec("D", d)));
    put(FormatDef.of(nativeMode ? 4 : 0, new ComplexCodec("Zf", f)));
    put(FormatDef.of(nativeMode ? 8 : 0, new ComplexCodec("Zd", d)));
    if (nativeMode) {
      integer("n", 8, true, true);
      integer("N", 8, false, true);
      put(FormatDef.of(8, IntegerCodec.pointer(8)));
    }
  }

  private void integer(String code, int size, boolean signed, boolean aligned) {
    put(FormatDef.of(aligned ? size : 0, IntegerCodec.of(code, size, signed)));
  }

  private void put(FormatDef def) {
    String code = def.code();
    if (code.length() == 2) {
      byZ[code.charAt(1)] = def;
    } else {
      byCode[code.charAt(0)] = def;
    }
  }

  /**
   * The table for a prefix character, or null if {@code prefix} is not one; {@code order} is set to
   * the mode's byte order.
   */
  static FormatTable forPrefix(char prefix, Platform platform) {
    switch (prefix) {
      case '@':
        return platform.longSize() == 8 ? LP64 : LLP64;
      case '=':
      case '<':
      case '>':
      case '!':
        return STANDARD;
      default:
        return null;
    }
  }

  /** The byte order of the mode a prefix chooses. */
  static ByteOrder order(char prefix, Platform platform) {
    switch (prefix) {
      case '<':
        return ByteOrder.LITTLE_ENDIAN;
      case '>':
      case '!':
        return ByteOrder.BIG_ENDIAN;
      default:
        return platform.byteOrder();
    }
  }

  /** The definition of one-letter {@code code}, or null if the mode has no such code. */
  FormatDef get(char code) {
    return code < 128 ? byCode[code] : null;
  }

  /** The definition of {@code Z} followed by {@code second}, or null if there is none. */
  FormatDef getZ(char second) {
    return second < 128 ? byZ[second] : null;
  }
}
