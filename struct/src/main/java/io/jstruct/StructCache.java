package io.jstruct;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The cache behind {@link Struct#compile}, so that the module-level functions compile each format
 * once, as CPython's {@code cache_struct} does, and a hit costs next to nothing: one direct-mapped
 * array per platform, indexed by the format's hash ({@code String} caches it), checked by identity
 * before {@code equals} (callers usually pass the same literal). A new format simply replaces
 * whatever shared its slot; nothing is locked, and a racing reader sees either struct, whole: slots
 * are written with release and read with acquire semantics (on x86 both are plain moves).
 *
 * <p>Bounded by count ({@link #MAX_ENTRIES} slots per platform) and by weight: a struct heavier
 * than {@link #MAX_WEIGHT} / 4 (format length plus run count) is never cached, so one enormous
 * format cannot pin memory. Evicted structs, and the classes generated for them, can be unloaded.
 */
final class StructCache {
  static final int MAX_ENTRIES = 256;
  static final long MAX_WEIGHT = 1 << 20;

  @SuppressWarnings("unchecked")
  private final AtomicReferenceArray<Struct>[] slots =
      new AtomicReferenceArray[Platform.values().length];

  StructCache() {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new AtomicReferenceArray<>(MAX_ENTRIES);
    }
  }

  Struct get(String format, Platform platform) {
    AtomicReferenceArray<Struct> table = slots[platform.ordinal()];
    if (format != null) {
      int slot = format.hashCode() & (MAX_ENTRIES - 1);
      Struct cached = table.getAcquire(slot);
      if (cached != null) {
        String f = cached.format();
        if (f == format || f.equals(format)) {
          return cached;
        }
      }
      Struct compiled = new Struct(format, platform);
      if (weight(compiled) <= MAX_WEIGHT / 4) {
        table.setRelease(slot, compiled);
      }
      return compiled;
    }
    return new Struct(null, platform); // throws CPython's message
  }

  void clear() {
    for (AtomicReferenceArray<Struct> table : slots) {
      for (int i = 0; i < MAX_ENTRIES; i++) {
        table.set(i, null);
      }
    }
  }

  /** How many structs are cached, over every platform. */
  int size() {
    int n = 0;
    for (AtomicReferenceArray<Struct> table : slots) {
      for (int i = 0; i < MAX_ENTRIES; i++) {
        n += table.get(i) == null ? 0 : 1;
      }
    }
    return n;
  }

  static long weight(Struct struct) {
    return struct.format().length() + (long) struct.layout().runs.length;
  }
}
