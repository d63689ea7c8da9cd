package io.jstruct;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The struct format of a record, for {@link StructRecord#of(Class)}:
 *
 * <pre>{@code
 * @StructFormat(value = "<10sHHb", charset = "US-ASCII")
 * record Student(String name, int serialnum, int school, int gradelevel) {}
 *
 * static final StructRecord<Student> STUDENT = StructRecord.of(Student.class);
 * }</pre>
 *
 * <p>With the annotation processor {@code io.jstruct:jstruct-processor} on the compiler's
 * annotation-processor path, a record whose components do not match its format does not compile,
 * and the compiler reports the same message {@code StructRecord.of} would throw at run time.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StructFormat {
  /**
   * The format, as {@link Struct#compile(String)} takes it; one item per record component, in
   * order (pad bytes {@code x} have no component).
   *
   * @return the format string
   */
  String value();

  /**
   * The charset of the record's {@code String} components ({@code s} and {@code p} codes), by a
   * name {@code java.nio.charset.Charset.forName} knows; empty when no component is a String.
   *
   * @return the charset name, or {@code ""} for none
   */
  String charset() default "";
}
