package io.jstruct;

/**
 * Makes the field accessors: one small final class per op (kind, width and byte order), so that
 * a call site that sees one field, such as a call through a {@code static final}, inlines to one
 * bounds check, one range check where the code needs one, and one {@code VarHandle} load or
 * store, with no {@code switch} on the op left at run time. (A single class switching on an op in
 * a field would keep the switch: the JIT does not trust instance fields as constants.)
 *
 * <p>{@link Struct#intField} and its siblings have checked the item and its type before calling
 * here. Each {@code set} checks the value before the bounds, as {@code putLong} does, so the two
 * report the same error when both are wrong.
 */
final class FieldAccessors {
  private FieldAccessors() {}

  static IntField intField(Struct struct, int item, Code code, int position) {
    switch (code.op) {
      case Op.I8:
        return new Int8(struct, item, code, position);
      case Op.U8:
        return new IntU8(struct, item, code, position);
      case Op.I16_BE:
        return new Int16Be(struct, item, code, position);
      case Op.U16_BE:
        return new IntU16Be(struct, item, code, position);
      case Op.I32_BE:
        return new Int32Be(struct, item, code, position);
      case Op.I16_LE:
        return new Int16Le(struct, item, code, position);
      case Op.U16_LE:
        return new IntU16Le(struct, item, code, position);
      case Op.I32_LE:
        return new Int32Le(struct, item, code, position);
      default:
        throw new AssertionError("op " + code.op + " has no IntField");
    }
  }

  static LongField longField(Struct struct, int item, Code code, int position) {
    switch (code.op) {
      case Op.I8:
        return new Long8(struct, item, code, position);
      case Op.U8:
        return new LongU8(struct, item, code, position);
      case Op.I16_BE:
        return new Long16Be(struct, item, code, position);
      case Op.U16_BE:
        return new LongU16Be(struct, item, code, position);
      case Op.I32_BE:
        return new Long32Be(struct, item, code, position);
      case Op.U32_BE:
        return new LongU32Be(struct, item, code, position);
      case Op.I64_BE:
      case Op.U64_BE:
        return new Long64Be(struct, item, code, position);
      case Op.I16_LE:
        return new Long16Le(struct, item, code, position);
      case Op.U16_LE:
        return new LongU16Le(struct, item, code, position);
      case Op.I32_LE:
        return new Long32Le(struct, item, code, position);
      case Op.U32_LE:
        return new LongU32Le(struct, item, code, position);
      case Op.I64_LE:
      case Op.U64_LE:
        return new Long64Le(struct, item, code, position);
      default:
        throw new AssertionError("op " + code.op + " has no LongField");
    }
  }

  static DoubleField doubleField(Struct struct, int item, Code code, int position) {
    switch (code.op) {
      case Op.F16_BE:
        return new HalfBe(struct, item, code, position);
      case Op.F32_BE:
        return new FloatBe(struct, item, code, position);
      case Op.F32_BE_UNCHECKED:
        return new FloatUncheckedBe(struct, item, code, position);
      case Op.F64_BE:
        return new DoubleBe(struct, item, code, position);
      case Op.F16_LE:
        return new HalfLe(struct, item, code, position);
      case Op.F32_LE:
        return new FloatLe(struct, item, code, position);
      case Op.F32_LE_UNCHECKED:
        return new FloatUncheckedLe(struct, item, code, position);
      case Op.F64_LE:
        return new DoubleLe(struct, item, code, position);
      default:
        throw new AssertionError("op " + code.op + " has no DoubleField");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // IntFields

  /** {@link Op#I8}, for {@code b} and every code of that width and byte order. */
  private static final class Int8 extends IntField {
    Int8(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return b[index(b, o)];
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      b[index(b, o)] = (byte) value;
    }
  }

  /** {@link Op#U8}, for {@code B} and every code of that width and byte order. */
  private static final class IntU8 extends IntField {
    IntU8(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return b[index(b, o)] & 0xff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      b[index(b, o)] = (byte) value;
    }
  }

  /** {@link Op#I16_BE}, for {@code h} and every code of that width and byte order. */
  private static final class Int16Be extends IntField {
    Int16Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (short) FieldIo.SHORT_BE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_BE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#U16_BE}, for {@code H} and every code of that width and byte order. */
  private static final class IntU16Be extends IntField {
    IntU16Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (short) FieldIo.SHORT_BE.get(b, index(b, o)) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_BE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#I32_BE}, for {@code i} and every code of that width and byte order. */
  private static final class Int32Be extends IntField {
    Int32Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (int) FieldIo.INT_BE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldIo.INT_BE.set(b, index(b, o), value); // every int fits
    }
  }

  /** {@link Op#I16_LE}, for {@code h} and every code of that width and byte order. */
  private static final class Int16Le extends IntField {
    Int16Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (short) FieldIo.SHORT_LE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_LE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#U16_LE}, for {@code H} and every code of that width and byte order. */
  private static final class IntU16Le extends IntField {
    IntU16Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (short) FieldIo.SHORT_LE.get(b, index(b, o)) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_LE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#I32_LE}, for {@code i} and every code of that width and byte order. */
  private static final class Int32Le extends IntField {
    Int32Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public int get(byte[] b, int o) {
      return (int) FieldIo.INT_LE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, int value) {
      FieldIo.INT_LE.set(b, index(b, o), value); // every int fits
    }
  }


  // ---------------------------------------------------------------------------------------------
  // LongFields

  /** {@link Op#I8}, for {@code b} and every code of that width and byte order. */
  private static final class Long8 extends LongField {
    Long8(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return b[index(b, o)];
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      b[index(b, o)] = (byte) value;
    }
  }

  /** {@link Op#U8}, for {@code B} and every code of that width and byte order. */
  private static final class LongU8 extends LongField {
    LongU8(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return b[index(b, o)] & 0xff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      b[index(b, o)] = (byte) value;
    }
  }

  /** {@link Op#I16_BE}, for {@code h} and every code of that width and byte order. */
  private static final class Long16Be extends LongField {
    Long16Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (short) FieldIo.SHORT_BE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_BE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#U16_BE}, for {@code H} and every code of that width and byte order. */
  private static final class LongU16Be extends LongField {
    LongU16Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (short) FieldIo.SHORT_BE.get(b, index(b, o)) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_BE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#I32_BE}, for {@code i} and every code of that width and byte order. */
  private static final class Long32Be extends LongField {
    Long32Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (int) FieldIo.INT_BE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.INT_BE.set(b, index(b, o), (int) value);
    }
  }

  /** {@link Op#U32_BE}, for {@code I} and every code of that width and byte order. */
  private static final class LongU32Be extends LongField {
    LongU32Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (int) FieldIo.INT_BE.get(b, index(b, o)) & 0xffff_ffffL;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.INT_BE.set(b, index(b, o), (int) value);
    }
  }

  /** {@link Op#I64_BE} and {@link Op#U64_BE}: {@code q}, and {@code Q N P} as their bits. */
  private static final class Long64Be extends LongField {
    Long64Be(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (long) FieldIo.LONG_BE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldIo.LONG_BE.set(b, index(b, o), value); // q: every long fits; Q N P: the bits
    }
  }

  /** {@link Op#I16_LE}, for {@code h} and every code of that width and byte order. */
  private static final class Long16Le extends LongField {
    Long16Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (short) FieldIo.SHORT_LE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_LE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#U16_LE}, for {@code H} and every code of that width and byte order. */
  private static final class LongU16Le extends LongField {
    LongU16Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (short) FieldIo.SHORT_LE.get(b, index(b, o)) & 0xffff;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.SHORT_LE.set(b, index(b, o), (short) value);
    }
  }

  /** {@link Op#I32_LE}, for {@code i} and every code of that width and byte order. */
  private static final class Long32Le extends LongField {
    Long32Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (int) FieldIo.INT_LE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.INT_LE.set(b, index(b, o), (int) value);
    }
  }

  /** {@link Op#U32_LE}, for {@code I} and every code of that width and byte order. */
  private static final class LongU32Le extends LongField {
    LongU32Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (int) FieldIo.INT_LE.get(b, index(b, o)) & 0xffff_ffffL;
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldChecks.inRange(def, value);
      FieldIo.INT_LE.set(b, index(b, o), (int) value);
    }
  }

  /** {@link Op#I64_LE} and {@link Op#U64_LE}: {@code q}, and {@code Q N P} as their bits. */
  private static final class Long64Le extends LongField {
    Long64Le(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public long get(byte[] b, int o) {
      return (long) FieldIo.LONG_LE.get(b, index(b, o));
    }

    @Override
    public void set(byte[] b, int o, long value) {
      FieldIo.LONG_LE.set(b, index(b, o), value); // q: every long fits; Q N P: the bits
    }
  }


  // ---------------------------------------------------------------------------------------------
  // DoubleFields

  /** {@link Op#F16_BE}, for {@code e} and every code of that width and byte order. */
  private static final class HalfBe extends DoubleField {
    HalfBe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Half.toDouble((short) FieldIo.SHORT_BE.get(b, index(b, o)) & 0xffff);
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int bits = Half.toBits(value); // throws when too large for e
      FieldIo.SHORT_BE.set(b, index(b, o), (short) bits);
    }
  }

  /** {@link Op#F32_BE}, for {@code f} and every code of that width and byte order. */
  private static final class FloatBe extends DoubleField {
    FloatBe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Float.intBitsToFloat((int) FieldIo.INT_BE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.checkFloat(value); // standard f: too large for a float is an error
      FieldIo.INT_BE.set(b, index(b, o), Float.floatToRawIntBits((float) value));
    }
  }

  /** {@link Op#F32_BE_UNCHECKED}, for {@code f} and every code of that width and byte order. */
  private static final class FloatUncheckedBe extends DoubleField {
    FloatUncheckedBe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Float.intBitsToFloat((int) FieldIo.INT_BE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.INT_BE.set(b, index(b, o), Float.floatToRawIntBits((float) value)); // native f: inf
    }
  }

  /** {@link Op#F64_BE}, for {@code d} and every code of that width and byte order. */
  private static final class DoubleBe extends DoubleField {
    DoubleBe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Double.longBitsToDouble((long) FieldIo.LONG_BE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.LONG_BE.set(b, index(b, o), Double.doubleToRawLongBits(value));
    }
  }

  /** {@link Op#F16_LE}, for {@code e} and every code of that width and byte order. */
  private static final class HalfLe extends DoubleField {
    HalfLe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Half.toDouble((short) FieldIo.SHORT_LE.get(b, index(b, o)) & 0xffff);
    }

    @Override
    public void set(byte[] b, int o, double value) {
      int bits = Half.toBits(value); // throws when too large for e
      FieldIo.SHORT_LE.set(b, index(b, o), (short) bits);
    }
  }

  /** {@link Op#F32_LE}, for {@code f} and every code of that width and byte order. */
  private static final class FloatLe extends DoubleField {
    FloatLe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Float.intBitsToFloat((int) FieldIo.INT_LE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.checkFloat(value); // standard f: too large for a float is an error
      FieldIo.INT_LE.set(b, index(b, o), Float.floatToRawIntBits((float) value));
    }
  }

  /** {@link Op#F32_LE_UNCHECKED}, for {@code f} and every code of that width and byte order. */
  private static final class FloatUncheckedLe extends DoubleField {
    FloatUncheckedLe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Float.intBitsToFloat((int) FieldIo.INT_LE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.INT_LE.set(b, index(b, o), Float.floatToRawIntBits((float) value)); // native f: inf
    }
  }

  /** {@link Op#F64_LE}, for {@code d} and every code of that width and byte order. */
  private static final class DoubleLe extends DoubleField {
    DoubleLe(Struct struct, int item, Code code, int position) {
      super(struct, item, code, position);
    }

    @Override
    public double get(byte[] b, int o) {
      return Double.longBitsToDouble((long) FieldIo.LONG_LE.get(b, index(b, o)));
    }

    @Override
    public void set(byte[] b, int o, double value) {
      FieldIo.LONG_LE.set(b, index(b, o), Double.doubleToRawLongBits(value));
    }
  }

}
