package io.jstruct.elsewhere;

import io.jstruct.StructRecord;

/**
 * A record jstruct's package cannot name: package-private, in another package. The generated
 * record codec, a hidden class in {@code io.jstruct}, still reaches it, through the handles the
 * binding looked up.
 */
public final class Elsewhere {
  record Point(int x, short y) {}

  private Elsewhere() {}

  /** A binding of the package-private record, made from this package. */
  public static StructRecord<?> binding() {
    return StructRecord.of(Point.class, "<ih");
  }

  /** A record to pack. */
  public static Object point(int x, short y) {
    return new Point(x, y);
  }
}
