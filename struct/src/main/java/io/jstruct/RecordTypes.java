package io.jstruct;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which Java types a record component may have for each format code, and the one check of a
 * record against a format that both {@link StructRecord#of} (at run time, on {@code Class}
 * objects) and the annotation processor (at compile time, on type names) run, so that both report
 * the same text.
 *
 * <p>The rule: a component must hold every value of its code, and pack back what it holds.
 * <table>
 *   <caption>Component types per code</caption>
 *   <tr><th>codes</th><th>component types</th></tr>
 *   <tr><td>integers</td><td>{@code byte short int long} where every value of the code fits;
 *       {@code long} for any 8-byte code ({@code Q N P} as their bits); {@code BigInteger}</td></tr>
 *   <tr><td>{@code ?}</td><td>{@code boolean}</td></tr>
 *   <tr><td>{@code e f}</td><td>{@code float double}</td></tr>
 *   <tr><td>{@code d}</td><td>{@code double}</td></tr>
 *   <tr><td>{@code c}</td><td>{@code byte[]}</td></tr>
 *   <tr><td>{@code s p}</td><td>{@code byte[]}, or {@code String} with a charset</td></tr>
 *   <tr><td>complex</td><td>{@code io.jstruct.Complex}</td></tr>
 * </table>
 */
final class RecordTypes {
  static final String BYTE_ARRAY = "byte[]";
  static final String STRING = "java.lang.String";
  static final String BIG_INTEGER = "java.math.BigInteger";
  static final String COMPLEX = "io.jstruct.Complex";

  private RecordTypes() {}

  /**
   * Checks a record against a format, as {@link StructRecord#checkBinding} documents.
   *
   * @return the compiled struct's items, one per component
   */
  static List<StructField> check(String record, String format, String charset,
      List<String> names, List<String> types) {
    Struct struct;
    try {
      struct = Struct.compile(format);
    } catch (StructError e) {
      throw new StructError("record " + record + ": format '" + format + "': " + e.getMessage());
    }
    List<StructField> items = struct.fields();
    if (items.size() != names.size()) {
      throw new StructError("record " + record + " has " + names.size() + " component"
          + (names.size() == 1 ? "" : "s") + ", but format '" + format + "' has " + items.size()
          + " item" + (items.size() == 1 ? "" : "s"));
    }
    if (charset != null) {
      checkCharset(record, charset);
    }
    for (int i = 0; i < items.size(); i++) {
      StructField item = items.get(i);
      List<String> allowed = allowed(item);
      String type = types.get(i);
      if (!allowed.contains(type)) {
        throw new StructError("record " + record + ", component " + names.get(i) + ": '"
            + item.code() + "'" + range(item) + " needs " + String.join(" or ", simple(allowed))
            + ", not " + simple(type));
      }
      if (type.equals(STRING) && charset == null) {
        throw new StructError("record " + record + ", component " + names.get(i)
            + ": a String for '" + item.code() + "' needs a charset to encode and decode it "
            + "(give one at binding, or in @StructFormat(charset = ...))");
      }
    }
    return items;
  }

  static void checkCharset(String record, String charset) {
    boolean supported;
    try {
      supported = Charset.isSupported(charset);
    } catch (IllegalArgumentException e) {
      supported = false;
    }
    if (!supported) {
      throw new StructError("record " + record + ": unsupported charset '" + charset + "'");
    }
  }

  /** The component types an item may bind to, narrowest first. */
  static List<String> allowed(StructField item) {
    List<String> types = new ArrayList<>();
    switch (item.kind()) {
      case SIGNED_INTEGER:
      case UNSIGNED_INTEGER:
        addIfFits(types, item, "byte", 8);
        addIfFits(types, item, "short", 16);
        addIfFits(types, item, "int", 32);
        if (fits(item, 64) || item.size() == 8) {
          types.add("long");
        }
        types.add(BIG_INTEGER);
        break;
      case BOOL:
        types.add("boolean");
        break;
      case FLOAT:
        if (item.size() <= 4) {
          types.add("float");
        }
        types.add("double");
        break;
      case CHAR:
        types.add(BYTE_ARRAY);
        break;
      case BYTES:
      case PASCAL_STRING:
        types.add(BYTE_ARRAY);
        types.add(STRING);
        break;
      case COMPLEX:
        types.add(COMPLEX);
        break;
      default:
        throw new AssertionError(item.kind());
    }
    return types;
  }

  private static void addIfFits(List<String> types, StructField item, String type, int bits) {
    if (fits(item, bits)) {
      types.add(type);
    }
  }

  /** Whether every value of an integer item fits a signed integer of {@code bits} bits. */
  private static boolean fits(StructField item, int bits) {
    BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    return item.max().compareTo(max) <= 0 && item.min().compareTo(max.negate().subtract(
        BigInteger.ONE)) >= 0;
  }

  private static String range(StructField item) {
    return !item.isInteger() ? "" : " (" + item.min() + " <= number <= " + item.max() + ")";
  }

  private static List<String> simple(List<String> types) {
    List<String> names = new ArrayList<>(types.size());
    for (String type : types) {
      names.add(simple(type));
    }
    return names;
  }

  /** {@code java.lang.String} as {@code String}: messages speak as the source does. */
  static String simple(String type) {
    int dot = type.lastIndexOf('.');
    return dot < 0 ? type : type.substring(dot + 1);
  }
}
