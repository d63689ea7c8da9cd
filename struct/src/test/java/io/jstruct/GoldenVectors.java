package io.jstruct;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the vectors that {@code src/test/python/generate_golden.py} wrote with CPython: one per
 * line, tab-separated, described in that script's docstring.
 *
 * <pre>
 * category  op    format  args             outcome       result
 * ranges    pack  &lt;b      i:128            error:struct.error  'b' format requires -128 &lt;= number &lt;= 127
 * floats    pack  &gt;e      f:3ff0000000000000  ok         y:3c00
 * </pre>
 */
final class GoldenVectors {
  static final String DIRECTORY = "/io/jstruct/golden/";
  private static final HexFormat HEX = HexFormat.of();
  /** A plain object, the {@code obj} token: no type that pack knows. */
  static final Object OTHER = new Object() {
    @Override
    public String toString() {
      return "object()";
    }
  };

  private GoldenVectors() {}

  /** One line of a vector file. */
  static final class Vector {
    final String file;
    final int lineNumber;
    final String line;
    final String op;
    final String format;
    final List<String> args;
    /** Null when the call succeeds, else CPython's exception class, for information only. */
    final String errorClass;
    final String result;

    Vector(String file, int lineNumber, String line) {
      this.file = file;
      this.lineNumber = lineNumber;
      this.line = line;
      String[] columns = line.split("\t", -1);
      if (columns.length != 6) {
        throw new IllegalArgumentException(file + ":" + lineNumber + ": " + columns.length + " columns");
      }
      this.op = columns[1];
      this.format = percentDecode(columns[2]);
      this.args = columns[3].isEmpty() ? List.of() : Arrays.asList(columns[3].split(" "));
      this.errorClass = columns[4].equals("ok") ? null : columns[4].substring("error:".length());
      this.result = columns[5];
    }

    boolean isError() {
      return errorClass != null;
    }

    @Override
    public String toString() {
      return file + ":" + lineNumber + " [" + line.replace('\t', '|') + "]";
    }
  }

  /** Vector files and their counts from {@code index.txt}, in name order. */
  static Map<String, Integer> index() {
    Map<String, Integer> files = new TreeMap<>();
    for (String line : lines("index.txt")) {
      if (!line.startsWith("#")) {
        String[] columns = line.split("\t");
        files.put(columns[0], Integer.parseInt(columns[1]));
      }
    }
    return files;
  }

  static List<Vector> read(String file) {
    List<Vector> vectors = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("#")) {
        vectors.add(new Vector(file, i + 1, lines.get(i)));
      }
    }
    return vectors;
  }

  private static List<String> lines(String name) {
    InputStream in = GoldenVectors.class.getResourceAsStream(DIRECTORY + name);
    if (in == null) {
      throw new IllegalStateException("missing resource " + DIRECTORY + name);
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }

  /** {@code %XX} escapes are UTF-8 bytes; everything else stands for itself. */
  static String percentDecode(String s) {
    byte[] bytes = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        bytes[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  /** The Java value a Python input token stands for; ints as the narrowest of Integer, Long, BigInteger. */
  static Object input(String token) {
    if (token.equals("none")) {
      return null;
    } else if (token.equals("obj")) {
      return OTHER;
    }
    String payload = token.substring(token.indexOf(':') + 1);
    switch (token.substring(0, token.indexOf(':'))) {
      case "i":
        BigInteger big = new BigInteger(payload);
        if (big.bitLength() < 32) {
          return big.intValue();
        }
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      case "f":
        return Double.longBitsToDouble(Long.parseUnsignedLong(payload, 16));
      case "?":
        return payload.equals("1");
      case "c":
        String[] parts = payload.split(":");
        return new Complex(Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16)),
            Double.longBitsToDouble(Long.parseUnsignedLong(parts[1], 16)));
      case "y":
        return bytes(payload);
      case "s":
        return percentDecode(payload);
      default:
        throw new IllegalArgumentException("input token " + token);
    }
  }

  static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The token for an unpacked value, naming its Java class: the contract is class and value. */
  static String token(Object value) {
    if (value instanceof Integer) {
      return "I:" + value;
    } else if (value instanceof Long) {
      return "J:" + value;
    } else if (value instanceof BigInteger) {
      return "N:" + value;
    } else if (value instanceof Double) {
      return "f:" + bits((Double) value);
    } else if (value instanceof Complex) {
      return "C:" + bits(((Complex) value).real()) + ":" + bits(((Complex) value).imag());
    } else if (value instanceof Boolean) {
      return (Boolean) value ? "?:1" : "?:0";
    } else if (value instanceof byte[]) {
      return "y:" + hex((byte[]) value);
    }
    return "unexpected " + (value == null ? "null" : value.getClass().getName()) + ":" + value;
  }

  private static String bits(double x) {
    String bits = Long.toHexString(Double.doubleToRawLongBits(x));
    return "0".repeat(16 - bits.length()) + bits;
  }

  static String tokens(Object[] values) {
    StringBuilder s = new StringBuilder();
    for (Object value : values) {
      if (s.length() > 0) {
        s.append(' ');
      }
      s.append(token(value));
    }
    return s.toString();
  }
}
