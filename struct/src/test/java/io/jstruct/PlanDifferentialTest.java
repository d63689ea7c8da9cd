package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Pack and unpack have two strategies: the class the {@link Generator} writes for each hot format
 * of up to {@link Generator#MAX_ITEMS} values, and the {@link Interpreter} for cold and larger
 * ones. The golden vectors run through both (GoldenVectorsTest); the fuzz corpus too, below. This holds them to each other: random formats and values,
 * through a struct of each kind, must give the same bytes, the same values and the same errors,
 * and leave the same bytes behind in a buffer when they fail.
 */
class PlanDifferentialTest {
  private static final String[] CODES = {
    "x", "c", "b", "B", "?", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "e", "f", "d", "s",
    "p", "P", "F", "D", "Zf", "Zd"};
  private static final int CASES = 3000;

  @Test
  void generatedCodeAndInterpreterAgree() {
    Random random = new Random(0xF1E1D);
    int compared = 0;
    for (int i = 0; i < CASES; i++) {
      String format = randomFormat(random);
      Platform platform = Platform.values()[random.nextInt(Platform.values().length)];
      Struct compiled;
      try {
        compiled = new Struct(format, platform);
      } catch (StructError e) {
        continue;
      }
      TierUp.now(compiled);
      Struct generic = new Struct(format, platform, false);
      assertTrue(TierUp.generated(compiled), format);
      assertFalse(TierUp.generated(generic), format);
      String where = "case " + i + " " + format + " " + platform;
      compare(where, compiled, generic, random);
      compared++;
    }
    assertTrue(compared > CASES / 2, "too few valid formats: " + compared);
  }

  @Test
  void largeStructsKeepTheInterpreter() {
    for (String format : new String[] {"65i", "65537s"}) {
      Struct large = new Struct(format, Platform.host());
      TierUp.now(large);
      assertFalse(TierUp.generated(large), format);
    }
    Struct largest = new Struct("64i", Platform.host());
    TierUp.now(largest);
    assertTrue(TierUp.generated(largest));
  }

  @Test
  void aStructGeneratesItsCodeOnceHot() {
    Struct struct = new Struct("!HIq", Platform.host());
    byte[] buffer = new byte[struct.size()];
    for (int i = 1; i < TierUp.AFTER_USES; i++) {
      struct.packInto(buffer, 0, i, (long) i, -i);
      assertFalse(TierUp.generated(struct), "generated after " + i + " uses");
    }
    assertEquals(List.of(1, 1L, -1L), List.of(struct.unpack(new byte[] {0, 1, 0, 0, 0, 1,
        -1, -1, -1, -1, -1, -1, -1, -1})));
    assertTrue(TierUp.generated(struct));
    struct.packInto(buffer, 0, 7, 8L, 9L);
    assertEquals(List.of(7, 8L, 9L), List.of(struct.unpack(buffer)));
  }

  static void compare(String where, Struct a, Struct b, Random random, Object[]... more) {
    byte[] data = new byte[a.size() + 8];
    random.nextBytes(data);
    assertEquals(
        outcome(() -> a.unpackFrom(data, 3)), outcome(() -> b.unpackFrom(data, 3)), where);
    for (int length : new int[] {a.size(), a.size() + 1, Math.max(0, a.size() - 1)}) {
      byte[] exact = Arrays.copyOf(data, length); // unpack: exactly one struct long, or an error
      assertEquals(outcome(() -> a.unpack(exact)), outcome(() -> b.unpack(exact)), where);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data);
    assertEquals(
        outcome(() -> a.unpackFrom(direct, 1)), outcome(() -> b.unpackFrom(direct, 1)), where);
    List<Object[]> valueSets = new ArrayList<>();
    Object[] random1 = new Object[a.itemCount()];
    for (int k = 0; k < random1.length; k++) {
      random1[k] = randomValue(random);
    }
    valueSets.add(random1);
    valueSets.addAll(Arrays.asList(more));
    try {
      valueSets.add(a.unpackFrom(data, 0)); // values that pack
    } catch (StructError e) {
      // nothing to add
    }
    for (Object[] values : valueSets) {
      if (values.length > 0 && random.nextInt(4) == 0) {
        values = values.clone();
        values[random.nextInt(values.length)] = randomValue(random); // maybe one bad value
      }
      Object[] v = values;
      assertEquals(outcome(() -> a.pack(v)), outcome(() -> b.pack(v)), where);
      int offset = random.nextInt(12) - 4;
      byte[] intoA = new byte[a.size() + 6];
      Arrays.fill(intoA, (byte) 0x5a);
      byte[] intoB = intoA.clone();
      assertEquals(
          outcome(() -> { a.packInto(intoA, offset, v); return intoA; }),
          outcome(() -> { b.packInto(intoB, offset, v); return intoB; }), where);
      assertEquals(Arrays.toString(intoA), Arrays.toString(intoB), where + " leaves");
      ByteBuffer bufA = ByteBuffer.allocateDirect(intoA.length);
      ByteBuffer bufB = ByteBuffer.allocateDirect(intoA.length);
      assertEquals(
          outcome(() -> { a.packInto(bufA, offset, v); return copy(bufA); }),
          outcome(() -> { b.packInto(bufB, offset, v); return copy(bufB); }), where);
    }
  }

  private static byte[] copy(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.capacity()];
    buffer.get(0, bytes);
    return bytes;
  }

  /** The result as text (type and value of each element), or the error's type and message. */
  private static String outcome(Supplier<Object> call) {
    try {
      Object result = call.get();
      if (result instanceof byte[]) {
        return Arrays.toString((byte[]) result);
      }
      StringBuilder s = new StringBuilder();
      for (Object x : (Object[]) result) {
        s.append(x.getClass().getSimpleName()).append(':')
            .append(x instanceof byte[] ? Arrays.toString((byte[]) x) : String.valueOf(x))
            .append(' ');
      }
      return s.toString();
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  private static String randomFormat(Random random) {
    String[] prefixes = {"", "@", "=", "<", ">", "!"};
    StringBuilder s = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
    int items = 1 + random.nextInt(6);
    for (int i = 0; i < items; i++) {
      int r = random.nextInt(10);
      if (r < 3) {
        s.append(random.nextInt(4));
      } else if (r == 3) {
        s.append(random.nextInt(20));
      }
      s.append(CODES[random.nextInt(CODES.length)]);
    }
    return s.toString();
  }

  private static Object randomValue(Random random) {
    long[] edges = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535,
        65536, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL, 0x100000000L, Long.MAX_VALUE,
        Long.MIN_VALUE};
    switch (random.nextInt(13)) {
      case 12:
        return new Complex(random.nextGaussian(), random.nextBoolean() ? 1e300 : -0.0);
      case 0:
      case 1:
        return (int) edges[random.nextInt(edges.length)];
      case 2:
        return edges[random.nextInt(edges.length)];
      case 3:
        return BigInteger.valueOf(edges[random.nextInt(edges.length)])
            .add(BigInteger.ONE.shiftLeft(64 * random.nextInt(2)));
      case 4:
        double[] d = {0.0, -0.0, 1.5, 65504.0, 65520.0, 1e300, Double.NaN,
            Double.NEGATIVE_INFINITY, 3.5e38, 1e-8};
        return d[random.nextInt(d.length)];
      case 5:
        return random.nextBoolean();
      case 6:
        byte[] b = new byte[random.nextInt(3) == 0 ? 1 : random.nextInt(30)];
        random.nextBytes(b);
        return b;
      case 7:
        return random.nextBoolean() ? null : "text";
      case 8:
        return (short) random.nextInt();
      case 9:
        return random.nextLong();
      default:
        return random.nextInt(200) - 100;
    }
  }
}
