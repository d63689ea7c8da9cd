package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The field accessors ({@link IntField}, {@link LongField}, {@link DoubleField}) held to the
 * typed methods ({@code getLong}, {@code putLong} ...) and to pack and unpack: same values, same
 * bytes, same errors, for every integer and float code under every prefix and platform.
 */
class FieldAccessorTest {
  private static final String[] PREFIXES = {"@", "=", "<", ">", "!"};
  private static final String INTEGER_CODES = "bBhHiIlLqQ";
  private static final String NATIVE_ONLY_CODES = "nNP";
  private static final String FLOAT_CODES = "efd";
  /** Every range boundary of 1, 2, 4 and 8-byte codes, and one past it. */
  private static final long[] EDGES = {
    0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
    Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
    0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE
  };
  private static final double[] FLOAT_EDGES = {
    0.0, -0.0, 1.0, -1.5, Double.NaN, -Double.NaN, Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
    Float.MAX_VALUE, Math.nextUp((double) Float.MAX_VALUE), 3.4028235677973366e38, 65504.0,
    65519.99, 65520.0, -65520.0, 0x1p-24, 0x1p-25, 0x1.8p-25, 5.960464477539063e-8, 1e-300,
    Math.PI
  };
  private static final int ROUNDS = 300;

  private final Random random = new Random(0x7E57_F1E1DL);

  /** Each code under every prefix and platform, at items 1 to 3, after a byte and in a run. */
  private static List<Struct> structsOf(String codes) {
    List<Struct> structs = new ArrayList<>();
    for (Platform platform : Platform.values()) {
      for (String prefix : PREFIXES) {
        String all = prefix.equals("@") ? codes + NATIVE_ONLY_CODES : codes;
        for (char code : all.toCharArray()) {
          if (FLOAT_CODES.indexOf(code) < 0 && codes.equals(FLOAT_CODES)) {
            continue; // nNP are integer codes
          }
          structs.add(Struct.compile(prefix + "b" + code + "2" + code + "x", platform));
        }
      }
    }
    return structs;
  }

  private static String message(Runnable call) {
    try {
      call.run();
      return null;
    } catch (StructError e) {
      return e.getMessage();
    }
  }

  private static String message(Function<Integer, ?> make, int item) {
    return message(() -> make.apply(item));
  }

  /** Random bytes around a struct at {@code offset} that pack and unpack give back as they are. */
  private byte[] randomBuffer(Struct s, int offset) {
    byte[] b = new byte[offset + s.size() + random.nextInt(4)];
    random.nextBytes(b);
    s.packInto(b, offset, s.unpackFrom(b, offset)); // zero pad bytes, one NaN per sign
    return b;
  }

  /**
   * Writes with the typed method and with the accessor into two copies of one random buffer:
   * both must fail with the same message, leaving the buffer as it was, or both must write the
   * same bytes; and then packing the unpacked values must give the accessor's bytes back.
   */
  private void assertSameWrite(
      Struct s, int offset, Consumer<byte[]> typed, Consumer<byte[]> accessor, String what) {
    byte[] original = randomBuffer(s, offset);
    byte[] viaTyped = original.clone();
    byte[] viaAccessor = original.clone();
    String typedError = message(() -> typed.accept(viaTyped));
    String accessorError = message(() -> accessor.accept(viaAccessor));
    assertEquals(typedError, accessorError, what);
    assertArrayEquals(viaTyped, viaAccessor, what);
    if (accessorError != null) {
      assertArrayEquals(original, viaAccessor, what + ": written although it failed");
      return;
    }
    byte[] repacked = viaAccessor.clone();
    Arrays.fill(repacked, offset, offset + s.size(), (byte) 0x5a);
    s.packInto(repacked, offset, s.unpackFrom(viaAccessor, offset));
    assertArrayEquals(viaAccessor, repacked, what + ": pack of unpack differs");
  }

  private long randomLong() {
    if (random.nextInt(4) == 0) {
      return EDGES[random.nextInt(EDGES.length)];
    }
    return random.nextLong() >> random.nextInt(64); // every magnitude, both signs
  }

  private double randomDouble() {
    switch (random.nextInt(4)) {
      case 0:
        return FLOAT_EDGES[random.nextInt(FLOAT_EDGES.length)];
      case 1:
        return Double.longBitsToDouble(random.nextLong()); // any bits, NaNs included
      default:
        return (random.nextDouble() - 0.5) * Math.scalb(1.0, random.nextInt(300) - 150);
    }
  }

  @Test
  void longFieldsAgreeWithGetLongPutLongAndPack() {
    for (Struct s : structsOf(INTEGER_CODES)) {
      for (int item = 0; item < s.itemCount(); item++) {
        LongField field = s.longField(item);
        final int it = item;
        for (int round = 0; round < ROUNDS; round++) {
          int offset = random.nextInt(5);
          long value = randomLong();
          String what = s + " item " + item + " value " + value;
          assertSameWrite(
              s, offset, b -> s.putLong(b, offset, it, value),
              b -> field.set(b, offset, value), what);
          byte[] b = randomBuffer(s, offset);
          long got = field.get(b, offset);
          assertEquals(s.getLong(b, offset, item), got, what);
          Object boxed = s.unpackFrom(b, offset)[item];
          BigInteger expected = boxed instanceof BigInteger
              ? (BigInteger) boxed : BigInteger.valueOf(((Number) boxed).longValue());
          BigInteger actual = boxed instanceof BigInteger
              ? IntegerCodec.unsigned64(got) : BigInteger.valueOf(got);
          assertEquals(expected, actual, what);
        }
      }
    }
  }

  @Test
  void intFieldsAgreeWithGetIntPutIntAndPack() {
    int made = 0;
    for (Struct s : structsOf(INTEGER_CODES)) {
      for (int item = 0; item < s.itemCount(); item++) {
        final int it = item;
        byte[] probe = new byte[s.size()];
        String getIntError = message(() -> s.getInt(probe, 0, it));
        assertEquals(getIntError, message(s::intField, item), s + " item " + item);
        if (getIntError != null) {
          continue;
        }
        IntField field = s.intField(item);
        made++;
        for (int round = 0; round < ROUNDS; round++) {
          int offset = random.nextInt(5);
          int value = (int) randomLong();
          String what = s + " item " + item + " value " + value;
          assertSameWrite(
              s, offset, b -> s.putInt(b, offset, it, value),
              b -> field.set(b, offset, value), what);
          byte[] b = randomBuffer(s, offset);
          int got = field.get(b, offset);
          assertEquals(s.getInt(b, offset, item), got, what);
          assertEquals(((Number) s.unpackFrom(b, offset)[item]).longValue(), got, what);
        }
      }
    }
    if (made < 100) {
      fail("only " + made + " int fields: the test lost its structs");
    }
  }

  @Test
  void doubleFieldsAgreeWithGetDoublePutDoubleAndPack() {
    for (Struct s : structsOf(FLOAT_CODES)) {
      for (int item = 1; item < s.itemCount(); item++) {
        DoubleField field = s.doubleField(item);
        final int it = item;
        for (int round = 0; round < ROUNDS; round++) {
          int offset = random.nextInt(5);
          double value = randomDouble();
          String what = s + " item " + item + " value " + value;
          assertSameWrite(
              s, offset, b -> s.putDouble(b, offset, it, value), b -> field.set(b, offset, value),
              what);
          byte[] b = randomBuffer(s, offset);
          double got = field.get(b, offset);
          assertEquals(
              Double.doubleToRawLongBits(s.getDouble(b, offset, item)),
              Double.doubleToRawLongBits(got), what);
          assertEquals(
              Double.doubleToRawLongBits((Double) s.unpackFrom(b, offset)[item]),
              Double.doubleToRawLongBits(got), what);
        }
      }
    }
  }

  @Test
  void roundTripsInARunOfValues() {
    Struct s = Struct.compile("<3h2Iq");
    byte[] buffer = new byte[40];
    IntField second = s.intField(1);
    LongField fourth = s.longField(4);
    second.set(buffer, 3, -12345);
    fourth.set(buffer, 3, 4_000_000_000L);
    s.longField(5).set(buffer, 3, -2);
    assertEquals(-12345, second.get(buffer, 3));
    assertEquals(4_000_000_000L, fourth.get(buffer, 3));
    Object[] values = s.unpackFrom(buffer, 3);
    assertEquals(Arrays.asList(0, -12345, 0, 0L, 4_000_000_000L, -2L), Arrays.asList(values));
    assertArrayEquals(Struct.pack("<3h2Iq", values), Arrays.copyOfRange(buffer, 3, 3 + 22));
  }

  @Test
  void exactBytes() {
    Struct header = Struct.compile("!HIq");
    byte[] buffer = new byte[16];
    header.intField(0).set(buffer, 1, 0xbeef);
    header.longField(1).set(buffer, 1, 0xfeedf00dL);
    header.longField(2).set(buffer, 1, -2);
    assertArrayEquals(
        new byte[] {0, (byte) 0xbe, (byte) 0xef, (byte) 0xfe, (byte) 0xed, (byte) 0xf0, 0x0d,
            -1, -1, -1, -1, -1, -1, -1, -2, 0},
        buffer);
    Struct quote = Struct.compile("<ef");
    quote.doubleField(0).set(buffer, 0, 1.5);
    quote.doubleField(1).set(buffer, 2, -2.0); // a struct at 2: the f is at 4
    assertEquals(0x3e00, (buffer[0] & 0xff) | (buffer[1] & 0xff) << 8);
    assertArrayEquals(new byte[] {0, 0, 0, (byte) 0xc0}, Arrays.copyOfRange(buffer, 4, 8));
  }

  @Test
  void unsigned64BitCodesTakeBitsAsLongsButRangesAsInts() {
    Struct s = Struct.compile("@QP", Platform.LP64_LITTLE_ENDIAN);
    byte[] buffer = new byte[16];
    s.longField(0).set(buffer, 0, -1);
    assertEquals(-1, s.longField(0).get(buffer, 0));
    assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), s.unpack(buffer)[0]);
    Struct q = Struct.compile("<Q");
    assertError(
        "item 0 is 'Q', whose values do not all fit an int: use getLong or longField",
        () -> q.intField(0));
  }

  @Test
  void rangeErrorsAreTheTypedMethodsErrorsAndWriteNothing() {
    Struct s = Struct.compile("!bBhHiIq");
    byte[] buffer = new byte[s.size()];
    Arrays.fill(buffer, (byte) 0x33);
    byte[] before = buffer.clone();
    assertError(
        "'b' format requires -128 <= number <= 127",
        () -> s.intField(0).set(buffer, 0, 128));
    assertError("'B' format requires 0 <= number <= 255", () -> s.longField(1).set(buffer, 0, -1));
    assertError(
        "'h' format requires -32768 <= number <= 32767",
        () -> s.intField(2).set(buffer, 0, -32769));
    assertError(
        "'H' format requires 0 <= number <= 65535",
        () -> s.intField(3).set(buffer, 0, 65536));
    assertError(
        "'i' format requires -2147483648 <= number <= 2147483647",
        () -> s.longField(4).set(buffer, 0, 1L << 31));
    assertError(
        "'I' format requires 0 <= number <= 4294967295",
        () -> s.longField(5).set(buffer, 0, 1L << 32));
    // the value is checked before the bounds, as putLong does
    assertError("'H' format requires 0 <= number <= 65535", () -> s.intField(3).set((byte[]) null, -5, -1));
    assertArrayEquals(before, buffer);
    Struct floats = Struct.compile("<efd");
    assertError(
        "float too large to pack with e format",
        () -> floats.doubleField(0).set(buffer, 0, 65520.0));
    assertError(
        "float too large to pack with f format", () -> floats.doubleField(1).set(buffer, 0, 1e39));
    assertArrayEquals(before, buffer);
    Struct nativeFloat = Struct.compile("@f");
    nativeFloat.doubleField(0).set(buffer, 0, 1e39); // native f: infinity, as CPython
    assertEquals(Double.POSITIVE_INFINITY, nativeFloat.doubleField(0).get(buffer, 0));
  }

  @Test
  void boundsErrorsAreTheTypedMethodsErrors() {
    Struct s = Struct.compile("<hId");
    IntField h = s.intField(0);
    LongField i = s.longField(1);
    DoubleField d = s.doubleField(2);
    byte[] buffer = new byte[20];
    int[] offsets = {
        -1, -14, 7, 20, 21, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 13
    };
    for (int offset : offsets) {
      String expected =
          "struct of 14 bytes does not fit at offset " + offset + " of a 20-byte buffer";
      assertEquals(expected, message(() -> s.getLong(buffer, offset, 1)));
      assertError(expected, () -> h.get(buffer, offset));
      assertError(expected, () -> h.set(buffer, offset, 1));
      assertError(expected, () -> i.get(buffer, offset));
      assertError(expected, () -> i.set(buffer, offset, 1));
      assertError(expected, () -> d.get(buffer, offset));
      assertError(expected, () -> d.set(buffer, offset, 1));
    }
    assertArrayEquals(new byte[20], buffer);
    byte[] short13 = new byte[13];
    assertError(
        "struct of 14 bytes does not fit at offset 0 of a 13-byte buffer", () -> d.get(short13, 0));
    i.set(buffer, 6, 77); // the last offset that fits
    assertEquals(77, i.get(buffer, 6));
    assertEquals(77L, s.unpackFrom(buffer, 6)[1]);
  }

  @Test
  void nullBuffer() {
    Struct s = Struct.compile("<hId");
    String expected = "a bytes-like object is required, not 'NoneType'";
    assertEquals(expected, message(() -> s.getLong(null, 0, 1)));
    assertError(expected, () -> s.intField(0).get((byte[]) null, 0));
    assertError(expected, () -> s.intField(0).set((byte[]) null, 0, 1));
    assertError(expected, () -> s.longField(1).get((byte[]) null, 0));
    assertError(expected, () -> s.longField(1).set((byte[]) null, 0, 1));
    assertError(expected, () -> s.doubleField(2).get((byte[]) null, 0));
    assertError(expected, () -> s.doubleField(2).set((byte[]) null, 0, 1));
    assertError(expected, () -> s.intField(0).get((ByteBuffer) null, 0));
    assertError(expected, () -> s.intField(0).set((ByteBuffer) null, 0, 1));
    assertError(expected, () -> s.longField(1).get((ByteBuffer) null, 0));
    assertError(expected, () -> s.longField(1).set((ByteBuffer) null, 0, 1));
    assertError(expected, () -> s.doubleField(2).get((ByteBuffer) null, 0));
    assertError(expected, () -> s.doubleField(2).set((ByteBuffer) null, 0, 1));
  }

  @Test
  void wrongItemsAndTypesAtCreationHaveTheTypedMethodsMessages() {
    Struct s = Struct.compile("<?c3sqId");
    byte[] buffer = new byte[s.size()];
    for (int item = -1; item <= s.itemCount(); item++) {
      final int it = item;
      assertEquals(message(() -> s.getInt(buffer, 0, it)), message(s::intField, item));
      assertEquals(message(() -> s.getLong(buffer, 0, it)), message(s::longField, item));
      assertEquals(message(() -> s.getDouble(buffer, 0, it)), message(s::doubleField, item));
    }
    assertError("item index 6 out of range for a struct of 6 items", () -> s.longField(6));
    assertError("item index -1 out of range for a struct of 6 items", () -> s.intField(-1));
    assertError("item 0 is '?', a bool, not an integer: use getBoolean or putBoolean", () -> s.longField(0));
    assertError("item 1 is 'c', bytes, not a float: use objectField", () -> s.doubleField(1));
    assertError(
        "item 2 is 's', bytes, not an integer: use objectField", // not "use getLong"
        () -> s.intField(2));
    assertError("item 5 is 'd', a float, not an integer: use getDouble or doubleField",
        () -> s.intField(5));
    assertError(
        "item 4 is 'I', whose values do not all fit an int: use getLong or longField",
        () -> s.intField(4));
    assertError("item 5 is 'd', a float, not an integer: use getDouble or doubleField", () -> s.longField(5));
  }

  @Test
  void describesItself() {
    Struct s = Struct.compile("!HIq");
    LongField field = s.longField(1);
    assertSame(s, field.struct());
    assertEquals(1, field.item());
    assertEquals("LongField(item 1 of \"!HIq\": I@2(4))", field.toString());
    assertEquals(
        "IntField(item 2 of \"<3h\": h@4(2))",
        Struct.compile("<3h").intField(2).toString());
    assertEquals(
        "DoubleField(item 0 of \"<d\": d@0(8))",
        Struct.compile("<d").doubleField(0).toString());
  }

  private static void assertError(String message, Runnable call) {
    StructError e = assertThrows(StructError.class, call::run);
    assertEquals(message, e.getMessage());
  }
}
