package io.jstruct;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meaning of every format character in one mode, as CPython's {@code native_table},
 * {@code bigendian_table} and {@code lilendian_table} are: a 128-slot array indexed by the
 * character, so a lookup is one array load.
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
 * {@code q Q d}: 8. {@code n N P} exist only in native mode.
 */
final class FormatTable {
  private static final FormatTable STANDARD_BIG = standard(true);
  private static final FormatTable STANDARD_LITTLE = standard(false);
  private static final Map<Platform, FormatTable> NATIVE = new EnumMap<>(Platform.class);

  static {
    for (Platform platform : Platform.values()) {
      NATIVE.put(platform, nativeTable(platform));
    }
  }

  private final FormatDef[] byCode = new FormatDef[128];

  private FormatTable() {}

  /** The table for a prefix character, or null if {@code prefix} is not one. */
  static FormatTable forPrefix(char prefix, Platform platform) {
    switch (prefix) {
      case '@':
        return NATIVE.get(platform);
      case '=':
        return platform.byteOrder() == ByteOrder.BIG_ENDIAN ? STANDARD_BIG : STANDARD_LITTLE;
      case '<':
        return STANDARD_LITTLE;
      case '>':
      case '!':
        return STANDARD_BIG;
      default:
        return null;
    }
  }

  /** The definition of {@code code}, or null if the mode has no such format character. */
  FormatDef get(char code) {
    return code < 128 ? byCode[code] : null;
  }

  private void put(FormatDef def) {
    byCode[def.code] = def;
  }

  private static FormatTable standard(boolean big) {
    FormatTable t = new FormatTable();
    t.putCommon(big, 0);
    t.put(FormatDef.integer('h', 2, 0, true, big));
    t.put(FormatDef.integer('H', 2, 0, false, big));
    t.put(FormatDef.integer('i', 4, 0, true, big));
    t.put(FormatDef.integer('I', 4, 0, false, big));
    t.put(FormatDef.integer('l', 4, 0, true, big));
    t.put(FormatDef.integer('L', 4, 0, false, big));
    t.put(FormatDef.integer('q', 8, 0, true, big));
    t.put(FormatDef.integer('Q', 8, 0, false, big));
    t.put(FormatDef.other('e', 2, 0, big ? Op.F16_BE : Op.F16_LE));
    t.put(FormatDef.other('f', 4, 0, big ? Op.F32_BE : Op.F32_LE));
    t.put(FormatDef.other('d', 8, 0, big ? Op.F64_BE : Op.F64_LE));
    return t;
  }

  /**
   * Native mode: the C types' sizes, each aligned to its own size (true of every type on the
   * modelled platforms), and CPython's native float packing, which does not check {@code f} for
   * overflow.
   */
  private static FormatTable nativeTable(Platform platform) {
    boolean big = platform.byteOrder() == ByteOrder.BIG_ENDIAN;
    int longSize = platform.longSize();
    FormatTable t = new FormatTable();
    t.putCommon(big, 1);
    t.put(FormatDef.integer('h', 2, 2, true, big));
    t.put(FormatDef.integer('H', 2, 2, false, big));
    t.put(FormatDef.integer('i', 4, 4, true, big));
    t.put(FormatDef.integer('I', 4, 4, false, big));
    t.put(FormatDef.integer('l', longSize, longSize, true, big));
    t.put(FormatDef.integer('L', longSize, longSize, false, big));
    t.put(FormatDef.integer('q', 8, 8, true, big));
    t.put(FormatDef.integer('Q', 8, 8, false, big));
    t.put(FormatDef.integer('n', 8, 8, true, big));
    t.put(FormatDef.integer('N', 8, 8, false, big));
    t.put(FormatDef.pointer(8, big));
    t.put(FormatDef.other('e', 2, 2, big ? Op.F16_BE : Op.F16_LE));
    t.put(FormatDef.other('f', 4, 4, big ? Op.F32_BE_UNCHECKED : Op.F32_LE_UNCHECKED));
    t.put(FormatDef.other('d', 8, 8, big ? Op.F64_BE : Op.F64_LE));
    return t;
  }

  /** The one-byte codes, alike in every mode. */
  private void putCommon(boolean big, int alignment) {
    put(FormatDef.other('x', 1, 0, -1));
    put(FormatDef.integer('b', 1, alignment, true, big));
    put(FormatDef.integer('B', 1, alignment, false, big));
    put(FormatDef.other('c', 1, alignment, Op.CHAR));
    put(FormatDef.other('?', 1, alignment, Op.BOOL));
    put(FormatDef.other('s', 1, 0, Op.BYTES));
    put(FormatDef.other('p', 1, 0, Op.PASCAL));
  }
}
