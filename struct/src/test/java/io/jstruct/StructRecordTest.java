package io.jstruct;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Binding checks, their messages, and the value rules of StructRecord. */
class StructRecordTest {
  record Student(String name, int serialnum, int school, int gradelevel) {}

  record Three(int a, int b, int c) {}

  record One(int value) {}

  record Unsigned(long bits) {}

  record Padded(byte first, short second) {}

  record Names(String a, byte[] b) {}

  private static String bindError(Class<? extends Record> type, String format) {
    return assertThrows(StructError.class, () -> StructRecord.of(type, format, US_ASCII))
        .getMessage();
  }

  @Test
  void countMismatchNamesTheRecordAndBothCounts() {
    assertEquals("record Three has 3 components, but format '<10sHHb' has 4 items",
        bindError(Three.class, "<10sHHb"));
    assertEquals("record One has 1 component, but format 'ii' has 2 items",
        bindError(One.class, "ii"));
  }

  @Test
  void aBadFormatIsCPythonsMessageWithTheRecord() {
    assertEquals("record One: format 'z': bad char in struct format", bindError(One.class, "z"));
  }

  /** One row per rule of the table in StructRecord's javadoc: what binds and what does not. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "b | byte short int long java.math.BigInteger",
      "B | short int long java.math.BigInteger",
      "h | short int long java.math.BigInteger",
      "H | int long java.math.BigInteger",
      "i | int long java.math.BigInteger",
      "I | long java.math.BigInteger",
      "<l | int long java.math.BigInteger",
      "q | long java.math.BigInteger",
      "Q | long java.math.BigInteger",
      "? | boolean",
      "e | float double",
      "f | float double",
      "d | double",
      "c | byte[]",
      "5s | byte[] java.lang.String",
      "5p | byte[] java.lang.String",
  })
  void eachCodeBindsExactlyTheTypesThatHoldEveryValue(String format, String allowed) {
    List<String> all = List.of("byte", "short", "int", "long", "float", "double", "boolean",
        "byte[]", "java.lang.String", "java.math.BigInteger", "java.lang.Integer", "char");
    List<String> ok = List.of(allowed.split(" "));
    for (String type : all) {
      if (ok.contains(type)) {
        StructRecord.checkBinding("R", format, "US-ASCII", List.of("x"), List.of(type));
      } else {
        StructError e = assertThrows(StructError.class, () ->
            StructRecord.checkBinding("R", format, "US-ASCII", List.of("x"), List.of(type)));
        assertTrue(e.getMessage().startsWith("record R, component x: '"), e.getMessage());
        assertTrue(e.getMessage().endsWith(", not " + RecordTypes.simple(type)), e.getMessage());
      }
    }
  }

  @Test
  void aTypeMismatchNamesTheRecordComponentCodeAndWhatWouldFit() {
    record Wrong(String name, short serialnum, int school, int gradelevel) {}
    assertEquals("record Wrong, component serialnum: 'H' (0 <= number <= 65535) needs int or "
        + "long or BigInteger, not short", bindError(Wrong.class, "<10sHHb"));
    record Flag(int flag) {}
    assertEquals("record Flag, component flag: '?' needs boolean, not int",
        bindError(Flag.class, "?"));
  }

  @Test
  void theRuntimeCheckAndTheNameCheckGiveTheSameText() {
    record Wrong(String name, short serialnum, int school, int gradelevel) {}
    StructError byName = assertThrows(StructError.class, () -> StructRecord.checkBinding("Wrong",
        "<10sHHb", "US-ASCII", List.of("name", "serialnum", "school", "gradelevel"),
        List.of("java.lang.String", "short", "int", "int")));
    assertEquals(bindError(Wrong.class, "<10sHHb"), byName.getMessage());
  }

  @Test
  void aStringComponentNeedsACharset() {
    StructError e = assertThrows(StructError.class,
        () -> StructRecord.of(Student.class, "<10sHHb"));
    assertEquals("record Student, component name: a String for 's' needs a charset to encode and "
        + "decode it (give one at binding, or in @StructFormat(charset = ...))", e.getMessage());
  }

  @Test
  void theAnnotationFormNeedsTheAnnotation() {
    StructError e = assertThrows(StructError.class, () -> StructRecord.of(Student.class));
    assertEquals("record Student has no @StructFormat: annotate it or pass the format to "
        + "StructRecord.of", e.getMessage());
    @StructFormat(value = "i", charset = "no-such-charset")
    record Odd(int x) {}
    assertEquals("record Odd: unsupported charset 'no-such-charset'",
        assertThrows(StructError.class, () -> StructRecord.of(Odd.class)).getMessage());
  }

  @Test
  void thePythonDocsStudentWithoutACast() {
    StructRecord<Student> students = StructRecord.of(Student.class, "<10sHHb", US_ASCII);
    byte[] record = "raymond   \u0032\u0012\u0008\u0001\u0008".getBytes(US_ASCII);
    Student s = students.unpack(record);
    assertEquals(new Student("raymond   ", 4658, 264, 8), s);
    // Immune to the overload pitfall: the record is one argument, never a format.
    assertArrayEquals(record, students.pack(s));
    assertEquals("Student(name='raymond   ', serialnum=4658, school=264, gradelevel=8)",
        students.repr(s));
    // zero-padded on pack, NULs stripped on unpack
    byte[] packed = students.pack(new Student("ray", 1, 2, 3));
    assertEquals("(b'ray\\x00\\x00\\x00\\x00\\x00\\x00\\x00', 1, 2, 3)",
        Struct.repr(students.struct().unpack(packed)));
    assertEquals(new Student("ray", 1, 2, 3), students.unpack(packed));
  }

  @Test
  void packChecksValuesAsStructDoesAndWritesNothingOnError() {
    StructRecord<Student> students = StructRecord.of(Student.class, "<10sHHb", US_ASCII);
    byte[] buffer = new byte[15];
    StructError range = assertThrows(StructError.class,
        () -> students.packInto(buffer, 0, new Student("ok", 1, 2, 300)));
    assertEquals("'b' format requires -128 <= number <= 127", range.getMessage());
    StructError nul = assertThrows(StructError.class,
        () -> students.packInto(buffer, 0, new Student(null, 1, 2, 3)));
    assertEquals("record Student, component name is null", nul.getMessage());
    assertArrayEquals(new byte[15], buffer);
    assertEquals("record Student == null",
        assertThrows(StructError.class, () -> students.pack(null)).getMessage());
  }

  @Test
  void aLaterComponentOutOfRangeLeavesEveryByteAlone() {
    record Two(int a, float b, int c) {}
    StructRecord<Two> two = StructRecord.of(Two.class, "<beb");
    byte[] buffer = {7, 7, 7, 7, 7};
    assertEquals("'b' format requires -128 <= number <= 127", assertThrows(StructError.class,
        () -> two.packInto(buffer, 0, new Two(1, 2f, 128))).getMessage());
    assertEquals("float too large to pack with e format", assertThrows(StructError.class,
        () -> two.packInto(buffer, 0, new Two(1, 1e6f, 1))).getMessage());
    assertArrayEquals(new byte[] {7, 7, 7, 7, 7}, buffer);
    assertArrayEquals(Struct.pack("<beb", 1, 2.0, -3), two.pack(new Two(1, 2f, -3)));
  }

  @Test
  void padAndAlignmentBytesAreZeroedInADirtyBuffer() {
    record Aligned(byte b, long q) {}
    StructRecord<Aligned> aligned = StructRecord.of(Aligned.class, "@bxq");
    byte[] buffer = new byte[aligned.size()];
    java.util.Arrays.fill(buffer, (byte) 0x55);
    aligned.packInto(buffer, 0, new Aligned((byte) 1, 2L));
    assertArrayEquals(Struct.pack("@bxq", 1, 2L), buffer);
  }

  @Test
  void complexComponents() {
    record Wave(Complex a, Complex b) {}
    StructRecord<Wave> wave = StructRecord.of(Wave.class, "<ZdF");
    Wave w = new Wave(new Complex(1.5, -2), new Complex(0.25, 4));
    assertArrayEquals(Struct.pack("<ZdF", w.a(), w.b()), wave.pack(w));
    assertEquals(w, wave.unpack(wave.pack(w)));
    assertEquals("record Bad, component x: 'Zd' needs Complex, not double",
        assertThrows(StructError.class, () -> StructRecord.checkBinding("Bad", "Zd", null,
            List.of("x"), List.of("double"))).getMessage());
  }

  @Test
  void unsignedSixtyFourBitCodesBindToLongAsTheirBits() {
    StructRecord<Unsigned> q = StructRecord.of(Unsigned.class, "<Q");
    byte[] max = new byte[8];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertEquals(-1L, q.unpack(max).bits());
    assertEquals("18446744073709551615", Long.toUnsignedString(q.unpack(max).bits()));
    assertArrayEquals(max, q.pack(new Unsigned(-1L)));
  }

  @Test
  void padBytesHaveNoComponentAndPackAsZeros() {
    StructRecord<Padded> padded = StructRecord.of(Padded.class, ">bxxh");
    byte[] bytes = padded.pack(new Padded((byte) -1, (short) 258));
    assertArrayEquals(new byte[] {-1, 0, 0, 1, 2}, bytes);
    assertEquals(new Padded((byte) -1, (short) 258), padded.unpack(bytes));
  }

  @Test
  void offsetsAndSizesFollowStructsRules() {
    StructRecord<One> one = StructRecord.of(One.class, "<i");
    byte[] buffer = {9, 1, 0, 0, 0};
    assertEquals(new One(1), one.unpackFrom(buffer, 1));
    assertEquals(new One(1), one.unpackFrom(buffer, -4));
    assertEquals("unpack_from requires a buffer of at least 8 bytes for unpacking 4 bytes at "
        + "offset 4 (actual buffer size is 5)",
        assertThrows(StructError.class, () -> one.unpackFrom(buffer, 4)).getMessage());
    assertEquals("unpack requires a buffer of 4 bytes",
        assertThrows(StructError.class, () -> one.unpack(buffer)).getMessage());
    assertEquals("a bytes-like object is required, not 'NoneType'",
        assertThrows(StructError.class, () -> one.unpack((byte[]) null)).getMessage());
  }

  @Test
  void relativeGetAndPutWalkABuffer() {
    StructRecord<One> one = StructRecord.of(One.class, "<i");
    StructRecord<Names> names = StructRecord.of(Names.class, "3s2s", UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(4 + 5);
    one.put(buffer, new One(7));
    names.put(buffer, new Names("é", new byte[] {1, 2}));
    assertEquals(9, buffer.position());
    buffer.flip();
    assertEquals(new One(7), one.get(buffer));
    Names back = names.get(buffer);
    assertEquals("é", back.a());
    assertArrayEquals(new byte[] {1, 2}, back.b());
    assertEquals(0, buffer.remaining());
  }

  @Test
  void bigIntegerAndWideComponents() {
    record Wide(BigInteger q, long i, double f) {}
    StructRecord<Wide> wide = StructRecord.of(Wide.class, "<QIf");
    Wide value = new Wide(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), 4294967295L, 0.5);
    assertEquals(value, wide.unpack(wide.pack(value)));
    assertEquals("Wide(q=18446744073709551615, i=4294967295, f=0.5)", wide.repr(value));
  }

  @Test
  void aLookupThatCannotReachTheRecordIsAClearError() {
    StructError e = assertThrows(StructError.class, () ->
        StructRecord.of(One.class, "i", null, MethodHandles.publicLookup()));
    assertTrue(e.getMessage().startsWith("record One is not accessible to jstruct ("),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("pass a lookup from its package, StructRecord.of("
        + "One.class, format, charset, MethodHandles.lookup())"), e.getMessage());
    // the caller's own lookup reaches it
    assertEquals(new One(5),
        StructRecord.of(One.class, "i", null, MethodHandles.lookup()).unpack(Struct.pack("i", 5)));
  }

  @Test
  void notARecord() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Record> notRecord = (Class) String.class;
    assertEquals("java.lang.String is not a record",
        assertThrows(StructError.class, () -> StructRecord.of(notRecord, "i")).getMessage());
  }
}
