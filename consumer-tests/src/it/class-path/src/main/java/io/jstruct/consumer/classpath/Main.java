package io.jstruct.consumer.classpath;

import io.jstruct.Struct;
import io.jstruct.StructError;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * What a user does first: pack and unpack a header, frame two messages into one stream and read
 * them back, and get a StructError for bad values. Everything it prints is checked by verify.groovy.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    System.out.println("struct: " + describe(Struct.class.getModule()));
    System.out.println("framing: " + describe(FrameReader.class.getModule()));

    byte[] header = Struct.pack("!HIq", 1, 2L, -1L);
    System.out.println("pack !HIq 1 2 -1: " + HexFormat.of().formatHex(header));
    System.out.println("unpack: " + Arrays.toString(Struct.unpack("!HIq", header)));
    for (Object bad : new Object[] {11111111111L, 1.5}) {
      try {
        System.out.println("pack <i " + bad + ": " + HexFormat.of().formatHex(Struct.pack("<i", bad)));
      } catch (StructError e) {
        System.out.println("pack <i " + bad + ": StructError: " + e.getMessage());
      }
    }

    FrameFormat format = FrameFormat.lengthPrefixed("!I");
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    try (FrameWriter writer = new FrameWriter(wire, format)) {
      writer.write("hello".getBytes(StandardCharsets.US_ASCII));
      writer.write("world".getBytes(StandardCharsets.US_ASCII));
    }
    System.out.println("frames: " + HexFormat.of().formatHex(wire.toByteArray()));
    try (FrameReader reader =
        new FrameReader(new ByteArrayInputStream(wire.toByteArray()), format)) {
      for (byte[] payload; (payload = reader.readPayload()) != null; ) {
        System.out.println("read: " + new String(payload, StandardCharsets.US_ASCII));
      }
    }
  }

  /** The module's name, whether it is explicit, and what it exports: "unnamed" on the class path. */
  private static String describe(Module module) {
    if (!module.isNamed()) {
      return "unnamed module";
    }
    ModuleDescriptor descriptor = module.getDescriptor();
    TreeSet<String> exports = new TreeSet<>();
    if (descriptor.isAutomatic()) {
      exports.addAll(descriptor.packages()); // an automatic module exports all its packages
    } else {
      descriptor.exports().forEach(e -> exports.add(e.source()));
    }
    return "module " + module.getName() + (descriptor.isAutomatic() ? " (automatic)" : "")
        + " exports " + exports;
  }
}
