package io.jstruct;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a format string, as CPython's {@code prepare_s} does, into the {@link Layout} that
 * every back end reads. Every format error and its message comes from here.
 *
 * <p>The rules, CPython's to the letter: an optional first-character prefix picks the mode; then
 * items, each an optional decimal repeat count directly followed by a format character; whitespace
 * is allowed between items but not between a count and its character. In native mode each item is
 * first aligned to its type's alignment, even with a count of zero ({@code "@i0q"} is 8 bytes).
 * A two-letter code ({@code Zf}, {@code Zd}) is one item: {@code "3Zd"} is three complex values,
 * while {@code "Z"}, {@code "Zx"}, {@code "Z d"} and {@code "Z3f"} are bad chars.
 */
final class FormatParser {
  /** CPython's own limit is {@code PY_SSIZE_T_MAX}; a Java array stops at {@code int}. */
  private static final long MAX_SIZE = Integer.MAX_VALUE;

  private FormatParser() {}

  static Layout parse(String format, Platform platform) {
    if (format == null) {
      throw new StructError("Struct() argument 1 must be a str or bytes object, not None");
    }
    checkAscii(format);
    if (format.indexOf('\0') >= 0) {
      throw new StructError("embedded null character");
    }
    int i = 0;
    char prefix = format.isEmpty() ? '@' : format.charAt(0);
    FormatTable table = FormatTable.forPrefix(prefix, platform);
    if (table != null) {
      i = 1;
    } else {
      prefix = '@';
      table = FormatTable.forPrefix(prefix, platform);
    }

    List<Run> runs = new ArrayList<>();
    long size = 0;
    long items = 0;
    int n = format.length();
    while (i < n) {
      char c = format.charAt(i++);
      if (isSpace(c)) {
        continue;
      }
      long num = 1;
      if (c >= '0' && c <= '9') {
        num = c - '0';
        while (true) {
          c = i < n ? format.charAt(i++) : '\0';
          if (c < '0' || c > '9') {
            break;
          }
          // As CPython: a count beyond Py_ssize_t is an overflow; smaller ones are checked below,
          // after the character, so "99999999999z" is a bad char here as it is there.
          if (num > (Long.MAX_VALUE - (c - '0')) / 10) {
            throw tooLong();
          }
          num = num * 10 + (c - '0');
        }
        if (c == '\0') {
          throw new StructError("repeat count given without format specifier");
        }
      }
      FormatDef def = c == 'Z' ? table.getZ(i < n ? format.charAt(i++) : '\0') : table.get(c);
      if (def == null) {
        throw new StructError("bad char in struct format");
      }
      int alignment = def.alignment();
      if (alignment > 0 && size > 0) {
        size += (alignment - 1) - (size - 1) % alignment;
        if (size > MAX_SIZE) {
          throw tooLong();
        }
      }
      if (num > (MAX_SIZE - size) / def.size()) {
        throw tooLong();
      }
      int offset = (int) size; // fits: size <= MAX_SIZE
      if (def.countIsSize()) {
        runs.add(new Run(def.codecFor((int) num), offset, 1, (int) items));
        items++;
      } else if (!def.isPad() && num > 0) {
        runs.add(new Run(def.codec(), offset, (int) num, (int) items));
        items += num; // stays below MAX_SIZE + format.length(): every such value is >= 1 byte
      }
      size += num * def.size();
    }
    if (items > Integer.MAX_VALUE) {
      throw tooLong();
    }
    return new Layout(
        runs.toArray(new Run[0]), (int) size, (int) items, FormatTable.order(prefix, platform));
  }

  /** {@code Py_ISSPACE}: space, tab, newline, carriage return, vertical tab, form feed. */
  private static boolean isSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static StructError tooLong() {
    return new StructError("total struct size too long");
  }

  /**
   * CPython encodes a str format as ASCII before parsing; a non-ASCII character fails there, with
   * the codec's message naming the first run of unencodable characters by code point position.
   */
  private static void checkAscii(String format) {
    int n = format.length();
    int i = 0;
    while (i < n && format.charAt(i) < 128) {
      i++;
    }
    if (i == n) {
      return;
    }
    int start = format.codePointCount(0, i);
    int firstCodePoint = format.codePointAt(i);
    int end = start;
    int j = i;
    while (j < n && format.codePointAt(j) >= 128) {
      j += Character.charCount(format.codePointAt(j));
      end++;
    }
    String message =
        end - start == 1
            ? "'ascii' codec can't encode character '" + pythonEscape(firstCodePoint)
                + "' in position " + start
            : "'ascii' codec can't encode characters in position " + start + "-" + (end - 1);
    throw new StructError(message + ": ordinal not in range(128)");
  }

  private static String pythonEscape(int codePoint) {
    if (codePoint < 0x100) {
      return String.format("\\x%02x", codePoint);
    } else if (codePoint < 0x10000) {
      return String.format("\\u%04x", codePoint);
    }
    return String.format("\\U%08x", codePoint);
  }
}
