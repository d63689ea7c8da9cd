package io.jstruct;

/**
 * What every field accessor knows, settled once when it is made: which struct, which value, where
 * that value starts and how big the struct is. The public {@link IntField}, {@link LongField} and
 * {@link DoubleField} add the typed {@code get} and {@code set}.
 *
 * <pre>
 *   Struct.compile("!HIq").longField(1):
 *
 *   structOffset
 *   |
 *   v      position = 2
 *   +------+------------+------------------------+
 *   |  H   |     I      |           q            |    structSize = 14
 *   +------+------------+------------------------+
 *          ^^^^^^^^^^^^^^
 *          item 1, read and written at structOffset + 2
 * </pre>
 */
abstract class FieldAccessor {
  final Struct struct;
  final int item;
  final Code code;
  /** {@code code.def}, one load nearer: its range is what {@code set} checks. */
  final FormatDef def;
  /** Where the value starts, counted from the start of the struct. */
  final int position;
  /** The whole struct must fit at the offset given, as for {@link Struct#getLong}. */
  final int structSize;

  FieldAccessor(Struct struct, int item, Code code, int position) {
    this.struct = struct;
    this.item = item;
    this.code = code;
    this.def = code.def;
    this.position = position;
    this.structSize = struct.size();
  }

  /** The compiled struct this field belongs to. */
  public final Struct struct() {
    return struct;
  }

  /** The index of this field's value in the struct's unpacked values. */
  public final int item() {
    return item;
  }

  /**
   * The array index of the value in a struct at {@code structOffset}, after checking that the
   * whole struct fits there.
   */
  final int index(byte[] buffer, int structOffset) {
    FieldChecks.structFits(buffer, structOffset, structSize);
    return structOffset + position;
  }

  /** {@code LongField(item 1 of "!HIq": I@2(4))}. */
  @Override
  public String toString() {
    String kind = this instanceof IntField ? "IntField"
        : this instanceof LongField ? "LongField" : "DoubleField";
    return kind + "(item " + item + " of \"" + struct.format() + "\": " + def.code + "@"
        + position + "(" + code.size + "))";
  }
}
