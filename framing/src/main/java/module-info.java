/**
 * Length-prefixed framing on top of {@code io.jstruct}: fixed struct headers, the tutorial's
 * header-dict frames, blocking readers and writers, and an incremental decoder.
 *
 * <p>Jackson is read only when header dicts are used: a fixed-header program needs no JSON
 * module, and a header-dict program requires {@code com.fasterxml.jackson.databind} itself
 * (or adds it with {@code --add-modules}). JSpecify's annotations are needed only to compile.
 */
module io.jstruct.framing {
  requires transitive io.jstruct;
  requires static com.fasterxml.jackson.databind;
  requires static transitive org.jspecify; // transitive: @Nullable is in the exported API

  exports io.jstruct.framing;
}
