/**
 * Python's {@code struct} module in Java: {@link io.jstruct.Struct} packs and unpacks C structs
 * described by format strings, byte for byte as CPython does.
 *
 * <p>At run time the module needs {@code java.base} and ASM ({@code org.objectweb.asm}), which
 * writes the class generated for each hot format. Both static requires are optional: Guava's
 * {@code UnsignedInteger} and {@code UnsignedLong} pack as integers when Guava is present (known by
 * class name: no Guava class is linked), and the JSpecify annotations tell Kotlin and null checkers
 * which values may be null.
 */
module io.jstruct {
  exports io.jstruct;

  requires org.objectweb.asm;
  requires static com.google.common;
  requires static org.jspecify;
}
