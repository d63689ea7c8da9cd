package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** One test per disagreement with CPython 3.11 that the golden vectors found, kept after the fix. */
class StructRegressionTest {
  private static void assertError(String message, Executable call) {
    assertEquals(message, assertThrows(StructError.class, call).getMessage());
  }

  /** 3.11's unpack_from refuses a negative offset closer to the end than the struct's size first. */
  @Test
  void unpackFromANegativeOffsetTooCloseToTheEnd() {
    Struct s = Struct.compile("<i");
    assertError("not enough data to unpack 4 bytes at offset -2", () -> s.unpackFrom(new byte[8], -2));
    assertError("not enough data to unpack 4 bytes at offset -3", () -> s.unpackFrom(new byte[1], -3));
    assertError("not enough data to unpack 4 bytes at offset -1",
        () -> s.unpackFrom(ByteBuffer.allocateDirect(8), -1));
    assertError("offset -9 out of range for 8-byte buffer", () -> s.unpackFrom(new byte[8], -9));
    assertEquals(0x04030201, s.unpackFrom(new byte[] {9, 1, 2, 3, 4}, -4)[0]);
  }

  /**
   * CPython turns the OverflowError of an int too large for {@code e} or standard {@code f} into
   * {@code struct.error('int too large to convert')}; a float keeps the float message.
   */
  @Test
  void anIntTooLargeForAHalfOrFloatIsReportedAsAnInt() {
    assertError("int too large to convert", () -> Struct.pack("<e", 65520));
    assertError("int too large to convert", () -> Struct.pack("e", 1L << 53));
    assertError("int too large to convert", () -> Struct.pack(">f", BigInteger.TEN.pow(39)));
    assertError("int too large to convert", () -> Struct.pack("<e", new AtomicLong(70000)));
    assertError("float too large to pack with e format", () -> Struct.pack("<e", 65520.0));
    assertError("float too large to pack with f format", () -> Struct.pack("<f", 1e39));
    assertError("required argument is not a float", () -> Struct.pack("<f", BigInteger.TEN.pow(400)));
    assertEquals(4, Struct.pack("@f", BigInteger.TEN.pow(39)).length); // native f: infinity
  }
}
