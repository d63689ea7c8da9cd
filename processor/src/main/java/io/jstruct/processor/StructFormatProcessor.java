package io.jstruct.processor;

import io.jstruct.StructError;
import io.jstruct.StructFormat;
import io.jstruct.StructRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Checks every record annotated {@link StructFormat} against its format when it is compiled, and
 * makes a mismatch a compile error on the record, with the text {@code StructRecord.of} would throw
 * at run time:
 *
 * <pre>
 * Student.java:3: error: record Student, component serialnum: 'H' (0 &lt;= number &lt;= 65535) needs
 * int or long or BigInteger, not short
 * &#64;StructFormat(value = "&lt;10sHHb", charset = "US-ASCII")
 * ^
 * </pre>
 *
 * <p>The check is the library's own ({@link StructRecord#checkBinding}), run on the components'
 * type names, so the two can never disagree. Native formats ({@code @}, {@code =} or no prefix)
 * are checked with the sizes of the machine that compiles, as {@code Struct.compile} would size
 * them there.
 *
 * <p>Use: add {@code io.jstruct:jstruct-processor} to the compiler's annotation-processor path
 * (Maven: {@code <annotationProcessorPaths>}); it is found through
 * {@code META-INF/services/javax.annotation.processing.Processor}. Without it, the same check runs
 * when the binding is made.
 */
@SupportedAnnotationTypes("io.jstruct.StructFormat")
public final class StructFormatProcessor extends AbstractProcessor {
  /** Creates the processor; the compiler calls this through the service loader. */
  public StructFormatProcessor() {}

  /**
   * The newest language level this compiler knows: the check reads only records, whose model is
   * stable since Java 16.
   *
   * @return {@link SourceVersion#latestSupported()}
   */
  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /**
   * Checks the records annotated {@link StructFormat} in this round.
   *
   * @param annotations the annotation types requested (only {@code StructFormat})
   * @param round this round's elements
   * @return false: other processors may see {@code @StructFormat} too
   */
  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (Element element : round.getElementsAnnotatedWith(StructFormat.class)) {
      AnnotationMirror mirror = mirror(element);
      if (element.getKind() != ElementKind.RECORD) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            "@StructFormat goes on a record; " + element.getSimpleName() + " is a "
                + element.getKind().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
            element, mirror);
        continue;
      }
      check((TypeElement) element, mirror);
    }
    return false;
  }

  private void check(TypeElement record, AnnotationMirror mirror) {
    StructFormat format = record.getAnnotation(StructFormat.class);
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (RecordComponentElement component : record.getRecordComponents()) {
      names.add(component.getSimpleName().toString());
      types.add(typeName(component.asType()));
    }
    String charset = format.charset().isEmpty() ? null : format.charset();
    try {
      StructRecord.checkBinding(record.getSimpleName().toString(), format.value(), charset, names,
          types);
    } catch (StructError e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, e.getMessage(), record,
          mirror);
    }
  }

  /** {@code int}, {@code byte[]}, {@code java.lang.String}: as checkBinding takes type names. */
  private String typeName(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return typeName(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED:
        return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
      default:
        if (type.getKind().isPrimitive()) {
          return type.getKind().name().toLowerCase(java.util.Locale.ROOT); // INT: "int"
        }
        return type.toString(); // a type variable or an error type: never a match
    }
  }

  /** The {@code @StructFormat} on {@code element}, so the error points at the annotation. */
  private static AnnotationMirror mirror(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(StructFormat.class.getCanonicalName())) {
        return mirror;
      }
    }
    return null;
  }
}
