package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HotSpot never JIT-compiles a method of more than 8000 bytes of bytecode (HugeMethodLimit, with
 * DontCompileHugeMethods on by default): a generated plan that big would run interpreted, slower
 * than the {@link Interpreter} it replaces. These formats are the largest the generator accepts
 * ({@link Generator#MAX_ITEMS} items) of each kind of code, the padded one being the largest
 * per item (a 16-byte gap is zeroed with 16 single stores).
 */
class GeneratorCodeSizeTest {
  private static final int HUGE_METHOD_LIMIT = 8000;

  @ParameterizedTest
  @ValueSource(strings = {"<", "16x", "15x", "@", "!"})
  void everyGeneratedMethodIsCompilable(String prefix) throws IOException {
    for (String item : new String[] {"q", "d", "?", "5s", "hiqd", "bq", "e", "H"}) {
      StringBuilder format = new StringBuilder(prefix.endsWith("x") ? "<" : prefix);
      int items = 0;
      while (items + itemsIn(item) <= Generator.MAX_ITEMS) {
        if (prefix.endsWith("x")) {
          format.append(prefix);
        }
        format.append(item);
        items += itemsIn(item);
      }
      Struct struct = Struct.compile(format.toString());
      assertTrue(Generator.canGenerate(struct.layout()), format::toString);
      Map<String, Integer> lengths = codeLengths(Generator.classBytes(struct.layout()));
      assertTrue(lengths.keySet().containsAll(List.of("pack", "toBytes", "unpack", "unpackExact")),
          lengths::toString);
      lengths.forEach((method, length) -> assertTrue(length < HUGE_METHOD_LIMIT,
          () -> format + ": " + method + " has " + length + " bytes of code"));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, Generator.CHUNK, Generator.CHUNK + 1, 52, Generator.MAX_ITEMS})
  void largeFormatsAreSplitIntoChunks(int items) throws IOException {
    Struct struct = Struct.compile("<" + "q".repeat(items));
    Map<String, Integer> lengths = codeLengths(Generator.classBytes(struct.layout()));
    int chunks = (items + Generator.CHUNK - 1) / Generator.CHUNK;
    // <init>, pack, toBytes, unpack, unpackExact; beyond one chunk, checkN, packN and unpackN
    // per chunk
    int expected = chunks == 1 ? 5 : 5 + chunks * 3;
    assertEquals(expected, lengths.size(), lengths::toString);
  }

  private static int itemsIn(String item) {
    return item.endsWith("s") ? 1 : item.length();
  }

  /** Each method's code_length, read from the class file (JVMS 4.1, 4.7.3). */
  private static Map<String, Integer> codeLengths(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    assertEquals(0xCAFEBABE, in.readInt());
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new AssertionError("constant pool tag " + tag);
      }
    }
    in.readUnsignedShort(); // access
    in.readUnsignedShort(); // this
    in.readUnsignedShort(); // super
    in.skipBytes(2 * in.readUnsignedShort()); // interfaces
    assertEquals(0, in.readUnsignedShort(), "fields");
    Map<String, Integer> lengths = new LinkedHashMap<>();
    int methods = in.readUnsignedShort();
    for (int m = 0; m < methods; m++) {
      in.readUnsignedShort();
      String name = utf8[in.readUnsignedShort()];
      in.readUnsignedShort();
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("Code")) {
          in.readUnsignedShort();
          in.readUnsignedShort();
          lengths.put(name, in.readInt());
          in.skipBytes(length - 8);
        } else {
          in.skipBytes(length);
        }
      }
    }
    return lengths;
  }
}
