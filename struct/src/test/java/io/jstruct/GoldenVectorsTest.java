package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.GoldenVectors.Vector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the library against every vector CPython 3.11 produced (see
 * {@code src/test/python/generate_golden.py}): same bytes, same values of the same Java classes,
 * same error messages. Each vector runs through every entry point that can express it: the
 * compiled struct, the module-level functions, and heap, sliced, direct and read-only
 * {@code ByteBuffer}s. The vectors are native-mode vectors of x86_64 Linux, so they are checked
 * with {@link Platform#LP64_LITTLE_ENDIAN}; the module-level functions (host platform) only where
 * the host is that platform.
 *
 * <p>Java throws {@link StructError} for every failure, so only messages are compared; the Python
 * exception class in the vector is for the reader.
 */
class GoldenVectorsTest {
  private static final Platform PLATFORM = Platform.LP64_LITTLE_ENDIAN;
  private static final boolean HOST_IS_PLATFORM = Platform.host() == PLATFORM;

  @TestFactory
  Stream<DynamicNode> everyVector() {
    return GoldenVectors.index().keySet().stream()
        .map(file -> DynamicContainer.dynamicContainer(file,
            GoldenVectors.read(file).stream().map(v -> DynamicTest.dynamicTest(
                "line " + v.lineNumber + ": " + v.op + " " + v.line.split("\t", -1)[2], () -> check(v)))));
  }

  /**
   * No vector file lost or truncated: the counts the generator wrote are the counts read. The
   * library's own native platform must be the vectors' one for the module-level functions to be
   * checked: this machine's.
   */
  @Test
  void everyGeneratedVectorIsRead() {
    int total = 0;
    for (Map.Entry<String, Integer> file : GoldenVectors.index().entrySet()) {
      assertEquals(file.getValue(), GoldenVectors.read(file.getKey()).size(), file.getKey());
      total += file.getValue();
    }
    assertTrue(total > 10_000, "only " + total + " vectors");
  }

  /**
   * The committed vectors are what the committed generator writes: re-runs it, where this machine
   * has the oracle (python3 3.11, LP64 little-endian), into a temporary directory and compares.
   */
  @Test
  void theCommittedVectorsAreWhatTheGeneratorWrites(@TempDir Path out) throws Exception {
    Path script = Path.of("src/test/python/generate_golden.py");
    Path committed = Path.of("src/test/resources" + GoldenVectors.DIRECTORY);
    Assumptions.assumeTrue(Files.isRegularFile(script), "run from the struct module's directory");
    Assumptions.assumeTrue(HOST_IS_PLATFORM, "the vectors are those of an LP64 little-endian CPython");
    Assumptions.assumeTrue(pythonIs311(), "python3 3.11 is not on the PATH");
    Process p = new ProcessBuilder("python3", script.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "generator still running");
    assertEquals(0, p.exitValue(), log);
    try (Stream<Path> files = Files.list(committed)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        assertEquals(withoutComments(file), withoutComments(out.resolve(file.getFileName())),
            file + " is stale: regenerate it with python3 " + script);
      }
    }
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(GoldenVectors.index().size() + 1, files.count(), "files added or removed");
    }
  }

  /**
   * Newer CPythons, where pyenv has them (skipped elsewhere), write the same vectors: the
   * generator runs under them with {@code --other-version} and every file must match. Their raw
   * outputs differ from 3.11 only where the generator already normalises to the library's
   * behaviour (3.12 and 3.13 say {@code 'L' format requires 0 <= number <= ...} where 3.11 says
   * {@code argument out of range}; 3.13 unpacks {@code 0p} as {@code b''} where 3.11 raises
   * SystemError); see the README.
   */
  @ParameterizedTest
  @ValueSource(strings = {"3.12", "3.13"})
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void newerCPythonsWriteTheSameVectors(String version, @TempDir Path out) throws Exception {
    Path script = Path.of("src/test/python/generate_golden.py");
    Assumptions.assumeTrue(Files.isRegularFile(script), "run from the struct module's directory");
    Assumptions.assumeTrue(HOST_IS_PLATFORM, "the vectors are those of an LP64 little-endian CPython");
    Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    Path python;
    try (Stream<Path> installed = Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
      python = installed.filter(d -> d.getFileName().toString().startsWith(version + "."))
          .map(d -> d.resolve("bin/python3")).filter(Files::isExecutable).sorted()
          .reduce((a, b) -> b).orElse(null);
    }
    Assumptions.assumeTrue(python != null, "no CPython " + version + " under " + versions);
    Process p = new ProcessBuilder(python.toString(), script.toString(), out.toString(),
        "--other-version").redirectErrorStream(true).start();
    try {
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(150, TimeUnit.SECONDS), "generator still running");
      assertEquals(0, p.exitValue(), log);
    } finally {
      p.destroyForcibly();
    }
    Path committed = Path.of("src/test/resources" + GoldenVectors.DIRECTORY);
    try (Stream<Path> files = Files.list(committed)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        assertEquals(withoutComments(file), withoutComments(out.resolve(file.getFileName())),
            file.getFileName() + " differs under " + python);
      }
    }
  }

  /** The lines that matter: the header names the exact CPython 3.11.x that wrote the file. */
  private static List<String> withoutComments(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
        .filter(line -> !line.startsWith("#"))
        .collect(Collectors.toList());
  }

  private static boolean pythonIs311() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.version_info[:2] == (3, 11))")
          .redirectErrorStream(true).start();
      String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && answer.equals("True");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void check(Vector v) {
    String expected = v.isError() ? "error " + v.result : "ok " + v.result;
    for (Map.Entry<String, Supplier<String>> variant : variants(v).entrySet()) {
      String actual;
      try {
        actual = "ok " + variant.getValue().get();
      } catch (StructError e) {
        actual = "error " + e.getMessage();
      } catch (RuntimeException | Error e) {
        throw new AssertionError(v + " via " + variant.getKey() + " threw " + e, e);
      }
      assertEquals(expected, actual, v + " via " + variant.getKey());
    }
  }

  private static Struct compiled(Vector v) {
    return Struct.compile(v.format, PLATFORM);
  }

  private static Object[] values(Vector v, int from) {
    return v.args.subList(from, v.args.size()).stream().map(GoldenVectors::input).toArray();
  }

  private static byte[] data(Vector v) {
    return (byte[]) GoldenVectors.input(v.args.get(0));
  }

  private static int offset(Vector v) {
    return (Integer) GoldenVectors.input(v.args.get(1));
  }

  /** Every way to make the call a vector describes, by name; each gives the result's tokens. */
  private static Map<String, Supplier<String>> variants(Vector v) {
    Map<String, Supplier<String>> calls = new LinkedHashMap<>();
    if (isNative(v.format) && v.format.indexOf('l') < 0 && v.format.indexOf('L') < 0) {
      // Without l and L, 64-bit Windows' native layout is Linux's: same vector, other platform.
      calls.put("LLP64_LITTLE_ENDIAN", () -> onPlatform(v, v.format, Platform.LLP64_LITTLE_ENDIAN));
    }
    if (isNative(v.format)) {
      calls.put("LP64_BIG_ENDIAN, fields byte-swapped", () -> onBigEndian(v));
    }
    if (v.format.startsWith(">")) { // '=' is '>' where the native order is big-endian
      String equals = "=" + v.format.substring(1);
      calls.put("'=' on LP64_BIG_ENDIAN", () -> onPlatform(v, equals, Platform.LP64_BIG_ENDIAN));
    } else if (v.format.startsWith("<")) {
      String equals = "=" + v.format.substring(1);
      calls.put("'=' on LLP64_LITTLE_ENDIAN", () -> onPlatform(v, equals, Platform.LLP64_LITTLE_ENDIAN));
    }
    if (!v.op.equals("calcsize")) { // both strategies, held to the same vectors
      calls.put("interpreter", () -> onStruct(v, interpreted(v.format)));
      calls.put("generated code", () -> onStruct(v, generated(v.format)));
    }
    switch (v.op) {
      case "calcsize":
        calls.put("Struct.size", () -> "i:" + compiled(v).size());
        if (HOST_IS_PLATFORM) {
          calls.put("calcsize", () -> "i:" + Struct.calcsize(v.format));
        }
        break;
      case "pack":
        calls.put("Struct.pack", () -> "y:" + GoldenVectors.hex(compiled(v).pack(values(v, 0))));
        if (HOST_IS_PLATFORM) {
          calls.put("pack", () -> "y:" + GoldenVectors.hex(Struct.pack(v.format, values(v, 0))));
        }
        if (TypedPath.canPut(v)) {
          calls.put("typed put", () -> TypedPath.put(v));
        }
        calls.put("objectField set, item by item", () -> objectFieldsSet(v));
        break;
      case "pack_into":
        packIntoVariants(v, calls);
        break;
      case "unpack":
        unpackVariants(v, calls);
        break;
      case "unpack_from":
        unpackFromVariants(v, calls);
        break;
      case "iter_unpack":
        calls.put("Struct.iterUnpack(byte[])", () -> joined(compiled(v).iterUnpack(data(v))));
        calls.put("Struct.iterUnpack(sliced ByteBuffer)",
            () -> joined(compiled(v).iterUnpack(window(data(v), false))));
        calls.put("Struct.iterUnpack(direct ByteBuffer)",
            () -> joined(compiled(v).iterUnpack(window(data(v), true))));
        if (HOST_IS_PLATFORM) {
          calls.put("iterUnpack", () -> joined(Struct.iterUnpack(v.format, data(v))));
        }
        break;
      default:
        throw new IllegalArgumentException("op " + v.op + " in " + v);
    }
    return calls;
  }

  private static boolean isNative(String format) {
    return format.isEmpty() || "=<>!".indexOf(format.charAt(0)) < 0;
  }

  /** The vector's call, with {@code format}, on another platform, through the byte[] methods. */
  private static String onPlatform(Vector v, String format, Platform platform) {
    return onStruct(v, Struct.compile(format, platform));
  }

  /** A pack vector through {@link ObjectField#set}, item by item, into zeros. */
  private static String objectFieldsSet(Vector v) {
    Struct s = compiled(v);
    Object[] values = values(v, 0);
    if (values.length != s.itemCount()) {
      return "y:" + GoldenVectors.hex(s.pack(values)); // the count error, as pack reports it
    }
    byte[] buffer = new byte[s.size()];
    for (int i = 0; i < values.length; i++) {
      s.objectField(i).set(buffer, 0, values[i]);
    }
    return "y:" + GoldenVectors.hex(buffer);
  }

  /** An unpack vector through {@link ObjectField#get}, on the array and on a direct buffer. */
  private static String objectFieldsGet(Vector v, boolean direct) {
    Struct s = compiled(v);
    byte[] data = data(v);
    if (data == null || data.length != s.size()) {
      return GoldenVectors.tokens(s.unpack(data)); // the size error, as unpack reports it
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(data.length).put(0, data);
    Object[] values = new Object[s.itemCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = direct ? s.objectField(i).get(buffer, 0) : s.objectField(i).get(data, 0);
    }
    return GoldenVectors.tokens(values);
  }

  /** Structs of the vectors' formats that always interpret, and that run generated code. */
  private static final Map<String, Struct> INTERPRETED = new ConcurrentHashMap<>();
  private static final Map<String, Struct> GENERATED = new ConcurrentHashMap<>();

  private static Struct interpreted(String format) {
    return INTERPRETED.computeIfAbsent(format, f -> new Struct(f, PLATFORM, false));
  }

  private static Struct generated(String format) {
    Struct s = GENERATED.computeIfAbsent(format, f -> {
      Struct struct = new Struct(f, PLATFORM);
      TierUp.now(struct);
      return struct;
    });
    assertTrue(TierUp.generated(s) || !TierUp.CAN_GENERATE || !Generator.canGenerate(s.layout()), format);
    return s;
  }

  /** The vector's call on {@code s}, through the byte[] methods. */
  private static String onStruct(Vector v, Struct s) {
    switch (v.op) {
      case "calcsize":
        return "i:" + s.size();
      case "pack":
        return "y:" + GoldenVectors.hex(s.pack(values(v, 0)));
      case "pack_into":
        byte[] buffer = data(v);
        try {
          s.packInto(buffer, offset(v), values(v, 2));
        } catch (StructError e) {
          assertArrayEquals(data(v), buffer, v + ": the failed packInto wrote to the buffer");
          throw e;
        }
        return "y:" + GoldenVectors.hex(buffer);
      case "unpack":
        return GoldenVectors.tokens(s.unpack(data(v)));
      case "unpack_from":
        return GoldenVectors.tokens(s.unpackFrom(data(v), offset(v)));
      default:
        return joined(s.iterUnpack(data(v)));
    }
  }

  /**
   * A native vector on {@link Platform#LP64_BIG_ENDIAN}: the same layout as on LP64 little-endian,
   * with every multi-byte number's bytes reversed. The vector's bytes are swapped field by field
   * (fields read from the little-endian struct's {@code toString()}), then the call must give the
   * vector's result, swapped back the same way.
   */
  private static String onBigEndian(Vector v) {
    Struct little;
    try {
      little = Struct.compile(v.format, PLATFORM);
    } catch (StructError e) {
      return onPlatform(v, v.format, Platform.LP64_BIG_ENDIAN); // the same error, on any platform
    }
    if (v.op.equals("calcsize") || little.size() > 1 << 16) {
      return onPlatform(v, v.format, Platform.LP64_BIG_ENDIAN); // only sizes and errors here
    }
    Struct big = Struct.compile(v.format, Platform.LP64_BIG_ENDIAN);
    List<int[]> numbers = numberFields(little);
    switch (v.op) {
      case "pack": {
        byte[] packed = big.pack(values(v, 0));
        swap(packed, 0, numbers);
        return "y:" + GoldenVectors.hex(packed);
      }
      case "pack_into": {
        byte[] buffer = data(v);
        int offset = offset(v);
        big.packInto(buffer, offset, values(v, 2));
        swap(buffer, offset < 0 ? offset + buffer.length : offset, numbers);
        return "y:" + GoldenVectors.hex(buffer);
      }
      case "unpack": {
        byte[] data = data(v);
        if (data != null && data.length == little.size()) {
          swap(data, 0, numbers);
        }
        return GoldenVectors.tokens(big.unpack(data));
      }
      case "unpack_from": {
        byte[] data = data(v);
        int offset = offset(v);
        int at = offset < 0 ? offset + data.length : offset;
        if (at >= 0 && (long) at + little.size() <= data.length && (offset >= 0 || offset + little.size() <= 0)) {
          swap(data, at, numbers);
        }
        return GoldenVectors.tokens(big.unpackFrom(data, offset));
      }
      case "iter_unpack": {
        byte[] data = data(v);
        if (little.size() > 0 && data.length % little.size() == 0) {
          for (int at = 0; at < data.length; at += little.size()) {
            swap(data, at, numbers);
          }
        }
        return joined(big.iterUnpack(data));
      }
      default:
        throw new IllegalArgumentException("op " + v.op);
    }
  }

  /** {offset, size} of every multi-byte number of a struct (each part of a complex), from its fields. */
  private static List<int[]> numberFields(Struct s) {
    List<int[]> numbers = new ArrayList<>();
    for (StructField f : s.fields()) {
      if (f.kind() == FieldKind.COMPLEX) {
        numbers.add(new int[] {f.offset(), f.size() / 2});
        numbers.add(new int[] {f.offset() + f.size() / 2, f.size() / 2});
      } else if ((f.isInteger() || f.kind() == FieldKind.FLOAT) && f.size() > 1) {
        numbers.add(new int[] {f.offset(), f.size()});
      }
    }
    return numbers;
  }

  private static void swap(byte[] buffer, int start, List<int[]> fields) {
    for (int[] field : fields) {
      for (int i = start + field[0], j = i + field[1] - 1; i < j; i++, j--) {
        byte t = buffer[i];
        buffer[i] = buffer[j];
        buffer[j] = t;
      }
    }
  }

  private static void packIntoVariants(Vector v, Map<String, Supplier<String>> calls) {
    calls.put("Struct.packInto(byte[])", () -> packIntoArray(v, false));
    if (HOST_IS_PLATFORM) {
      calls.put("packInto", () -> packIntoArray(v, true));
    }
    for (String kind : List.of("heap", "sliced", "direct")) {
      calls.put("Struct.packInto(" + kind + " ByteBuffer)", () -> packIntoBuffer(v, kind));
    }
  }

  /** The buffer after the call; on error, first checks that not one byte was written. */
  private static String packIntoArray(Vector v, boolean moduleLevel) {
    byte[] before = data(v);
    byte[] buffer = before.clone();
    try {
      if (moduleLevel) {
        Struct.packInto(v.format, buffer, offset(v), values(v, 2));
      } else {
        compiled(v).packInto(buffer, offset(v), values(v, 2));
      }
    } catch (StructError e) {
      assertArrayEquals(before, buffer, v + ": the failed packInto wrote to the buffer");
      throw e;
    }
    return "y:" + GoldenVectors.hex(buffer);
  }

  private static String packIntoBuffer(Vector v, String kind) {
    byte[] before = data(v);
    ByteBuffer buffer;
    switch (kind) {
      case "heap":
        buffer = ByteBuffer.wrap(before.clone());
        break;
      case "sliced": // arrayOffset 5: index 0 of the buffer is index 5 of its array
        byte[] array = new byte[before.length + 9];
        System.arraycopy(before, 0, array, 5, before.length);
        buffer = ByteBuffer.wrap(array, 5, before.length).slice();
        break;
      default:
        buffer = ByteBuffer.allocateDirect(before.length).put(before).clear();
        break;
    }
    buffer.position(before.length / 2); // an absolute offset ignores the position
    try {
      compiled(v).packInto(buffer, offset(v), values(v, 2));
    } catch (StructError e) {
      assertArrayEquals(before, contents(buffer), v + ": the failed packInto wrote to the " + kind + " buffer");
      throw e;
    }
    assertEquals(before.length / 2, buffer.position(), v + ": packInto moved the position");
    return "y:" + GoldenVectors.hex(contents(buffer));
  }

  private static byte[] contents(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.limit()];
    buffer.get(0, bytes);
    return bytes;
  }

  private static void unpackVariants(Vector v, Map<String, Supplier<String>> calls) {
    if (v.args.get(0).equals("none")) {
      calls.put("Struct.unpack((byte[]) null)", () -> GoldenVectors.tokens(compiled(v).unpack((byte[]) null)));
      calls.put("Struct.unpack((ByteBuffer) null)",
          () -> GoldenVectors.tokens(compiled(v).unpack((ByteBuffer) null)));
      return;
    }
    calls.put("objectField get, byte[]", () -> objectFieldsGet(v, false));
    calls.put("objectField get, direct ByteBuffer", () -> objectFieldsGet(v, true));
    calls.put("Struct.unpack(byte[])", () -> GoldenVectors.tokens(compiled(v).unpack(data(v))));
    if (!v.isError()) {
      calls.put("typed get", () -> TypedPath.get(v, data(v), 0));
    }
    if (HOST_IS_PLATFORM) {
      calls.put("unpack", () -> GoldenVectors.tokens(Struct.unpack(v.format, data(v))));
    }
    calls.put("Struct.unpack(heap ByteBuffer window)",
        () -> unpackKeepingPosition(v, window(data(v), false)));
    calls.put("Struct.unpack(direct ByteBuffer window)",
        () -> unpackKeepingPosition(v, window(data(v), true)));
    calls.put("Struct.unpack(read-only ByteBuffer window)",
        () -> unpackKeepingPosition(v, window(data(v), false).asReadOnlyBuffer()));
  }

  private static String unpackKeepingPosition(Vector v, ByteBuffer buffer) {
    int position = buffer.position();
    String tokens = GoldenVectors.tokens(compiled(v).unpack(buffer));
    assertEquals(position, buffer.position(), v + ": unpack moved the position");
    return tokens;
  }

  /** {@code data} as the remaining bytes of a buffer whose position and array offset are not 0. */
  private static ByteBuffer window(byte[] data, boolean direct) {
    ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(data.length + 7) : ByteBuffer.allocate(data.length + 7);
    buffer.position(3);
    buffer.put(data);
    buffer.position(3);
    buffer.limit(3 + data.length);
    return buffer;
  }

  private static void unpackFromVariants(Vector v, Map<String, Supplier<String>> calls) {
    calls.put("Struct.unpackFrom(byte[])", () -> GoldenVectors.tokens(compiled(v).unpackFrom(data(v), offset(v))));
    if (HOST_IS_PLATFORM) {
      calls.put("unpackFrom", () -> GoldenVectors.tokens(Struct.unpackFrom(v.format, data(v), offset(v))));
    }
    if (!v.isError() && offset(v) >= 0) {
      calls.put("typed get", () -> TypedPath.get(v, data(v), offset(v)));
    }
    if (offset(v) == 0) {
      calls.put("Struct.unpackFrom(byte[]) at 0", () -> GoldenVectors.tokens(compiled(v).unpackFrom(data(v))));
    }
    for (String kind : List.of("heap", "sliced", "direct", "read-only")) {
      calls.put("Struct.unpackFrom(" + kind + " ByteBuffer)", () -> {
        byte[] data = data(v);
        ByteBuffer buffer;
        switch (kind) {
          case "heap":
            buffer = ByteBuffer.wrap(data);
            break;
          case "sliced":
            buffer = window(data, false).slice();
            break;
          case "direct":
            buffer = window(data, true).slice();
            break;
          default:
            buffer = ByteBuffer.wrap(data).asReadOnlyBuffer();
            break;
        }
        buffer.position(data.length / 3); // an absolute offset ignores the position
        return GoldenVectors.tokens(compiled(v).unpackFrom(buffer, offset(v)));
      });
    }
  }

  private static String joined(Iterator<Object[]> tuples) {
    List<String> tokens = new ArrayList<>(); // as the generator writes them: "/" between tuples
    for (int n = 0; tuples.hasNext(); n++) {
      if (n > 0) {
        tokens.add("/");
      }
      String tuple = GoldenVectors.tokens(tuples.next());
      if (!tuple.isEmpty()) {
        tokens.add(tuple);
      }
    }
    return String.join(" ", tokens);
  }
}
