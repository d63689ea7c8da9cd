package io.jstruct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The cache behind {@link Struct#compile}, so that the module-level functions compile each format
 * once, as CPython's {@code cache_struct} does, and a hit costs next to nothing: one direct-mapped
 * array per platform, indexed by the format's hash ({@code String} caches it), checked by identity
 * before {@code equals} (callers usually pass the same literal). A new format simply replaces
 * whatever shared its slot; nothing is locked, and a racing reader sees either struct, whole: slots
 * are written with release and read with acquire semantics (on x86 both are plain moves).
 *
 * <p>The tables are {@code static final} arrays, so that to the JIT each is a constant and a hit
 * is one load of the slot after the hash: at the scale of packing 14 bytes, every dependent load
 * counts (an instance holding {@code AtomicReferenceArray}s per platform cost four more loads in a
 * chain, which made {@code Struct.pack(fmt, ...)} 1.6 times {@code s.pack(...)}).
 *
 * <p>Bounded by count ({@link #MAX_ENTRIES} slots per platform) and by weight: a struct heavier
 * than {@link #MAX_WEIGHT} / 4 (format length plus run count) is never cached, so one enormous
 * format cannot pin memory. Evicted structs, and the classes generated for them, can be unloaded.
 */
final class StructCache {
  static final int MAX_ENTRIES = 256;
  static final long MAX_WEIGHT = 1 << 20;

  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Struct[].class);
  /** The host platform's table, also in {@link #TABLES}: the one {@link #get(String)} reads. */
  private static final Struct[] HOST = new Struct[MAX_ENTRIES];
  /** One table per platform, by ordinal. */
  private static final Struct[][] TABLES = new Struct[Platform.values().length][];

  static {
    for (Platform platform : Platform.values()) {
      TABLES[platform.ordinal()] =
          platform == Platform.host() ? HOST : new Struct[MAX_ENTRIES];
    }
  }

  private StructCache() {}

  /** The struct of {@code format} for the host platform. */
  static Struct get(String format) {
    return get(HOST, format, Platform.host());
  }

  /** The struct of {@code format} for {@code platform}. */
  static Struct get(String format, Platform platform) {
    return get(TABLES[platform.ordinal()], format, platform);
  }

  private static Struct get(Struct[] table, String format, Platform platform) {
    if (format != null) {
      int slot = format.hashCode() & (MAX_ENTRIES - 1);
      Struct cached = (Struct) SLOT.getAcquire(table, slot);
      if (cached != null) {
        String f = cached.format();
        if (f == format || f.equals(format)) {
          return cached;
        }
      }
      Struct compiled = new Struct(format, platform);
      if (weight(compiled) <= MAX_WEIGHT / 4) {
        SLOT.setRelease(table, slot, compiled);
      }
      return compiled;
    }
    return new Struct(null, platform); // throws CPython's message
  }

  static void clear() {
    for (Struct[] table : TABLES) {
      for (int i = 0; i < MAX_ENTRIES; i++) {
        SLOT.setRelease(table, i, (Struct) null);
      }
    }
  }

  /** How many structs are cached, over every platform. */
  static int size() {
    int n = 0;
    for (Struct[] table : TABLES) {
      for (int i = 0; i < MAX_ENTRIES; i++) {
        n += SLOT.getAcquire(table, i) == null ? 0 : 1;
      }
    }
    return n;
  }

  static long weight(Struct struct) {
    return struct.format().length() + (long) struct.layout().runs.length;
  }
}
