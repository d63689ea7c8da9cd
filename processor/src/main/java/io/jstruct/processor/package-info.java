/**
 * An annotation processor that checks, at compile time, that each record annotated
 * {@link io.jstruct.StructFormat} matches its format: {@link StructFormatProcessor}.
 */
package io.jstruct.processor;
