package io.jstruct;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The stream, channel and moving-buffer operations of {@link Struct} and {@link StructRecord},
 * written once against a {@link Decoder}.
 */
final class StructStreams {
  /** How many bytes a stream of structs reads ahead, at least; rounded up to whole structs. */
  static final int CHUNK_BYTES = 8192;

  private StructStreams() {}

  // ---------------------------------------------------------------------------------------------
  // Writing

  static void write(OutputStream out, byte[] packed) throws IOException {
    if (out == null) {
      throw new StructError("out == null");
    }
    out.write(packed);
  }

  static void write(WritableByteChannel out, byte[] packed) throws IOException {
    if (out == null) {
      throw new StructError("channel == null");
    }
    ByteSource.checkBlocking(out);
    ByteBuffer buffer = ByteBuffer.wrap(packed);
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Moving buffers

  /** Checks that a relative get of {@code size} bytes fits; returns the position. */
  static int getPosition(ByteBuffer buffer, int size) {
    if (buffer == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    if (buffer.remaining() < size) {
      throw new StructError("get requires " + size + " bytes, but " + buffer.remaining()
          + " remain (position " + buffer.position() + ", limit " + buffer.limit() + ")");
    }
    return buffer.position();
  }

  /** Checks that a relative put of {@code size} bytes fits; returns the position. */
  static int putPosition(ByteBuffer buffer, int size) {
    if (buffer == null) {
      throw new StructError("argument must be read-write bytes-like object, not None");
    }
    if (buffer.isReadOnly()) {
      throw new StructError(
          "argument must be read-write bytes-like object, not read-only ByteBuffer");
    }
    if (buffer.remaining() < size) {
      throw new StructError("put requires " + size + " bytes, but " + buffer.remaining()
          + " remain (position " + buffer.position() + ", limit " + buffer.limit() + ")");
    }
    return buffer.position();
  }

  // ---------------------------------------------------------------------------------------------
  // Streams of structs

  /** A stream that reads ahead from {@code source} and closes it when the stream is closed. */
  static <T> Stream<T> stream(ByteSource source, Decoder<T> decoder) {
    checkStreamable(decoder.size());
    return StreamSupport.stream(new SourceSpliterator<>(source, decoder), false)
        .onClose(() -> {
          try {
            source.close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static <T> Stream<T> stream(Path file, Decoder<T> decoder) throws IOException {
    if (file == null) {
      throw new StructError("file == null");
    }
    checkStreamable(decoder.size());
    return stream(ByteSource.of(FileChannel.open(file, StandardOpenOption.READ)), decoder);
  }

  /** Structs of {@code data}, whose length must be a multiple of the size, as iter_unpack. */
  static <T> Stream<T> stream(byte[] data, Decoder<T> decoder) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    int size = decoder.size();
    checkIterable(size, data.length);
    return IntStream.range(0, data.length / size).mapToObj(i -> decoder.decode(data, i * size));
  }

  /**
   * Structs of the remaining bytes of {@code data}, without moving its position; a direct or mapped
   * buffer a chunk at a time, never copied whole.
   */
  static <T> Stream<T> stream(ByteBuffer data, Decoder<T> decoder) {
    if (data == null) {
      throw new StructError("a bytes-like object is required, not 'NoneType'");
    }
    int size = decoder.size();
    checkIterable(size, data.remaining());
    ByteBuffer view = data.duplicate(); // the caller's buffer may move on; the stream's does not
    if (!view.hasArray()) {
      // Direct or mapped: copy one chunk at a time into the heap and decode from there, so that
      // every struct is read by the array path, and memory stays one chunk however large the map.
      return StreamSupport.stream(new SourceSpliterator<>(ByteSource.of(view), decoder), false);
    }
    int base = data.position();
    return IntStream.range(0, data.remaining() / size)
        .mapToObj(i -> decoder.decode(view, base + i * size));
  }

  /** CPython's iter_unpack checks, with its messages. */
  static void checkIterable(int size, int length) {
    checkStreamable(size);
    if (length % size != 0) {
      throw new StructError(
          "iterative unpacking requires a buffer of a multiple of " + size + " bytes");
    }
  }

  private static void checkStreamable(int size) {
    if (size == 0) {
      throw new StructError("cannot iteratively unpack with a struct of length 0");
    }
  }

  /**
   * Reads whole chunks from the source and decodes struct after struct out of them, so that a
   * stream of small structs costs one read call per chunk, in memory of one chunk.
   */
  private static final class SourceSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final ByteSource source;
    private final Decoder<T> decoder;
    private final byte[] chunk;
    /** Next struct starts here. */
    private int position;
    /** Bytes read into the chunk end here. */
    private int limit;

    SourceSpliterator(ByteSource source, Decoder<T> decoder) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.source = source;
      this.decoder = decoder;
      int size = decoder.size();
      this.chunk = new byte[Math.max(size, CHUNK_BYTES / size * size)];
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      int size = decoder.size();
      if (limit - position < size && !fill(size)) {
        return false;
      }
      T value = decoder.decode(chunk, position);
      position += size;
      action.accept(value);
      return true;
    }

    /**
     * As {@link #tryAdvance} until the end, but decoding every whole struct of a chunk in one
     * tight loop: {@code forEach}, {@code toList} and most terminal operations of a sequential
     * stream come here.
     */
    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      int size = decoder.size();
      while (limit - position >= size || fill(size)) {
        do {
          T value = decoder.decode(chunk, position);
          position += size;
          action.accept(value);
        } while (limit - position >= size);
      }
    }

    /** Reads until a whole struct is in the chunk; false at a clean end of the stream. */
    private boolean fill(int size) {
      int held = limit - position;
      System.arraycopy(chunk, position, chunk, 0, held);
      position = 0;
      limit = held;
      try {
        while (limit < size) {
          int n = source.read(chunk, limit, chunk.length - limit);
          if (n < 0) {
            if (limit == 0) {
              return false;
            }
            int got = limit;
            limit = 0;
            throw new TruncatedStructException(size, got);
          }
          limit += n;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return true;
    }
  }
}
