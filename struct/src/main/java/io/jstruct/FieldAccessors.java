package io.jstruct;

/**
 * Makes the field accessors: one small record per op (kind, width and byte order), so that a
 * call through a {@code static final} inlines to one bounds check, one range check where the code
 * needs one, and one {@code VarHandle} load or store, with no {@code switch} on the op left at
 * run time.
 *
 * <p>Why records: the JIT folds the final fields of a constant object only when it trusts them
 * not to change, which it does for records (and hidden classes) but not for ordinary classes. So
 * through a {@code static final} accessor, {@code position} and {@code structSize} are constants
 * in the compiled code: the field's address is {@code structOffset + 2}, the bounds check
 * compares against {@code 14}, and several fields of one struct read in a row share one bounds
 * check, since their checks are the same expression. (A single class switching on an op held in
 * a field would keep the switch, for the same reason.)
 *
 * <p>{@link Struct#intField} and its siblings have checked the item and its type before calling
 * here. Each {@code set} checks the value before the bounds, as {@code putLong} does, so the two
 * report the same error when both are wrong.
 */
final class FieldAccessors {
  private FieldAccessors() {}

  static IntField intField(Struct struct, int item, Code code, int position) {
    FormatDef def = code.def;
    int size = struct.size();
    switch (code.op) {
      case Op.I8:
        return new Int8(struct, item, def, position, size);
      case Op.U8:
        return new IntU8(struct, item, def, position, size);
      case Op.I16_BE:
        return new Int16Be(struct, item, def, position, size);
      case Op.U16_BE:
        return new IntU16Be(struct, item, def, position, size);
      case Op.I32_BE:
        return new Int32Be(struct, item, def, position, size);
      case Op.I16_LE:
        return new Int16Le(struct, item, def, position, size);
      case Op.U16_LE:
        return new IntU16Le(struct, item, def, position, size);
      case Op.I32_LE:
        return new Int32Le(struct, item, def, position, size);
      default:
        throw new AssertionError("op " + code.op + " has no IntField");
    }
  }

  static LongField longField(Struct struct, int item, Code code, int position) {
    FormatDef def = code.def;
    int size = struct.size();
    switch (code.op) {
      case Op.I8:
        return new Long8(struct, item, def, position, size);
      case Op.U8:
        return new LongU8(struct, item, def, position, size);
      case Op.I16_BE:
        return new Long16Be(struct, item, def, position, size);
      case Op.U16_BE:
        return new LongU16Be(struct, item, def, position, size);
      case Op.I32_BE:
        return new Long32Be(struct, item, def, position, size);
      case Op.U32_BE:
        return new LongU32Be(struct, item, def, position, size);
      case Op.I64_BE:
      case Op.U64_BE:
        return new Long64Be(struct, item, def, position, size);
      case Op.I16_LE:
        return new Long16Le(struct, item, def, position, size);
      case Op.U16_LE:
        return new LongU16Le(struct, item, def, position, size);
      case Op.I32_LE:
        return new Long32Le(struct, item, def, position, size);
      case Op.U32_LE:
        return new LongU32Le(struct, item, def, position, size);
      case Op.I64_LE:
      case Op.U64_LE:
        return new Long64Le(struct, item, def, position, size);
      default:
        throw new AssertionError("op " + code.op + " has no LongField");
    }
  }

  static DoubleField doubleField(Struct struct, int item, Code code, int position) {
    FormatDef def = code.def;
    int size = struct.size();
    switch (code.op) {
      case Op.F16_BE:
        return new HalfBe(struct, item, def, position, size);
      case Op.F32_BE:
        return new FloatBe(struct, item, def, position, size);
      case Op.F32_BE_UNCHECKED:
        return new FloatUncheckedBe(struct, item, def, position, size);
      case Op.F64_BE:
        return new DoubleBe(struct, item, def, position, size);
      case Op.F16_LE:
        return new HalfLe(struct, item, def, position, size);
      case Op.F32_LE:
        return new FloatLe(struct, item, def, position, size);
      case Op.F32_LE_UNCHECKED:
        return new FloatUncheckedLe(struct, item, def, position, size);
      case Op.F64_LE:
        return new DoubleLe(struct, item, def, position, size);
      default:
        throw new AssertionError("op " + code.op + " has no DoubleField");
    }
  }

  /** {@code LongField(item 1 of "!HIq": I@2(4))}. */
  static String describe(String kind, Struct struct, int item, FormatDef def, int position) {
    return kind + "(item " + item + " of \"" + struct.format() + "\": " + def.code + "@" + position
        + "(" + def.size + "))";
  }

  // ---------------------------------------------------------------------------------------------
  // IntFields

  /** {@link Op#I8}, for {@code b} and every code of that width and byte order. */
  record Int8(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return b[at];
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      b[at] = (byte) value;
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#U8}, for {@code B} and every code of that width and byte order. */
  record IntU8(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return b[at] & 0xff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      b[at] = (byte) value;
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#I16_BE}, for {@code h} and every code of that width and byte order. */
  record Int16Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_BE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_BE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#U16_BE}, for {@code H} and every code of that width and byte order. */
  record IntU16Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_BE.get(b, at) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_BE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#I32_BE}, for {@code i} and every code of that width and byte order. */
  record Int32Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_BE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, int value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_BE.set(b, at, value); // every int fits
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#I16_LE}, for {@code h} and every code of that width and byte order. */
  record Int16Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_LE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_LE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#U16_LE}, for {@code H} and every code of that width and byte order. */
  record IntU16Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_LE.get(b, at) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_LE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }

  /** {@link Op#I32_LE}, for {@code i} and every code of that width and byte order. */
  record Int32Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements IntField {
    @Override
    public int get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_LE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, int value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_LE.set(b, at, value); // every int fits
    }

    @Override
    public String toString() {
      return describe("IntField", struct, item, def, position);
    }
  }


  // ---------------------------------------------------------------------------------------------
  // LongFields

  /** {@link Op#I8}, for {@code b} and every code of that width and byte order. */
  record Long8(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return b[at];
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      b[at] = (byte) value;
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#U8}, for {@code B} and every code of that width and byte order. */
  record LongU8(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return b[at] & 0xff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      b[at] = (byte) value;
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I16_BE}, for {@code h} and every code of that width and byte order. */
  record Long16Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_BE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_BE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#U16_BE}, for {@code H} and every code of that width and byte order. */
  record LongU16Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_BE.get(b, at) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_BE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I32_BE}, for {@code i} and every code of that width and byte order. */
  record Long32Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_BE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_BE.set(b, at, (int) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#U32_BE}, for {@code I} and every code of that width and byte order. */
  record LongU32Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_BE.get(b, at) & 0xffff_ffffL;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_BE.set(b, at, (int) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I64_BE} and {@link Op#U64_BE}: {@code q}, and {@code Q N P} as their bits. */
  record Long64Be(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (long) FieldIo.LONG_BE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.LONG_BE.set(b, at, value); // q: every long fits; Q N P: the bits
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I16_LE}, for {@code h} and every code of that width and byte order. */
  record Long16Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_LE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_LE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#U16_LE}, for {@code H} and every code of that width and byte order. */
  record LongU16Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (short) FieldIo.SHORT_LE.get(b, at) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_LE.set(b, at, (short) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I32_LE}, for {@code i} and every code of that width and byte order. */
  record Long32Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_LE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_LE.set(b, at, (int) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#U32_LE}, for {@code I} and every code of that width and byte order. */
  record LongU32Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (int) FieldIo.INT_LE.get(b, at) & 0xffff_ffffL;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_LE.set(b, at, (int) value);
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }

  /** {@link Op#I64_LE} and {@link Op#U64_LE}: {@code q}, and {@code Q N P} as their bits. */
  record Long64Le(Struct struct, int item, FormatDef def, int position, int structSize)
      implements LongField {
    @Override
    public long get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return (long) FieldIo.LONG_LE.get(b, at);
    }

    @Override
    public void set(byte[] b, int o, long value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.LONG_LE.set(b, at, value); // q: every long fits; Q N P: the bits
    }

    @Override
    public String toString() {
      return describe("LongField", struct, item, def, position);
    }
  }


  // ---------------------------------------------------------------------------------------------
  // DoubleFields

  /** {@link Op#F16_BE}, for {@code e} and every code of that width and byte order. */
  record HalfBe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Half.toDouble((short) FieldIo.SHORT_BE.get(b, at) & 0xffff);
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int bits = Half.toBits(value); // throws when too large for e
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_BE.set(b, at, (short) bits);
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F32_BE}, for {@code f} and every code of that width and byte order. */
  record FloatBe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Float.intBitsToFloat((int) FieldIo.INT_BE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.checkFloat(value); // standard f: too large for a float is an error
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_BE.set(b, at, Float.floatToRawIntBits((float) value));
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F32_BE_UNCHECKED}, for {@code f} and every code of that width and byte order. */
  record FloatUncheckedBe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Float.intBitsToFloat((int) FieldIo.INT_BE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_BE.set(b, at, Float.floatToRawIntBits((float) value)); // native f: inf
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F64_BE}, for {@code d} and every code of that width and byte order. */
  record DoubleBe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Double.longBitsToDouble((long) FieldIo.LONG_BE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.LONG_BE.set(b, at, Double.doubleToRawLongBits(value));
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F16_LE}, for {@code e} and every code of that width and byte order. */
  record HalfLe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Half.toDouble((short) FieldIo.SHORT_LE.get(b, at) & 0xffff);
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int bits = Half.toBits(value); // throws when too large for e
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.SHORT_LE.set(b, at, (short) bits);
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F32_LE}, for {@code f} and every code of that width and byte order. */
  record FloatLe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Float.intBitsToFloat((int) FieldIo.INT_LE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.checkFloat(value); // standard f: too large for a float is an error
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_LE.set(b, at, Float.floatToRawIntBits((float) value));
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F32_LE_UNCHECKED}, for {@code f} and every code of that width and byte order. */
  record FloatUncheckedLe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Float.intBitsToFloat((int) FieldIo.INT_LE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.INT_LE.set(b, at, Float.floatToRawIntBits((float) value)); // native f: inf
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

  /** {@link Op#F64_LE}, for {@code d} and every code of that width and byte order. */
  record DoubleLe(Struct struct, int item, FormatDef def, int position, int structSize)
      implements DoubleField {
    @Override
    public double get(byte[] b, int o) {
      int at = FieldChecks.index(b, o, structSize, position);
      return Double.longBitsToDouble((long) FieldIo.LONG_LE.get(b, at));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int at = FieldChecks.index(b, o, structSize, position);
      FieldIo.LONG_LE.set(b, at, Double.doubleToRawLongBits(value));
    }

    @Override
    public String toString() {
      return describe("DoubleField", struct, item, def, position);
    }
  }

}
