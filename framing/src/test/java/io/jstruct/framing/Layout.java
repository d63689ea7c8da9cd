package io.jstruct.framing;

import io.jstruct.Struct;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.CRC32C;

/**
 * A frame layout under test, and how its frames look on the wire, computed here with
 * {@link Struct} directly (not through {@link FrameFormat}) so the two can disagree.
 */
final class Layout {
  final String name;
  final FrameFormat format;
  final String headerFormat;
  final int lengthItem;
  final int checksumItem;
  /** declared length for a payload length. */
  final Function<Integer, Long> declared;
  /** Random values for the caller-set fields. */
  final Function<Random, Object[]> values;
  final int maxPayload;

  private Layout(String name, FrameFormat format, int lengthItem, int checksumItem,
      Function<Integer, Long> declared, Function<Random, Object[]> values, int maxPayload) {
    this.name = name;
    this.format = format;
    this.headerFormat = format.headerFormat();
    this.lengthItem = lengthItem;
    this.checksumItem = checksumItem;
    this.declared = declared;
    this.values = values;
    this.maxPayload = maxPayload;
  }

  @Override
  public String toString() {
    return name;
  }

  static List<Layout> all() {
    List<Layout> layouts = new ArrayList<>();
    Function<Random, Object[]> none = r -> new Object[0];
    layouts.add(new Layout("i (tutorial)", FrameFormat.lengthPrefixed("i"), 0, -1,
        n -> (long) n, none, 1 << 20));
    layouts.add(new Layout("!I", FrameFormat.lengthPrefixed("!I"), 0, -1,
        n -> (long) n, none, 1 << 20));
    layouts.add(new Layout("<H", FrameFormat.lengthPrefixed("<H"), 0, -1,
        n -> (long) n, none, 65535));
    layouts.add(new Layout("!Q", FrameFormat.lengthPrefixed("!Q"), 0, -1,
        n -> (long) n, none, 1 << 20));
    layouts.add(new Layout("!BBI type,flags,length", FrameFormat.builder("!BBI").build(), 2, -1,
        n -> (long) n, r -> new Object[] {r.nextInt(256), r.nextInt(256)}, 1 << 20));
    layouts.add(new Layout("!I including header",
        FrameFormat.builder("!I").lengthIncludesHeader(true).build(), 0, -1,
        n -> n + 4L, none, 1 << 20));
    layouts.add(new Layout("<H adjustment -3",
        FrameFormat.builder("<H").lengthAdjustment(-3).build(), 0, -1,
        n -> n + 3L, none, 65532));
    layouts.add(new Layout("!HIB length first, trailing byte",
        FrameFormat.builder("!HIB").lengthField(1).lengthIncludesHeader(true).lengthAdjustment(2)
            .build(), 1, -1,
        n -> n + 7L - 2, r -> new Object[] {r.nextInt(65536), r.nextInt(256)}, 1 << 20));
    layouts.add(new Layout("<qh signed length", FrameFormat.builder("<qh").build(), 1, -1,
        n -> (long) n, r -> new Object[] {r.nextLong()}, 32767));
    layouts.add(new Layout("@Bxxxi padded native", FrameFormat.builder("@Bi").build(), 1, -1,
        n -> (long) n, r -> new Object[] {r.nextInt(256)}, 1 << 20));
    layouts.add(new Layout("!II length+crc32c",
        FrameFormat.builder("!II").lengthField(0).checksumField(1).build(), 0, 1,
        n -> (long) n, none, 1 << 20));
    layouts.add(new Layout("<HQB crc in Q",
        FrameFormat.builder("<HQB").lengthField(0).checksumField(1).build(), 0, 1,
        n -> (long) n, r -> new Object[] {r.nextInt(256)}, 65535));
    return layouts;
  }

  /** The frame's bytes on the wire. */
  byte[] encode(byte[] payload, Object[] values) {
    Struct struct = Struct.compile(headerFormat, format.platform());
    Object[] all = new Object[struct.itemCount()];
    for (int i = 0, v = 0; i < all.length; i++) {
      if (i == lengthItem) {
        all[i] = declared.apply(payload.length);
      } else if (i == checksumItem) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        all[i] = crc.getValue();
      } else {
        all[i] = values[v++];
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(struct.pack(all));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** The values a received frame's header should hold. */
  Object[] expectedHeader(byte[] payload, Object[] values) {
    Struct struct = Struct.compile(headerFormat, format.platform());
    byte[] wire = encode(payload, values);
    return struct.unpackFrom(wire, 0);
  }

  /** The caller-set values back out of a whole header. */
  Object[] callerValues(Object[] header) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      if (i != lengthItem && i != checksumItem) {
        values.add(header[i]);
      }
    }
    return values.toArray();
  }
}
