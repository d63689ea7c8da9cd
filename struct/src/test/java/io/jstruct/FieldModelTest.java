package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public field model ({@link Struct#fields()}) and the complex codes that it describes. */
class FieldModelTest {
  private static String describe(StructField f) {
    return f.index() + ":" + f.code() + "@" + f.offset() + "/" + f.size() + " " + f.kind() + " "
        + f.javaType().getSimpleName();
  }

  private static List<String> describe(Struct s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(describe(f));
    }
    return out;
  }

  @Test
  void fieldsListEveryValueWithItsPlaceAndKind() {
    Struct s = Struct.compile("@bhiqd", Platform.LP64_LITTLE_ENDIAN);
    assertEquals(List.of(
        "0:b@0/1 SIGNED_INTEGER Integer", "1:h@2/2 SIGNED_INTEGER Integer",
        "2:i@4/4 SIGNED_INTEGER Integer", "3:q@8/8 SIGNED_INTEGER Long",
        "4:d@16/8 FLOAT Double"), describe(s));
    assertEquals(List.of(
        "0:H@0/2 UNSIGNED_INTEGER Integer", "1:I@2/4 UNSIGNED_INTEGER Long",
        "2:Q@6/8 UNSIGNED_INTEGER BigInteger", "3:s@14/5 BYTES byte[]",
        "4:p@19/3 PASCAL_STRING byte[]", "5:?@22/1 BOOL Boolean", "6:c@23/1 CHAR byte[]",
        "7:Zd@24/16 COMPLEX Complex", "8:F@40/8 COMPLEX Complex"),
        describe(Struct.compile("!HIQ5s3p?cZdF")));
    assertEquals(ByteOrder.BIG_ENDIAN, Struct.compile("!h").fields().get(0).order());
    assertEquals(ByteOrder.LITTLE_ENDIAN, Struct.compile("<h").fields().get(0).order());
  }

  @Test
  void repeatCountsMakeOneFieldPerValueAndPadBytesNone() {
    assertEquals(List.of("0:h@1/2 SIGNED_INTEGER Integer", "1:h@3/2 SIGNED_INTEGER Integer",
        "2:h@5/2 SIGNED_INTEGER Integer", "3:Zf@7/8 COMPLEX Complex",
        "4:Zf@15/8 COMPLEX Complex"), describe(Struct.compile("<x3h2Zf")));
    Struct large = Struct.compile("<100000000x3000000i");
    assertEquals(3_000_000, large.fields().size());
    assertEquals(100_000_000 + 4 * 2_999_999, large.fields().get(2_999_999).offset());
    assertThrows(UnsupportedOperationException.class, () -> large.fields().remove(0));
  }

  @Test
  void integerFieldsPublishTheirRange() {
    StructField i = Struct.compile("<i").fields().get(0);
    assertTrue(i.isInteger());
    assertEquals(BigInteger.valueOf(Integer.MIN_VALUE), i.min());
    assertEquals(BigInteger.valueOf(Integer.MAX_VALUE), i.max());
    StructField pointer = Struct.compile("@P", Platform.LP64_LITTLE_ENDIAN).fields().get(0);
    assertEquals(BigInteger.ONE.shiftLeft(63).negate(), pointer.min());
    assertEquals(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), pointer.max());
    StructField d = Struct.compile("<d").fields().get(0);
    assertFalse(d.isInteger());
    assertEquals("field 0 is 'd', a float: it has no max",
        assertThrows(StructError.class, d::max).getMessage());
    assertEquals(d, Struct.compile("<d").fields().get(0));
  }

  @Test
  void twoLetterCodesAreOneItemAndHalfOfOneIsABadChar() {
    assertEquals(48, Struct.calcsize("<3Zd"));
    assertEquals(3, Struct.compile("<3Zd").itemCount());
    assertEquals(24, Struct.calcsize("@bD")); // aligned as double
    assertEquals(12, Struct.calcsize("@bZf")); // aligned as float
    for (String bad : new String[] {"Z", "<Z", "Zx", "Z d", "Z3f", "3Z", "Zi", "ZZf", "zd"}) {
      assertEquals("bad char in struct format",
          assertThrows(StructError.class, () -> Struct.compile(bad)).getMessage(), bad);
    }
  }

  @Test
  void complexCodesPackAsTwoFloatsOfTheirCode() {
    Complex z = new Complex(1.5, -2.25);
    assertArrayEquals(Struct.pack("<dd", 1.5, -2.25), Struct.pack("<Zd", z));
    assertArrayEquals(Struct.pack("<dd", 1.5, -2.25), Struct.pack("<D", z));
    assertArrayEquals(Struct.pack(">ff", 1.5, -2.25), Struct.pack(">Zf", z));
    assertArrayEquals(Struct.pack(">ff", 3, 0), Struct.pack(">F", 3)); // a real number
    assertArrayEquals(Struct.pack(">ff", 1, 0), Struct.pack(">F", true));
    assertEquals(List.of(z, new Complex(7, 0)),
        List.of(Struct.unpack("<2Zd", Struct.pack("<dddd", 1.5, -2.25, 7.0, 0.0))));
    assertEquals("required argument is not a complex",
        assertThrows(StructError.class, () -> Struct.pack("<Zd", "1")).getMessage());
    assertEquals("required argument is not a complex",
        assertThrows(StructError.class, () -> Struct.pack("<Zd", (Object) null)).getMessage());
    assertEquals("float too large to pack with f format", assertThrows(StructError.class,
        () -> Struct.pack("<Zf", new Complex(0, 1e300))).getMessage());
    byte[] nativeF = Struct.pack("@F", new Complex(1e300, 0)); // native f does not check
    assertEquals(new Complex(Double.POSITIVE_INFINITY, 0), Struct.unpack("@F", nativeF)[0]);
  }

  /**
   * Guava is optional: its unsigned types are known by name, so nothing links to Guava. The
   * surefire execution {@code guava-absent} runs this class again without Guava on the class path
   * (and says so with {@code -Dguava.absent=true}).
   */
  @Test
  void runsWithOrWithoutGuava() {
    boolean absent = Boolean.getBoolean("guava.absent");
    boolean loadable;
    try {
      Class.forName("com.google.common.primitives.UnsignedLong");
      loadable = true;
    } catch (ClassNotFoundException e) {
      loadable = false;
    }
    assertEquals(!absent, loadable, "Guava should be " + (absent ? "absent" : "present"));
    Struct s = new Struct("<i", Platform.host());
    for (int i = 0; i < 2 * TierUp.AFTER_USES; i++) { // interpreted, then generated code
      for (Object value : new Object[] {1.5, "1", new Object(), null}) {
        assertEquals("required argument is not an integer",
            assertThrows(StructError.class, () -> s.pack(value)).getMessage());
      }
      assertArrayEquals(new byte[] {(byte) i, 0, 0, 0}, s.pack(i));
    }
    assertTrue(TierUp.generated(s));
  }
}
