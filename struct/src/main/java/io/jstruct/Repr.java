package io.jstruct;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr} for the values unpack gives: {@code (b'raymond   ', 4658, 264, 8)}. Backs
 * {@link Struct#repr(Object[])}.
 *
 * <p>Floats print as Python prints them (the shortest digits that read back as the same double;
 * scientific notation below {@code 1e-4} and from {@code 1e16}: {@code 1e+16}, {@code 1.5e-05},
 * {@code inf}, {@code nan}), which Java 17's {@code Double.toString} does not: it writes
 * {@code 1.0E16}, and is not always shortest.
 */
final class Repr {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Repr() {}

  static String tuple(Object[] values) {
    if (values == null) {
      return "None";
    }
    StringBuilder s = new StringBuilder();
    appendTuple(s, values);
    return s.toString();
  }

  static void appendTuple(StringBuilder s, Object[] values) {
    s.append('(');
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      append(s, values[i]);
    }
    if (values.length == 1) {
      s.append(','); // (1,): a 1-tuple, not a parenthesized 1
    }
    s.append(')');
  }

  static void append(StringBuilder s, Object value) {
    if (value == null) {
      s.append("None");
    } else if (value instanceof Boolean) {
      s.append((Boolean) value ? "True" : "False");
    } else if (value instanceof Double || value instanceof Float) {
      s.append(floatRepr(((Number) value).doubleValue()));
    } else if (value instanceof Complex) {
      appendComplex(s, (Complex) value);
    } else if (value instanceof byte[]) {
      appendBytes(s, (byte[]) value);
    } else if (value instanceof CharSequence) {
      appendStr(s, value.toString());
    } else if (value instanceof Object[]) {
      appendTuple(s, (Object[]) value);
    } else {
      s.append(value); // integers of every width print as Python's int
    }
  }

  /**
   * Python's {@code repr(complex)}: {@code (1.5-2j)}; a real part of +0 is left out ({@code 1j}).
   * The parts print as floats do, without the {@code .0} of whole numbers.
   */
  static void appendComplex(StringBuilder s, Complex z) {
    String imag = part(z.imag());
    if (z.real() == 0 && Double.doubleToRawLongBits(z.real()) == 0) {
      s.append(imag).append('j');
      return;
    }
    s.append('(').append(part(z.real()));
    if (imag.charAt(0) != '-') {
      s.append('+');
    }
    s.append(imag).append("j)");
  }

  private static String part(double x) {
    String repr = floatRepr(x);
    return repr.endsWith(".0") ? repr.substring(0, repr.length() - 2) : repr;
  }

  /** {@code b'...'}: quotes, escapes and {@code \xhh} as CPython's {@code bytes.__repr__}. */
  static void appendBytes(StringBuilder s, byte[] bytes) {
    char quote = quoteFor(bytes);
    s.append('b').append(quote);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c == quote || c == '\\') {
        s.append('\\').append((char) c);
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\r') {
        s.append("\\r");
      } else if (c < ' ' || c >= 0x7f) {
        s.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        s.append((char) c);
      }
    }
    s.append(quote);
  }

  /** Single quotes, unless the bytes hold a single quote and no double quote. */
  private static char quoteFor(byte[] bytes) {
    boolean single = false;
    boolean dbl = false;
    for (byte b : bytes) {
      single |= b == '\'';
      dbl |= b == '"';
    }
    return single && !dbl ? '"' : '\'';
  }

  /** {@code '...'}: CPython's {@code str.__repr__}, non-printable characters escaped. */
  static void appendStr(StringBuilder s, String str) {
    char quote = str.indexOf('\'') >= 0 && str.indexOf('"') < 0 ? '"' : '\'';
    s.append(quote);
    for (int i = 0; i < str.length(); ) {
      int c = str.codePointAt(i);
      i += Character.charCount(c);
      if (c == quote || c == '\\') {
        s.append('\\').append((char) c);
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\r') {
        s.append("\\r");
      } else if (c < ' ' || c == 0x7f) {
        s.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else if (c < 0x7f || printable(c)) {
        s.appendCodePoint(c);
      } else if (c < 0x100) {
        s.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else if (c < 0x10000) {
        s.append(String.format("\\u%04x", c));
      } else {
        s.append(String.format("\\U%08x", c));
      }
    }
    s.append(quote);
  }

  /** Python's {@code str.isprintable} for one character: not a control, format, separator... */
  private static boolean printable(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.SURROGATE:
      case Character.PRIVATE_USE:
      case Character.UNASSIGNED:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SPACE_SEPARATOR:
        return c == ' ';
      default:
        return true;
    }
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as {@code x}, in positional
   * notation for {@code 1e-4 <= |x| < 1e16} (with {@code .0} for whole numbers) and scientific
   * notation with a signed two-digit exponent outside it.
   */
  static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal shortest = exact;
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == x) {
        shortest = rounded;
        break;
      }
    }
    String digits = shortest.unscaledValue().abs().toString();
    int trimmed = digits.length();
    while (trimmed > 1 && digits.charAt(trimmed - 1) == '0') {
      trimmed--;
    }
    // value = 0.DIGITS * 10^decimalPoint, as CPython's _Py_dg_dtoa reports it
    int decimalPoint = digits.length() - shortest.scale();
    digits = digits.substring(0, trimmed);
    StringBuilder s = new StringBuilder();
    if (x < 0) {
      s.append('-');
    }
    if (decimalPoint <= -4 || decimalPoint > 16) {
      s.append(digits.charAt(0));
      if (digits.length() > 1) {
        s.append('.').append(digits, 1, digits.length());
      }
      int exponent = decimalPoint - 1;
      s.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        s.append('0');
      }
      s.append(abs);
    } else if (decimalPoint <= 0) {
      s.append("0.");
      for (int i = decimalPoint; i < 0; i++) {
        s.append('0');
      }
      s.append(digits);
    } else if (decimalPoint >= digits.length()) {
      s.append(digits);
      for (int i = digits.length(); i < decimalPoint; i++) {
        s.append('0');
      }
      s.append(".0");
    } else {
      s.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
    }
    return s.toString();
  }
}
