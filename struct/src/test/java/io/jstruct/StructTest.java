package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.io.BaseEncoding;
import com.google.common.primitives.UnsignedLong;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The API's own behaviour; CPython agreement value by value is {@code GoldenVectorsTest}'s job. */
class StructTest {
  private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

  private static byte[] hex(String s) {
    return HEX.decode(s.replace(" ", ""));
  }

  private static String hex(byte[] b) {
    return HEX.encode(b);
  }

  private static void assertError(String message, Runnable call) {
    StructError e = assertThrows(StructError.class, call::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void networkOrderHeaderRoundTrips() {
    byte[] packed = Struct.pack("!HIq", 1, 2L, -1L);
    assertEquals("0001" + "00000002" + "ffffffffffffffff", hex(packed));
    Object[] values = Struct.unpack("!HIq", packed);
    assertEquals(1, values[0]);
    assertEquals(2L, values[1]);
    assertEquals(-1L, values[2]);
  }

  @Test
  void theSeedsRangeMessage() {
    assertError(
        "'i' format requires -2147483648 <= number <= 2147483647",
        () -> Struct.pack("i", 11111111111L));
    assertEquals("c78aa900", hex(Struct.pack("<i", 11111111))); // the seed's own example fits
  }

  @Test
  void nativeAlignmentFollowsThePlatform() {
    assertEquals(24, Struct.compile("@bhiqd", Platform.LP64_LITTLE_ENDIAN).size());
    assertEquals(16, Struct.compile("@bl", Platform.LP64_LITTLE_ENDIAN).size());
    assertEquals(8, Struct.compile("@bl", Platform.LLP64_LITTLE_ENDIAN).size());
    assertEquals(8, Struct.compile("@i0q", Platform.LP64_LITTLE_ENDIAN).size());
    assertEquals(
        "0001",
        hex(Struct.compile("@h", Platform.LP64_BIG_ENDIAN).pack(1)));
    assertEquals(
        "0001",
        hex(Struct.compile("=h", Platform.LP64_BIG_ENDIAN).pack(1)));
    assertEquals("0100", hex(Struct.compile("=h", Platform.LLP64_LITTLE_ENDIAN).pack(1)));
  }

  @Test
  void unpackGivesTheNarrowestTypeOfEachCode() {
    Struct s = Struct.compile("<bBhHiIlLqQ?efdc3sp", Platform.LP64_LITTLE_ENDIAN);
    Object[] v = s.unpack(new byte[s.size()]);
    Class<?>[] expected = {
      Integer.class, Integer.class, Integer.class, Integer.class, Integer.class, Long.class,
      Integer.class, Long.class, Long.class, BigInteger.class, Boolean.class, Double.class,
      Double.class, Double.class, byte[].class, byte[].class, byte[].class
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], v[i].getClass(), "item " + i);
    }
    Object[] nativeValues =
        Struct.compile("@lLnNP", Platform.LP64_LITTLE_ENDIAN).unpack(new byte[40]);
    assertEquals(Long.class, nativeValues[0].getClass());
    assertEquals(BigInteger.class, nativeValues[1].getClass());
    assertEquals(Long.class, nativeValues[2].getClass());
    assertEquals(BigInteger.class, nativeValues[3].getClass());
    assertEquals(BigInteger.class, nativeValues[4].getClass());
  }

  @Test
  void integerCodesTakeEveryIntegralType() {
    byte[] expected = Struct.pack("<Q", new BigInteger("18446744073709551615"));
    assertArrayEquals(expected, Struct.pack("<Q", UnsignedLong.MAX_VALUE));
    assertEquals("2a00", hex(Struct.pack("<h", new AtomicLong(42))));
    assertEquals("01", hex(Struct.pack("b", true)));
    assertEquals("ffff", hex(Struct.pack("<h", (short) -1)));
    assertEquals(
        new BigInteger("18446744073709551615"), Struct.unpack("<Q", hex("ffffffffffffffff"))[0]);
    assertError("required argument is not an integer", () -> Struct.pack("i", 1.0));
    assertError("required argument is not an integer", () -> Struct.pack("i", "1"));
    assertError("required argument is not an integer", () -> Struct.pack("i", (Object) null));
  }

  @Test
  void pointerTakesSignedAndUnsignedValues() {
    Struct p = Struct.compile("<P".replace('<', '@'), Platform.LP64_LITTLE_ENDIAN);
    assertEquals("ffffffffffffffff", hex(p.pack(-1)));
    assertError(
        "'P' format requires -9223372036854775808 <= number <= 18446744073709551615",
        () -> p.pack(BigInteger.ONE.shiftLeft(64)));
  }

  @Test
  void floatsFollowCPythonPerCodeAndMode() {
    assertEquals("0000807f", hex(Struct.compile("@f", Platform.LP64_LITTLE_ENDIAN).pack(1e300)));
    assertError("float too large to pack with f format", () -> Struct.pack("<f", 1e300));
    assertError("float too large to pack with e format", () -> Struct.pack("<e", 65520.0));
    assertEquals("ff7b", hex(Struct.pack("<e", 65519.0)));
    assertEquals("0068", hex(Struct.pack("<e", 2049.0))); // tie rounds to even: 2048
    assertEquals("0268", hex(Struct.pack("<e", 2051.0))); // tie rounds to even: 2052
    assertEquals("0100", hex(Struct.pack("<e", 0x1p-24))); // least subnormal
    assertEquals("007e", hex(Struct.pack("<e", Double.NaN)));
    assertEquals(-0.0, (Double) Struct.unpack("<e", hex("0080"))[0]);
    assertError("required argument is not a float", () -> Struct.pack("d", "1.0"));
    assertError(
        "required argument is not a float", () -> Struct.pack("d", BigInteger.TEN.pow(400)));
    assertEquals(1.0, Struct.unpack("<d", Struct.pack("<d", true))[0]);
  }

  @Test
  void boolUsesPythonTruthiness() {
    Struct s = Struct.compile("8?");
    // An explicit array: with a null or String first value, s.pack(null, ...) would resolve to the
    // static pack(String format, Object...).
    byte[] packed =
        s.pack(new Object[] {null, 0, 0.0, "", new byte[0], List.of(), Double.NaN, new Object()});
    assertEquals("0000000000000101", hex(packed));
    assertEquals(true, Struct.unpack("?", hex("02"))[0]);
    assertEquals("00", hex(Struct.pack("?", (Object[]) null)));
  }

  @Test
  void bytesArePaddedOrCut() {
    assertEquals("6162000000", hex(Struct.pack("5s", "ab".getBytes())));
    assertEquals("6162", hex(Struct.pack("2s", "abcdef".getBytes())));
    assertEquals("0261620000", hex(Struct.pack("5p", "ab".getBytes())));
    assertEquals("03616263", hex(Struct.pack("4p", "abcdef".getBytes())));
    byte[] big = Struct.pack("300p", new byte[299]);
    assertEquals(0xff, big[0] & 0xff); // the length byte saturates
    assertError("argument for 's' must be a bytes object", () -> Struct.pack("3s", "abc"));
    assertError(
        "char format requires a bytes object of length 1", () -> Struct.pack("c", new byte[2]));
    assertArrayEquals(new byte[] {'a', 'b'}, (byte[]) Struct.unpack("4p", hex("02616263"))[0]);
    assertArrayEquals(new byte[0], (byte[]) Struct.unpack("0p", new byte[0])[0]);
  }

  @Test
  void formatErrorsCarryCPythonsText() {
    assertError("bad char in struct format", () -> Struct.calcsize("z"));
    assertError("bad char in struct format", () -> Struct.calcsize("3 i"));
    assertError("bad char in struct format", () -> Struct.calcsize("<P"));
    assertError("repeat count given without format specifier", () -> Struct.calcsize("i3"));
    assertError("embedded null character", () -> Struct.calcsize("i\0"));
    assertError("total struct size too long", () -> Struct.calcsize("3000000000x"));
    assertError("total struct size too long", () -> Struct.calcsize("99999999999999999999x"));
    assertError("total struct size too long", () -> Struct.calcsize("2147483647x0q"));
    assertEquals(2147483647, Struct.calcsize("2147483647x"));
    assertError(
        "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)",
        () -> Struct.calcsize("ié"));
    assertError(
        "Struct() argument 1 must be a str or bytes object, not None",
        () -> Struct.compile(null));
    assertEquals(8, Struct.calcsize("i \t i"));
  }

  @Test
  void aStructTooLargeForTheHeapIsAStructError() {
    // 2^31 - 1 bytes is past HotSpot's largest array, whatever the heap size.
    assertError(
        "out of memory allocating 2147483647 bytes", () -> Struct.pack("2147483647x"));
  }

  @Test
  void wrongCountsAndSizes() {
    assertError("pack expected 2 items for packing (got 1)", () -> Struct.pack("hh", 1));
    assertError(
        "pack_into expected 1 items for packing (got 0)",
        () -> Struct.packInto("h", new byte[2], 0));
    assertError("unpack requires a buffer of 4 bytes", () -> Struct.unpack("i", new byte[3]));
    assertError(
        "unpack_from requires a buffer of at least 6 bytes for unpacking 4 bytes at offset 2"
            + " (actual buffer size is 5)",
        () -> Struct.unpackFrom("i", new byte[5], 2));
  }

  @Test
  void negativeOffsetsCountFromTheEnd() {
    byte[] buffer = new byte[8];
    Struct.packInto("<h", buffer, -2, 0x0102);
    assertEquals("0000000000000201", hex(buffer));
    assertEquals(0x0102, Struct.unpackFrom("<h", buffer, -2)[0]);
    assertError("no space to pack 2 bytes at offset -1", () -> Struct.packInto("h", buffer, -1, 1));
    assertError(
        "offset -9 out of range for 8-byte buffer", () -> Struct.packInto("h", buffer, -9, 1));
    assertError(
        "offset -9 out of range for 8-byte buffer", () -> Struct.unpackFrom("h", buffer, -9));
    assertError(
        "pack_into requires a buffer of at least 10 bytes for packing 2 bytes at offset 8"
            + " (actual buffer size is 8)",
        () -> Struct.packInto("h", buffer, 8, 1));
  }

  @Test
  void packIntoWritesNothingWhenAnyValueIsBad() {
    byte[] buffer = hex("aaaaaaaaaaaaaaaaaaaa");
    assertThrows(StructError.class, () -> Struct.packInto("<ii", buffer, 0, 1, 1L << 40));
    assertEquals("aaaaaaaaaaaaaaaaaaaa", hex(buffer));
    ByteBuffer direct = ByteBuffer.allocateDirect(10);
    assertThrows(StructError.class, () -> Struct.compile("<ii").packInto(direct, 0, 1, "x"));
    assertEquals(0, direct.get(0));
  }

  @Test
  void packIntoZeroesPadBytes() {
    byte[] buffer = hex("aaaaaaaaaaaa");
    Struct.packInto("<bxxh", buffer, 0, 1, 2);
    assertEquals("0100000200aa", hex(buffer));
  }

  enum BufferKind {
    HEAP,
    HEAP_SLICE,
    DIRECT,
    READ_ONLY
  }

  private static ByteBuffer buffer(BufferKind kind, byte[] content) {
    switch (kind) {
      case HEAP:
        return ByteBuffer.wrap(content.clone()).order(ByteOrder.LITTLE_ENDIAN);
      case HEAP_SLICE:
        byte[] bigger = new byte[content.length + 3];
        System.arraycopy(content, 0, bigger, 3, content.length);
        return ByteBuffer.wrap(bigger).position(3).slice();
      case DIRECT:
        return ByteBuffer.allocateDirect(content.length).put(content).clear();
      case READ_ONLY:
        return ByteBuffer.wrap(content.clone()).asReadOnlyBuffer();
      default:
        throw new AssertionError(kind);
    }
  }

  @ParameterizedTest
  @EnumSource(BufferKind.class)
  void byteBuffersUseAbsoluteIndexesAndKeepTheirPosition(BufferKind kind) {
    byte[] content = hex("00 0000000a 0000000b ff");
    ByteBuffer b = buffer(kind, content);
    b.position(2);
    Struct s = Struct.compile(">ii");
    assertEquals(List.of(10, 11), List.of(s.unpackFrom(b, 1)));
    assertEquals(List.of(10, 11), List.of(s.unpackFrom(b, -9)));
    assertEquals(2, b.position());
    b.position(1).limit(9);
    assertEquals(List.of(10, 11), List.of(s.unpack(b)));
    assertEquals(1, b.position());
    b.clear();
    if (kind == BufferKind.READ_ONLY) {
      assertError(
          "argument must be read-write bytes-like object, not read-only ByteBuffer",
          () -> s.packInto(b, 0, 1, 2));
      return;
    }
    b.position(5);
    s.packInto(b, -8, 0x01020304, -1);
    assertEquals(5, b.position());
    assertEquals(0x01020304, b.order(ByteOrder.BIG_ENDIAN).getInt(2));
    assertEquals(-1, b.getInt(6));
    assertEquals(0, b.get(0));
  }

  @Test
  void iterUnpackChecksTheLengthWhenCalled() {
    Iterator<Object[]> it = Struct.iterUnpack("<h", hex("01000200"));
    assertEquals(1, it.next()[0]);
    assertEquals(2, it.next()[0]);
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    assertError(
        "iterative unpacking requires a buffer of a multiple of 2 bytes",
        () -> Struct.iterUnpack("h", new byte[3]));
    assertError(
        "cannot iteratively unpack with a struct of length 0",
        () -> Struct.iterUnpack("", new byte[0]));
    ByteBuffer direct = buffer(BufferKind.DIRECT, hex("ff01000200"));
    direct.position(1);
    List<Object> values = new ArrayList<>();
    Struct.compile("<h").iterUnpack(direct).forEachRemaining(v -> values.add(v[0]));
    assertEquals(List.of(1, 2), values);
  }

  @Test
  void typedAccessReadsAndWritesSingleFields() {
    Struct s = Struct.compile("!BxHIqQd?");
    byte[] buffer = new byte[s.size() + 4];
    s.putInt(buffer, 4, 0, 200);
    s.putInt(buffer, 4, 1, 65535);
    s.putLong(buffer, 4, 2, 4_000_000_000L);
    s.putLong(buffer, 4, 3, Long.MIN_VALUE);
    s.putLong(buffer, 4, 4, -1L); // Q takes bits
    s.putDouble(buffer, 4, 5, 2.5);
    s.putBoolean(buffer, 4, 6, true);
    Object[] values = s.unpackFrom(buffer, 4);
    assertEquals(
        List.of(200, 65535, 4_000_000_000L, Long.MIN_VALUE, new BigInteger("18446744073709551615"),
            2.5, true),
        List.of(values));
    assertEquals(200, s.getInt(buffer, 4, 0));
    assertEquals(4_000_000_000L, s.getLong(buffer, 4, 2));
    assertEquals(-1L, s.getLong(buffer, 4, 4));
    assertEquals(2.5, s.getDouble(buffer, 4, 5));
    assertTrue(s.getBoolean(buffer, 4, 6));
    assertError(
        "'B' format requires 0 <= number <= 255", () -> s.putInt(buffer, 4, 0, 256));
    assertError(
        "'I' format requires 0 <= number <= 4294967295", () -> s.putLong(buffer, 4, 2, -1));
    assertError(
        "item 2 is 'I', whose values do not all fit an int: use getLong or longField",
        () -> s.getInt(buffer, 4, 2));
    assertError("item 5 is 'd', a float, not an integer: use getDouble or doubleField", () -> s.getLong(buffer, 4, 5));
    assertError(
        "item index 7 out of range for a struct of 7 items", () -> s.getInt(buffer, 0, 7));
    assertError(
        "struct of 33 bytes does not fit at offset 5 of a 37-byte buffer",
        () -> s.getInt(buffer, 5, 0));
  }

  @Test
  void typedAccessFindsValuesInsideRepeatCounts() {
    Struct s = Struct.compile("<3h2xi5sd");
    byte[] buffer = s.pack(1, 2, 3, 4, "abcde".getBytes(), 6.0);
    assertEquals(3, s.getInt(buffer, 0, 2));
    assertEquals(4, s.getInt(buffer, 0, 3));
    assertEquals(6.0, s.getDouble(buffer, 0, 5));
    s.putInt(buffer, 0, 1, -7);
    assertEquals(-7, s.unpack(buffer)[1]);
    assertError("item 4 is 's', bytes, not an integer: use objectField", () -> s.getLong(buffer, 0, 4));
  }

  @Test
  void compiledStructsAreCachedAndEqualByFormat() {
    Struct.clearCache();
    Struct a = Struct.compile("<hq");
    assertSame(a, Struct.compile("<hq"));
    assertEquals(a, new Struct("<hq", Platform.host()));
    assertNotEquals(a, Struct.compile("<hq", otherPlatform()));
    assertEquals("<hq", a.format());
    assertEquals(10, a.size());
    assertEquals(2, a.itemCount());
  }

  @Test
  void cacheIsBoundedByCountAndWeight() {
    Struct.clearCache();
    for (int i = 0; i < StructCache.MAX_ENTRIES * 3; i++) {
      Struct.compile(i + "x");
      assertTrue(Struct.cacheSize() <= StructCache.MAX_ENTRIES);
    }
    Struct.clearCache();
    Struct huge = Struct.compile("b".repeat(1 << 19));
    assertEquals(1 << 19, huge.size());
    assertEquals(0, Struct.cacheSize()); // heavier than a quarter of the budget: never cached
  }

  @Test
  void toStringShowsTheLayout() {
    assertEquals(
        "Struct(\"@bhiqd\", size=24: b@0(1) h@2(2) i@4(4) q@8(8) d@16(8))",
        Struct.compile("@bhiqd", Platform.host()).toString().replace(", " + Platform.host(), ""));
    assertEquals(
        "Struct(\"<2i10s1000B\", size=1018: i@0(4) i@4(4) s@8(10) 1000\u00d7B@18(1 each))",
        Struct.compile("<2i10s1000B").toString());
  }

  private static Platform otherPlatform() {
    return Platform.host() == Platform.LP64_LITTLE_ENDIAN
        ? Platform.LLP64_LITTLE_ENDIAN
        : Platform.LP64_LITTLE_ENDIAN;
  }
}
