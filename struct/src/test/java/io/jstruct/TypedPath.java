package io.jstruct;

import io.jstruct.GoldenVectors.Vector;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays golden vectors through the typed accessors ({@code getLong}, {@code putDouble} ...), so
 * that the no-boxing path is held to CPython's bytes and values too, not just to the boxed path.
 */
final class TypedPath {
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  private TypedPath() {}

  /**
   * The unpacked tuple's tokens read field by field: the expected tokens say which accessor each
   * value needs; bytes values have none and are copied from the expectation.
   */
  static String get(Vector v, byte[] buffer, int offset) {
    Struct s = Struct.compile(v.format, Platform.LP64_LITTLE_ENDIAN);
    List<String> tokens = new ArrayList<>();
    String[] expected = v.result.isEmpty() ? new String[0] : v.result.split(" ");
    for (int item = 0; item < expected.length; item++) {
      String tag = expected[item].substring(0, expected[item].indexOf(':'));
      switch (tag) {
        case "I":
          tokens.add("I:" + s.getInt(buffer, offset, item));
          break;
        case "J":
          tokens.add("J:" + s.getLong(buffer, offset, item));
          break;
        case "N":
          tokens.add("N:" + Long.toUnsignedString(s.getLong(buffer, offset, item)));
          break;
        case "f":
          tokens.add(GoldenVectors.token(s.getDouble(buffer, offset, item)));
          break;
        case "?":
          tokens.add(GoldenVectors.token(s.getBoolean(buffer, offset, item)));
          break;
        default:
          tokens.add(expected[item]);
          break;
      }
    }
    return String.join(" ", tokens);
  }

  /**
   * Whether every value of a pack vector has a typed setter: an int for an integer code (for the
   * unsigned 64-bit codes, whose setter takes bits, only values 0 to 2^64-1), a float for a float
   * code, a bool for {@code ?}; and there is no s, p or c value.
   */
  static boolean canPut(Vector v) {
    Struct s;
    try {
      s = Struct.compile(v.format, Platform.LP64_LITTLE_ENDIAN);
    } catch (StructError e) {
      return false;
    }
    if (s.itemCount() != v.args.size()) {
      return false;
    }
    Object[] probe = new Object[s.itemCount()];
    byte[] unpacked = new byte[s.size()];
    Object[] kinds = s.unpack(unpacked); // one value of each item's Java class
    for (int item = 0; item < probe.length; item++) {
      String token = v.args.get(item);
      Object kind = kinds[item];
      if (kind instanceof BigInteger) {
        if (!token.startsWith("i:")) {
          return false;
        }
        BigInteger x = new BigInteger(token.substring(2));
        if (x.signum() < 0 || x.compareTo(TWO_64) >= 0) {
          return false;
        }
      } else if (kind instanceof Integer || kind instanceof Long) {
        if (!token.startsWith("i:") || new BigInteger(token.substring(2)).bitLength() > 63) {
          return false;
        }
      } else if (kind instanceof Double) {
        if (!token.startsWith("f:")) {
          return false;
        }
      } else if (kind instanceof Boolean) {
        if (!token.startsWith("?:")) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /** Packs a vector that {@link #canPut} accepted with the typed setters, into zeros. */
  static String put(Vector v) {
    Struct s = Struct.compile(v.format, Platform.LP64_LITTLE_ENDIAN);
    byte[] buffer = new byte[s.size()];
    for (int item = 0; item < s.itemCount(); item++) {
      String token = v.args.get(item);
      String payload = token.substring(2);
      switch (token.charAt(0)) {
        case 'i':
          BigInteger value = new BigInteger(payload);
          if (value.bitLength() < 32 && item % 2 == 0) { // putInt for some, to cover it too
            s.putInt(buffer, 0, item, value.intValue());
          } else {
            s.putLong(buffer, 0, item, value.longValue()); // Q N P, native L: the bits
          }
          break;
        case 'f':
          s.putDouble(buffer, 0, item, Double.longBitsToDouble(Long.parseUnsignedLong(payload, 16)));
          break;
        default:
          s.putBoolean(buffer, 0, item, payload.equals("1"));
          break;
      }
    }
    return "y:" + GoldenVectors.hex(buffer);
  }
}
