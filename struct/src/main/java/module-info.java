/**
 * Python's {@code struct} module in Java: {@link io.jstruct.Struct} packs and unpacks C structs
 * described by format strings, byte for byte as CPython does.
 *
 * <p>At run time the module needs ASM, which writes a class for each hot format. Its two static
 * requires are optional: Guava's {@code UnsignedInteger} and {@code UnsignedLong} pack as
 * integers when a caller passes them (they are known by class name, so nothing here links to
 * Guava), and the JSpecify annotations tell Kotlin and null checkers which values may be null.
 */
module io.jstruct {
  exports io.jstruct;

  requires org.objectweb.asm;
  requires static com.google.common;
  requires static transitive org.jspecify; // transitive: @Nullable is in the exported API
}
