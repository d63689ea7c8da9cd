package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.primitives.UnsignedInteger;
import com.google.common.primitives.UnsignedLong;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Random formats (valid and not) with random values of random types, and random buffers at random
 * offsets. Whatever the input, the only failure allowed is a {@link StructError}; a failed
 * {@code packInto} leaves the buffer as it was; a successful one writes exactly the struct's bytes;
 * what packs, unpacks, and packing the unpacked values again gives the same values.
 *
 * <p>Deterministic: each case runs from its own seed, printed with any failure. Re-run one case
 * with {@code -Dfuzz.seed=<master seed>} and the case index from the message.
 */
class StructFuzzTest {
  private static final long MASTER_SEED = Long.getLong("fuzz.seed", 0x5EED_2611L);
  private static final int CASES = 10_000;
  /** Structs larger than this are compiled and measured, never packed: the heap is not the subject. */
  private static final int MAX_PACKED_SIZE = 1 << 12;
  private static final String CODES = "xcbB?hHiIlLqQnNefdspPFD";
  private static final String JUNK = "zZ%$#0-+.é\0\u0085{}[]";
  private static final String SPACES = " \t\n\r\u000b\f";
  private static final Platform[] PLATFORMS = Platform.values();

  /** How often each path ran, so that a generator gone wrong (say, every format invalid) fails. */
  private final int[] counts = new int[4];
  private static final int COMPILED = 0;
  private static final int PACKED = 1;
  private static final int PACKED_INTO = 2;
  private static final int UNPACKED_FROM = 3;

  @Test
  void randomFormatsValuesAndBuffers() {
    Random master = new Random(MASTER_SEED);
    for (int i = 0; i < CASES; i++) {
      long seed = master.nextLong();
      Case c = new Case(new Random(seed), counts);
      try {
        c.run();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "fuzz case " + i + " (master seed " + MASTER_SEED + ", case seed " + seed + "): "
                + c.describe() + ": " + e,
            e);
      }
    }
    String coverage = "compiled, packed, packed into, unpacked from: " + Arrays.toString(counts);
    for (int count : counts) {
      assertTrue(count > CASES / 20, coverage);
    }
  }

  /** One random format on one random platform, and everything done with it. */
  private static final class Case {
    final Random rnd;
    final int[] counts;
    String format;
    Platform platform;
    Object[] values;

    Case(Random rnd, int[] counts) {
      this.rnd = rnd;
      this.counts = counts;
    }

    String describe() {
      return "format " + (format == null ? "null" : "\"" + escape(format) + "\"") + " on " + platform
          + ", values " + (values == null ? "-" : describeValues(values));
    }

    void run() {
      format = randomFormat();
      platform = PLATFORMS[rnd.nextInt(PLATFORMS.length)];
      Struct s;
      try {
        s = Struct.compile(format, platform);
      } catch (StructError e) {
        assertNotBlank(e);
        expectStructErrorOrSuccess(() -> Struct.calcsize(format)); // host platform: may differ
        return;
      }
      counts[COMPILED]++;
      assertTrue(s.size() >= 0 && s.itemCount() >= 0 && s.itemCount() <= s.size() + format.length());
      assertEquals(s, Struct.compile(format, platform));
      assertTrue(s.toString().startsWith("Struct(\""), s::toString);
      if (s.size() > MAX_PACKED_SIZE) {
        return;
      }
      Object[] kinds = s.unpack(new byte[s.size()]); // one value of each item's class
      values = randomValues(kinds);
      if (s.itemCount() <= Generator.MAX_ITEMS) { // both strategies give the same results
        Struct interpreted = new Struct(format, platform, false);
        Struct generated = new Struct(format, platform);
        TierUp.now(generated);
        assertTrue(TierUp.generated(generated));
        PlanDifferentialTest.compare(describe(), generated, interpreted, rnd, values);
      }
      byte[] packed = packOrNull(s, values);
      checkPackInto(s, packed);
      if (packed != null) {
        checkRoundTrip(s, packed);
      }
      checkUnpacking(s);
      checkTypedAccess(s, kinds);
    }

    // -------------------------------------------------------------------------------------------
    // Formats and values

    String randomFormat() {
      if (rnd.nextInt(200) == 0) {
        return null;
      }
      StringBuilder f = new StringBuilder();
      int prefix = rnd.nextInt(9);
      if (prefix < 6) {
        f.append("@=<>!".charAt(prefix % 5));
      } else if (prefix == 6) {
        f.append(JUNK.charAt(rnd.nextInt(JUNK.length())));
      }
      int items = rnd.nextInt(9);
      for (int i = 0; i < items; i++) {
        if (rnd.nextInt(4) == 0) {
          f.append(SPACES.charAt(rnd.nextInt(SPACES.length())));
        }
        int count = rnd.nextInt(20);
        if (count < 5) {
          f.append(count);
        } else if (count < 7) {
          f.append(rnd.nextInt(300));
        } else if (count == 7 && rnd.nextInt(10) == 0) {
          f.append(List.of("2147483647", "2147483648", "4294967296", "9223372036854775807",
              "99999999999999999999", "1073741824", "536870912").get(rnd.nextInt(7)));
        }
        if (rnd.nextInt(30) == 0) {
          f.append(JUNK.charAt(rnd.nextInt(JUNK.length())));
        } else if (rnd.nextInt(20) == 0) {
          f.append(rnd.nextBoolean() ? "Zf" : "Zd");
        } else {
          f.append(CODES.charAt(rnd.nextInt(CODES.length())));
        }
      }
      if (rnd.nextInt(40) == 0) {
        f.append(rnd.nextInt(10)); // a count with no code after it
      }
      return f.toString();
    }

    /** Mostly values of the item's kind, so that pack often succeeds; sometimes anything at all. */
    Object[] randomValues(Object[] kinds) {
      int n = kinds.length;
      int r = rnd.nextInt(20);
      if (r == 0 && n > 0) {
        n--;
      } else if (r == 1) {
        n++;
      }
      Object[] v = new Object[n];
      for (int i = 0; i < n; i++) {
        v[i] = i < kinds.length && rnd.nextInt(5) > 0 ? valueLike(kinds[i]) : anything();
      }
      return v;
    }

    Object valueLike(Object kind) {
      if (kind instanceof Integer || kind instanceof Long || kind instanceof BigInteger) {
        switch (rnd.nextInt(4)) {
          case 0:
            return rnd.nextInt(256) - 128 + (rnd.nextBoolean() ? 0 : 128);
          case 1:
            return rnd.nextLong() >> rnd.nextInt(64);
          case 2:
            return new BigInteger(rnd.nextInt(66), rnd).subtract(BigInteger.valueOf(rnd.nextInt(2)));
          default:
            return (int) (rnd.nextLong() >> rnd.nextInt(64));
        }
      } else if (kind instanceof Double) {
        switch (rnd.nextInt(4)) {
          case 0:
            return Double.longBitsToDouble(rnd.nextLong());
          case 1:
            return (double) Float.intBitsToFloat(rnd.nextInt());
          case 2:
            return (rnd.nextDouble() - 0.5) * 140_000;
          default:
            return rnd.nextInt(1000);
        }
      } else if (kind instanceof Complex) {
        return rnd.nextBoolean() ? valueLike(0.0)
            : new Complex(((Number) valueLike(0.0)).doubleValue(), ((Number) valueLike(0.0)).doubleValue());
      } else if (kind instanceof byte[]) {
        int length = ((byte[]) kind).length;
        return randomBytes(length == 1 && rnd.nextInt(4) > 0 ? 1 : rnd.nextInt(length + 3));
      }
      return anything(); // '?' takes anything
    }

    Object anything() {
      switch (rnd.nextInt(24)) {
        case 0:
          return null;
        case 1:
          return rnd.nextInt();
        case 2:
          return rnd.nextLong();
        case 3:
          return new BigInteger(200, rnd).negate();
        case 4:
          return BigInteger.TWO.pow(1024 + rnd.nextInt(2000));
        case 5:
          return List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
              Double.MAX_VALUE, Double.MIN_VALUE).get(rnd.nextInt(6));
        case 6:
          return rnd.nextBoolean();
        case 7:
          return rnd.nextBoolean() ? "" : "text";
        case 8:
          return randomBytes(rnd.nextInt(5));
        case 9:
          return randomBytes(rnd.nextInt(400));
        case 10:
          return new Object();
        case 11:
          return new AtomicLong(rnd.nextLong());
        case 12:
          return new AtomicInteger(rnd.nextInt());
        case 13:
          return (short) rnd.nextInt();
        case 14:
          return (byte) rnd.nextInt();
        case 15:
          return Float.intBitsToFloat(rnd.nextInt());
        case 16:
          return new BigDecimal(rnd.nextGaussian() * 1e6);
        case 17:
          return UnsignedLong.fromLongBits(rnd.nextLong());
        case 18:
          return UnsignedInteger.fromIntBits(rnd.nextInt());
        case 19:
          LongAdder adder = new LongAdder();
          adder.add(rnd.nextLong());
          return adder;
        case 20:
          return rnd.nextBoolean() ? List.of() : List.of(1, 2);
        case 21:
          return rnd.nextBoolean() ? Map.of() : Map.of("k", 1);
        case 22:
          return new int[rnd.nextInt(3)];
        default:
          return 'c';
      }
    }

    byte[] randomBytes(int n) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      return b;
    }

    // -------------------------------------------------------------------------------------------
    // Checks

    byte[] packOrNull(Struct s, Object[] v) {
      try {
        byte[] packed = s.pack(v);
        counts[PACKED]++;
        assertEquals(s.size(), packed.length);
        return packed;
      } catch (StructError e) {
        assertNotBlank(e);
        return null;
      }
    }

    /** packInto agrees with pack: same bytes where it succeeds, the same failure, nothing half-written. */
    void checkPackInto(Struct s, byte[] packed) {
      int length = s.size() + rnd.nextInt(9) - (rnd.nextInt(6) == 0 ? 2 : 0);
      byte[] before = randomBytes(Math.max(0, length));
      int offset = randomOffset(before.length);
      for (int kind = 0; kind < 7; kind++) {
        byte[] after = packIntoKind(s, before, offset, kind);
        if (after == null) {
          continue; // failed and left untouched, checked there
        }
        assertTrue(packed != null, "packInto succeeded where pack failed");
        counts[PACKED_INTO]++;
        int at = offset < 0 ? offset + before.length : offset;
        assertArrayEquals(packed, Arrays.copyOfRange(after, at, at + s.size()));
        assertArrayEquals(Arrays.copyOfRange(before, 0, at), Arrays.copyOfRange(after, 0, at));
        assertArrayEquals(Arrays.copyOfRange(before, at + s.size(), before.length),
            Arrays.copyOfRange(after, at + s.size(), after.length));
      }
    }

    /** The buffer after a successful packInto, or null after a failed one that wrote nothing. */
    byte[] packIntoKind(Struct s, byte[] before, int offset, int kind) {
      byte[] array = before.clone();
      ByteBuffer buffer = null;
      switch (kind) {
        case 0:
          break;
        case 1:
          buffer = ByteBuffer.wrap(array);
          break;
        case 2:
          buffer = ByteBuffer.allocateDirect(array.length).put(array).clear();
          break;
        case 3:
          byte[] larger = new byte[array.length + 4];
          System.arraycopy(array, 0, larger, 2, array.length);
          buffer = ByteBuffer.wrap(larger, 2, array.length).slice();
          break;
        case 4:
          buffer = ByteBuffer.wrap(array).asReadOnlyBuffer();
          break;
        default: // spare capacity after the limit, which must stay zeros
          buffer = kind == 5 ? ByteBuffer.allocate(array.length + 4) : ByteBuffer.allocateDirect(array.length + 4);
          buffer.put(array).flip();
          break;
      }
      if (buffer != null && buffer.limit() > 0) {
        buffer.position(rnd.nextInt(buffer.limit()));
      }
      int position = buffer == null ? 0 : buffer.position();
      try {
        if (buffer == null) {
          s.packInto(array, offset, values);
        } else {
          s.packInto(buffer, offset, values);
        }
      } catch (StructError e) {
        assertNotBlank(e);
        byte[] now = buffer == null ? array : contents(buffer);
        assertArrayEquals(before, now, "a failed packInto changed the buffer (kind " + kind + ")");
        assertNothingPastTheLimit(buffer);
        return null;
      }
      assertTrue(kind != 4, "packInto wrote to a read-only buffer");
      if (buffer == null) {
        return array;
      }
      assertNothingPastTheLimit(buffer);
      assertEquals(position, buffer.position(), "packInto moved the position");
      return contents(buffer);
    }

    /** Unpacked values pack again, and give the same values: the round trip is stable. */
    void checkRoundTrip(Struct s, byte[] packed) {
      Object[] first = s.unpack(packed);
      assertEquals(s.itemCount(), first.length);
      byte[] again = s.pack(first);
      assertEquals(GoldenVectors.tokens(first), GoldenVectors.tokens(s.unpack(again)));
    }

    /** Random bytes at random offsets through every unpacking entry point. */
    void checkUnpacking(Struct s) {
      int length = rnd.nextInt(3) == 0 ? s.size() : rnd.nextInt(s.size() * 3 + 3);
      byte[] data = randomBytes(length);
      Object[] whole = expectStructErrorOrSuccess(() -> s.unpack(data));
      if (whole != null) {
        assertEquals(s.itemCount(), whole.length);
        String tokens = GoldenVectors.tokens(whole);
        assertEquals(tokens, GoldenVectors.tokens(s.unpack(window(data, false))));
        assertEquals(tokens, GoldenVectors.tokens(s.unpack(window(data, true))));
        assertEquals(tokens, GoldenVectors.tokens(s.unpack(window(data, false).asReadOnlyBuffer())));
        assertEquals(tokens, GoldenVectors.tokens(s.unpackFrom(data)));
      }
      int offset = randomOffset(length);
      Object[] from = expectStructErrorOrSuccess(() -> s.unpackFrom(data, offset));
      if (from != null) {
        counts[UNPACKED_FROM]++;
        int at = offset < 0 ? offset + length : offset;
        String tokens = GoldenVectors.tokens(s.unpack(Arrays.copyOfRange(data, at, at + s.size())));
        assertEquals(tokens, GoldenVectors.tokens(from));
        for (ByteBuffer b : List.of(ByteBuffer.wrap(data), window(data, true).slice(),
            window(data, false).slice().asReadOnlyBuffer())) {
          b.position(rnd.nextInt(b.limit() + 1));
          assertEquals(tokens, GoldenVectors.tokens(s.unpackFrom(b, offset)));
        }
      } else {
        expectStructError(() -> s.unpackFrom(ByteBuffer.wrap(data), offset));
        expectStructError(() -> s.unpackFrom(window(data, true).slice(), offset));
      }
      Iterator<Object[]> it = expectStructErrorOrSuccess(() -> s.iterUnpack(data));
      if (it != null) {
        assertTrue(s.size() > 0 && length % s.size() == 0);
        Iterator<Object[]> direct = s.iterUnpack(window(data, true));
        int n = 0;
        for (; it.hasNext(); n++) {
          Object[] next = it.next();
          assertEquals(GoldenVectors.tokens(next), GoldenVectors.tokens(direct.next()));
          assertEquals(GoldenVectors.tokens(s.unpackFrom(data, n * s.size())), GoldenVectors.tokens(next));
        }
        assertEquals(length / s.size(), n);
      } else {
        expectStructError(() -> s.iterUnpack(window(data, false)));
      }
    }

    /** The typed accessors at random items and offsets: a value or a StructError, nothing else. */
    void checkTypedAccess(Struct s, Object[] kinds) {
      byte[] buffer = randomBytes(s.size() + rnd.nextInt(4));
      for (int k = 0; k < 4; k++) {
        int item = rnd.nextInt(kinds.length + 2) - 1;
        int offset = rnd.nextInt(6) - 1;
        switch (rnd.nextInt(8)) {
          case 0:
            expectStructErrorOrSuccess(() -> s.getInt(buffer, offset, item));
            break;
          case 1:
            expectStructErrorOrSuccess(() -> s.getLong(buffer, offset, item));
            break;
          case 2:
            expectStructErrorOrSuccess(() -> s.getDouble(buffer, offset, item));
            break;
          case 3:
            expectStructErrorOrSuccess(() -> s.getBoolean(buffer, offset, item));
            break;
          case 4:
            expectUntouchedOnError(buffer, () -> s.putInt(buffer, offset, item, rnd.nextInt()));
            break;
          case 5:
            expectUntouchedOnError(buffer, () -> s.putLong(buffer, offset, item, rnd.nextLong()));
            break;
          case 6:
            double d = (Double) anythingDouble();
            expectUntouchedOnError(buffer, () -> s.putDouble(buffer, offset, item, d));
            break;
          default:
            expectUntouchedOnError(buffer, () -> s.putBoolean(buffer, offset, item, rnd.nextBoolean()));
            break;
        }
      }
      expectStructError(() -> s.getLong(null, 0, 0));
    }

    Object anythingDouble() {
      return rnd.nextBoolean() ? Double.longBitsToDouble(rnd.nextLong()) : rnd.nextGaussian() * 1e5;
    }

    int randomOffset(int length) {
      switch (rnd.nextInt(10)) {
        case 0:
          return Integer.MIN_VALUE + rnd.nextInt(3);
        case 1:
          return Integer.MAX_VALUE - rnd.nextInt(3);
        default:
          return rnd.nextInt(2 * length + 7) - length - 3;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static ByteBuffer window(byte[] data, boolean direct) {
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(data.length + 5) : ByteBuffer.allocate(data.length + 5);
    b.position(3);
    b.put(data);
    b.position(3);
    b.limit(3 + data.length);
    return b;
  }

  private static void assertNothingPastTheLimit(ByteBuffer buffer) {
    if (buffer != null) {
      ByteBuffer all = buffer.duplicate().clear(); // limit = capacity, to see past the limit
      for (int i = buffer.limit(); i < buffer.capacity(); i++) {
        assertEquals(0, all.get(i), "packInto wrote past the limit");
      }
    }
  }

  private static byte[] contents(ByteBuffer buffer) {
    byte[] b = new byte[buffer.limit()];
    buffer.get(0, b);
    return b;
  }

  interface Call<T> {
    T call();
  }

  /** The call's result, or null if it threw a StructError; any other throwable fails the test. */
  private static <T> T expectStructErrorOrSuccess(Call<T> call) {
    try {
      return call.call();
    } catch (StructError e) {
      assertNotBlank(e);
      return null;
    }
  }

  private static void expectStructError(Call<?> call) {
    try {
      call.call();
    } catch (StructError e) {
      assertNotBlank(e);
      return;
    }
    throw new AssertionError("expected a StructError");
  }

  private static void expectUntouchedOnError(byte[] buffer, Runnable write) {
    byte[] before = buffer.clone();
    try {
      write.run();
    } catch (StructError e) {
      assertNotBlank(e);
      assertArrayEquals(before, buffer, "a failed put changed the buffer");
    }
  }

  private static void assertNotBlank(StructError e) {
    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a StructError without a message");
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  private static String describeValues(Object[] values) {
    List<String> parts = new ArrayList<>();
    for (Object v : values) {
      parts.add(v == null ? "null"
          : v.getClass().getSimpleName() + ":" + (v instanceof byte[]
              ? GoldenVectors.hex((byte[]) v) : v instanceof int[] ? "int[" + ((int[]) v).length + "]" : v));
    }
    return parts.toString();
  }
}
