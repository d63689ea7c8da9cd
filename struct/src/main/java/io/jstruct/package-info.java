/**
 * Python's {@code struct} module: {@link io.jstruct.Struct} converts between Java values and C
 * structs held in bytes, described by format strings, with CPython's bytes, values and errors;
 * every failure is a {@link io.jstruct.StructError}.
 *
 * <p>Nothing in this package accepts or returns null unless its documentation says so (the
 * package is {@code @NullMarked}; a nullable value is marked {@code @Nullable}).
 */
@NullMarked
package io.jstruct;

import org.jspecify.annotations.NullMarked;
