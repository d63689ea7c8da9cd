/**
 * Python's {@code struct} module in Java: {@link io.jstruct.Struct} packs and unpacks C structs
 * described by format strings, byte for byte as CPython does.
 *
 * <p>The module needs nothing at run time beyond {@code java.base}. Both of its static requires are
 * optional: Guava's {@code UnsignedInteger} and {@code UnsignedLong} pack as integers when Guava is
 * present, and the JSpecify annotations tell Kotlin and null checkers which values may be null.
 */
module io.jstruct {
  exports io.jstruct;

  requires org.objectweb.asm; // Generator writes hot formats' classes with ASM
  requires static com.google.common;
  requires static org.jspecify;
}
