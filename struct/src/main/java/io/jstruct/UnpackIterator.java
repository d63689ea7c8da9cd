package io.jstruct;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What {@link Struct#iterUnpack} returns: consecutive structs of a buffer, as CPython's
 * {@code iter_unpack} iterator. It is both the iterator and an {@link Iterable} of itself, as a
 * Python iterator is, so it goes straight into a for-each loop:
 *
 * <pre>{@code
 * for (Object[] values : Struct.compile("<iid").iterUnpack(bytes)) {   // for values in s.iter_unpack(bytes):
 *   ...
 * }
 * }</pre>
 *
 * <p>Like Python's, it can be walked once: {@link #iterator()} returns this object, so a second loop
 * over it sees only what the first left. The buffer's length was checked to be a multiple of the
 * struct's size when it was made, as CPython checks it. Each struct is unpacked from the buffer as it
 * is when {@link #next()} reaches it; a {@code ByteBuffer}, direct or memory-mapped, is read in
 * place and never copied whole. Not thread-safe.
 */
public final class UnpackIterator implements Iterator<Object[]>, Iterable<Object[]> {
  private final Struct struct;
  private final byte[] array;
  private final ByteBuffer buffer;
  private final int base;
  private final int end;
  private int next;

  private UnpackIterator(Struct struct, byte[] array, ByteBuffer buffer, int base, int byteCount) {
    StructStreams.checkIterable(struct.size(), byteCount);
    this.struct = struct;
    this.array = array;
    this.buffer = buffer;
    this.base = base;
    this.end = base + byteCount;
    this.next = base;
  }

  /** Over all of {@code data}. */
  static UnpackIterator over(Struct struct, byte[] data) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return new UnpackIterator(struct, data, null, 0, data.length);
  }

  /** Over the remaining bytes of {@code data}, in place; its position does not move. */
  static UnpackIterator over(Struct struct, ByteBuffer data) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    return new UnpackIterator(struct, null, data.duplicate(), data.position(), data.remaining());
  }

  /**
   * Whether a struct is left.
   *
   * @return true until every struct of the buffer has been returned
   */
  @Override
  public boolean hasNext() {
    return next < end;
  }

  /**
   * Unpacks the next struct.
   *
   * @return its values, as {@link Struct#unpack} gives them
   * @throws NoSuchElementException if every struct has been returned
   */
  @Override
  public Object[] next() {
    if (next >= end) {
      throw new NoSuchElementException("all " + (end - base) / struct.size() + " structs unpacked");
    }
    Object[] values =
        array != null ? struct.unpackAt(array, next) : struct.unpackFrom(buffer, next);
    next += struct.size();
    return values;
  }

  /**
   * How many structs are left: CPython's {@code __length_hint__}.
   *
   * @return the number of structs {@link #next()} will still return
   */
  public int remaining() {
    return (end - next) / struct.size();
  }

  /**
   * This iterator itself, so that it can be the target of a for-each loop; as in Python, iterating
   * it again continues where the last loop stopped.
   *
   * @return this
   */
  @Override
  public Iterator<Object[]> iterator() {
    return this;
  }

  /**
   * The structs not yet returned, as a sequential stream that consumes this iterator.
   *
   * @return a stream of the remaining structs' values
   */
  public Stream<Object[]> stream() {
    return StreamSupport.stream(
        Spliterators.spliterator(
            this, remaining(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED),
        false);
  }
}
