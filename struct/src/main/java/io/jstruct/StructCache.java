package io.jstruct;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache behind {@link Struct#compile}, so that the module-level functions compile each format
 * once, as CPython's {@code cache_struct} does.
 *
 * <p>Like CPython's, it is cleared when full rather than kept in LRU order: cheap, and formats are
 * few in real programs. Unlike CPython's, it is bounded by weight as well as by count, so one
 * enormous format cannot pin memory: a compiled struct's weight is its format length plus its
 * code count, and a struct heavier than a quarter of the budget is never cached at all.
 *
 * <p>Lookups are lock-free; insertions take a lock so that the weight stays exact.
 */
final class StructCache {
  static final int MAX_ENTRIES = 256;
  static final long MAX_WEIGHT = 1 << 20;

  private final Map<Platform, ConcurrentHashMap<String, Struct>> maps = new EnumMap<>(Platform.class);
  private long weight; // guarded by this
  private int entries; // guarded by this

  StructCache() {
    for (Platform platform : Platform.values()) {
      maps.put(platform, new ConcurrentHashMap<>());
    }
  }

  Struct get(String format, Platform platform) {
    ConcurrentHashMap<String, Struct> map = maps.get(platform);
    Struct cached = format == null ? null : map.get(format);
    if (cached != null) {
      return cached;
    }
    Struct compiled = new Struct(format, platform);
    long w = weight(compiled);
    if (w <= MAX_WEIGHT / 4) {
      put(map, compiled, w);
    }
    return compiled;
  }

  private synchronized void put(ConcurrentHashMap<String, Struct> map, Struct struct, long w) {
    if (map.containsKey(struct.format())) {
      return;
    }
    if (entries >= MAX_ENTRIES || weight + w > MAX_WEIGHT) {
      clear();
    }
    map.put(struct.format(), struct);
    entries++;
    weight += w;
  }

  synchronized void clear() {
    for (ConcurrentHashMap<String, Struct> map : maps.values()) {
      map.clear();
    }
    entries = 0;
    weight = 0;
  }

  synchronized int size() {
    return entries;
  }

  static long weight(Struct struct) {
    return struct.format().length() + (long) struct.codeCount();
  }
}
