package io.jstruct;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * What the record binding needs to know about one item of a compiled struct: its code, kind,
 * position, size and, for integers, range.
 *
 * <p>Bridge: read from the struct's compiled codes until the public field model
 * ({@code Struct.fields()}, issue 7) lands, then from that model. Nothing else in the record code
 * looks at the struct's insides.
 */
record RecordItem(String code, Kind kind, int index, int offset, int size, BigInteger min,
    BigInteger max) {

  /** The kinds of field, as the field model names them. */
  enum Kind { SIGNED_INTEGER, UNSIGNED_INTEGER, FLOAT, BOOL, CHAR, BYTES, PASCAL_STRING, COMPLEX }

  static List<RecordItem> of(Struct struct) {
    Layout layout = FormatParser.parse(struct.format(), struct.platform());
    List<RecordItem> items = new ArrayList<>(layout.itemCount);
    for (Code code : layout.codes) {
      FormatDef def = code.def;
      Kind kind;
      if (def.isInteger()) {
        kind = def.min.signum() < 0 ? Kind.SIGNED_INTEGER : Kind.UNSIGNED_INTEGER;
      } else if (def.op == Op.BOOL) {
        kind = Kind.BOOL;
      } else if (def.op == Op.CHAR) {
        kind = Kind.CHAR;
      } else if (def.op == Op.BYTES) {
        kind = Kind.BYTES;
      } else if (def.op == Op.PASCAL) {
        kind = Kind.PASCAL_STRING;
      } else {
        kind = Kind.FLOAT;
      }
      for (int r = 0; r < code.repeat; r++) {
        items.add(new RecordItem(String.valueOf(def.code), kind, code.firstItem + r,
            code.offset + r * code.size, code.size, def.min, def.max));
      }
    }
    return items;
  }
}
