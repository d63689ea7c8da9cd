/**
 * The jstruct annotation processor: fails the compile of a {@code @StructFormat} record that does
 * not match its format. Found by javac through {@code provides} on the processor module path, and
 * through {@code META-INF/services} on the processor class path.
 */
module io.jstruct.processor {
  requires io.jstruct;
  requires java.compiler;

  provides javax.annotation.processing.Processor
      with io.jstruct.processor.StructFormatProcessor;
}
