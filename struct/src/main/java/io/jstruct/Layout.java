package io.jstruct;

/** What {@link FormatParser} makes of a format: its codes, total size and value count. */
final class Layout {
  final Code[] codes;
  final int size;
  final int itemCount;

  Layout(Code[] codes, int size, int itemCount) {
    this.codes = codes;
    this.size = size;
    this.itemCount = itemCount;
  }
}
