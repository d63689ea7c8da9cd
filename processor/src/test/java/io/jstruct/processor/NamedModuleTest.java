package io.jstruct.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.Struct;
import io.jstruct.StructError;
import io.jstruct.StructRecord;
import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record in a named module whose package is exported but not opened: jstruct cannot reach its
 * constructor by itself, and says how to fix that; with a lookup from the record's package, the
 * binding works. The module is compiled with javac and loaded in a layer of its own.
 */
@Timeout(60)
class NamedModuleTest {
  @TempDir Path dir;

  @Test
  void aRecordInAPackageThatIsNotOpenNeedsItsOwnLookup() throws Exception {
    Path src = dir.resolve("src");
    write(src.resolve("module-info.java"), "module demo { requires io.jstruct; exports demo; }");
    write(src.resolve("demo/Point.java"), "package demo; public record Point(int x, int y) {}");
    write(src.resolve("demo/Bindings.java"), String.join("\n",
        "package demo;",
        "import io.jstruct.StructRecord;",
        "import java.lang.invoke.MethodHandles;",
        "public final class Bindings {",
        "  public static StructRecord<Point> withoutLookup() {",
        "    return StructRecord.of(Point.class, \"<ii\");",
        "  }",
        "  public static StructRecord<Point> withLookup() {",
        "    return StructRecord.of(Point.class, \"<ii\", null, MethodHandles.lookup());",
        "  }",
        "}"));
    Path out = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      String modulePath = System.getProperty("jdk.module.path", "") + File.pathSeparator
          + System.getProperty("java.class.path", "");
      boolean ok = javac.getTask(null, files, diagnostics,
          List.of("-d", out.toString(), "--module-path", modulePath, "-proc:none"), null,
          files.getJavaFileObjects(src.resolve("module-info.java").toFile(),
              src.resolve("demo/Point.java").toFile(),
              src.resolve("demo/Bindings.java").toFile())).call();
      assertTrue(ok, diagnostics.getDiagnostics().toString());
    }

    ModuleLayer boot = ModuleLayer.boot();
    Assumptions.assumeTrue(boot.findModule("io.jstruct").isPresent(),
        "io.jstruct runs as a named module (surefire's module path)");
    Configuration config = boot.configuration()
        .resolve(ModuleFinder.of(out), ModuleFinder.of(), Set.of("demo"));
    ModuleLayer layer = boot.defineModulesWithOneLoader(config, getClass().getClassLoader());
    Class<?> bindings = layer.findLoader("demo").loadClass("demo.Bindings");

    Method without = bindings.getMethod("withoutLookup");
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> without.invoke(null));
    StructError error = assertInstanceOf(StructError.class, e.getCause());
    assertTrue(error.getMessage().startsWith("record Point is not accessible to jstruct ("),
        error.getMessage());
    assertTrue(error.getMessage().endsWith("open its package to io.jstruct, or pass a lookup "
        + "from its package, StructRecord.of(Point.class, format, charset, "
        + "MethodHandles.lookup())"), error.getMessage());

    StructRecord<?> point = (StructRecord<?>) bindings.getMethod("withLookup").invoke(null);
    assertEquals("Point[x=3, y=-4]", point.unpack(Struct.pack("<ii", 3, -4)).toString());
  }

  private static void write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
