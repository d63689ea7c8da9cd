package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ASM is needed for speed, not for correctness: with it, a hot struct runs generated code; left
 * out of the class path (the surefire execution {@code asm-absent}, which says so with
 * {@code -Dasm.absent=true}), every struct is interpreted and gives the same bytes and values.
 * Before, a struct without ASM failed at its first use with {@code NoClassDefFoundError:
 * org/objectweb/asm/Type}.
 */
class GeneratorPresenceTest {
  private static final boolean ABSENT = Boolean.getBoolean("asm.absent");

  record Reading(int sensor, long micros, double value) {}

  @Test
  void hotStructsAreGeneratedExactlyWhenAsmIsThere() {
    assertEquals(!ABSENT, TierUp.CAN_GENERATE);
    Struct s = Struct.compile("!HIq");
    byte[] expected = {0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3};
    for (int i = 0; i < 2 * TierUp.AFTER_USES; i++) {
      assertArrayEquals(expected, s.pack(1, 2L, 3L));
      assertEquals(List.of(1, 2L, 3L), List.of(s.unpack(expected)));
    }
    assertEquals(!ABSENT, TierUp.generated(s));
    TierUp.now(s); // a no-op without ASM, not a crash
    assertEquals(!ABSENT, TierUp.generated(s));
  }

  @Test
  void recordsRoundTripWithOrWithoutAsm() {
    StructRecord<Reading> readings = StructRecord.of(Reading.class, "<Hqd");
    Reading r = new Reading(7, -5L, 2.5);
    for (int i = 0; i < 2 * TierUp.AFTER_USES; i++) {
      byte[] bytes = readings.pack(r);
      assertArrayEquals(Struct.pack("<Hqd", 7, -5L, 2.5), bytes);
      assertEquals(r, readings.unpack(bytes));
    }
  }
}
