package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The field accessors on {@code ByteBuffer}s (heap, sliced, direct, read-only, in either order of
 * their own) read and write exactly what they read and write on the array the buffer holds.
 */
class ByteBufferFieldTest {
  private static final String[] FORMATS = {"!HIq", "@bhiqd", "<10i", "<eHdbQ", "=qQfe", ">BhlL"};

  /** The same bytes as buffers of every kind; index 0 is at array index {@code base}. */
  private static List<ByteBuffer> buffers(byte[] bytes, int base) {
    List<ByteBuffer> out = new ArrayList<>();
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      out.add(ByteBuffer.wrap(bytes, base, bytes.length - base).slice().order(order));
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length - base).order(order);
      direct.put(0, bytes, base, bytes.length - base);
      out.add(direct.position(3)); // the position is not used
      out.add(direct.asReadOnlyBuffer().order(order));
    }
    return out;
  }

  @Test
  void getsReadWhatTheArrayHolds() {
    Random random = new Random(7);
    for (String format : FORMATS) {
      Struct s = Struct.compile(format);
      byte[] bytes = new byte[s.size() + 5];
      random.nextBytes(bytes);
      for (ByteBuffer b : buffers(bytes, 2)) {
        for (StructField f : s.fields()) {
          int i = f.index();
          if (f.isInteger()) {
            assertEquals(s.longField(i).get(bytes, 3), s.longField(i).get(b, 1), format + i + b);
          } else {
            assertEquals(s.doubleField(i).get(bytes, 3), s.doubleField(i).get(b, 1), format + i);
          }
          if (f.isInteger() && f.size() <= 2 || f.code().equals("i")) {
            assertEquals(s.intField(i).get(bytes, 3), s.intField(i).get(b, 1), format + i);
          }
        }
        int integer = s.fields().stream().filter(StructField::isInteger).findFirst().get().index();
        assertEquals("struct of " + s.size() + " bytes does not fit at offset 4 of a buffer of "
            + "limit " + (s.size() + 3), assertThrows(StructError.class,
                () -> s.longField(integer).get(b, 4)).getMessage());
        assertThrows(StructError.class, () -> s.longField(integer).get(b, -1));
      }
    }
  }

  @Test
  void setsWriteWhatTheArraySetsWrite() {
    Random random = new Random(8);
    for (String format : FORMATS) {
      Struct s = Struct.compile(format);
      for (StructField f : s.fields()) {
        int i = f.index();
        long bits = random.nextLong();
        double x = random.nextGaussian() * 1000;
        Function<Object, Object> write = target -> {
          if (f.isInteger()) {
            long v = f.max().bitLength() > 63 ? bits : f.min().longValue() >= 0
                ? Math.floorMod(bits, f.max().longValue() + 1) : bits >> (64 - 8 * f.size());
            if (target instanceof byte[]) {
              s.longField(i).set((byte[]) target, 3, v);
            } else {
              s.longField(i).set((ByteBuffer) target, 1, v);
            }
          } else if (target instanceof byte[]) {
            s.doubleField(i).set((byte[]) target, 3, x);
          } else {
            s.doubleField(i).set((ByteBuffer) target, 1, x);
          }
          return null;
        };
        byte[] expected = new byte[s.size() + 5];
        write.apply(expected);
        for (ByteBuffer b : buffers(new byte[s.size() + 5], 2)) {
          if (b.isReadOnly()) {
            assertEquals("argument must be read-write bytes-like object, not read-only ByteBuffer",
                assertThrows(StructError.class, () -> write.apply(b)).getMessage());
            continue;
          }
          write.apply(b);
          byte[] actual = new byte[s.size() + 3];
          b.get(0, actual);
          byte[] want = new byte[s.size() + 3];
          System.arraycopy(expected, 2, want, 0, want.length);
          assertArrayEquals(want, actual, format + " item " + i + " " + b);
        }
      }
    }
    ByteBuffer small = ByteBuffer.allocate(4);
    assertEquals("'H' format requires 0 <= number <= 65535", assertThrows(StructError.class,
        () -> Struct.compile("!H").intField(0).set(small, 0, -1)).getMessage());
    assertEquals("float too large to pack with f format", assertThrows(StructError.class,
        () -> Struct.compile("<f").doubleField(0).set(small, 0, 1e300)).getMessage());
    assertArrayEquals(new byte[4], small.array()); // nothing written
  }
}
