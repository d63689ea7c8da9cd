package io.jstruct;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Backs {@link Struct#iterUnpack}: unpacks one struct after another from consecutive offsets. The
 * length was checked when the iterator was made, as CPython checks it in {@code iter_unpack}.
 */
final class UnpackIterator implements Iterator<Object[]> {
  private final Struct struct;
  private final byte[] data;
  private final int base;
  private final int end;
  private int next;

  UnpackIterator(Struct struct, byte[] data, int base, int byteCount) {
    this.struct = struct;
    this.data = data;
    this.base = base;
    this.end = base + byteCount;
    this.next = base;
  }

  @Override
  public boolean hasNext() {
    return next < end;
  }

  @Override
  public Object[] next() {
    if (next >= end) {
      throw new NoSuchElementException("all " + (end - base) / struct.size() + " structs unpacked");
    }
    Object[] values = struct.unpackAt(data, next);
    next += struct.size();
    return values;
  }
}
