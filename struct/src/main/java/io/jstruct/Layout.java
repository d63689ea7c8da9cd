package io.jstruct;

import java.nio.ByteOrder;

/**
 * What {@link FormatParser} makes of a format: the one immutable description of a compiled struct
 * that every back end reads ({@link Interpreter}, {@link Generator}, the field accessors and
 * {@link Struct#fields()}).
 */
final class Layout {
  final Run[] runs;
  final int size;
  final int itemCount;
  final ByteOrder order;
  /** {@code order} is big-endian: the parameter every codec takes. */
  final boolean big;
  /** Whether some bytes belong to no value (pad bytes, alignment), so pack must zero them. */
  final boolean hasGaps;

  Layout(Run[] runs, int size, int itemCount, ByteOrder order) {
    this.runs = runs;
    this.size = size;
    this.itemCount = itemCount;
    this.order = order;
    this.big = order == ByteOrder.BIG_ENDIAN;
    long covered = 0;
    for (Run run : runs) {
      covered += (long) run.size * run.repeat;
    }
    this.hasGaps = covered != size;
  }

  /** The run that holds value number {@code item}, which is in range. */
  Run runOf(int item) {
    int lo = 0;
    int hi = runs.length - 1;
    while (lo < hi) { // the last run whose firstItem <= item
      int mid = (lo + hi + 1) >>> 1;
      if (runs[mid].firstItem <= item) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return runs[lo];
  }
}
