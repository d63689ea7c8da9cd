package io.jstruct.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jstruct.StructError;
import io.jstruct.StructRecord;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles small sources in-process with javac, the processor found on the processor path through
 * its service file (as a user's build finds it), and checks what compiles and what does not.
 */
@Timeout(60)
class StructFormatProcessorTest {
  @TempDir Path dir;

  /** What javac said: whether it compiled, and its error messages (with their lines). */
  record Result(boolean compiled, List<String> errors, List<Long> lines) {}

  private Result compile(String className, String source) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path src = dir.resolve("src/demo/" + className + ".java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    Path out = Files.createDirectories(dir.resolve("classes"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      String path = path();
      List<String> options = List.of("-d", out.toString(), "-classpath", path, "-processorpath",
          path, "--release", "17", "-Xlint:-options");
      boolean ok = javac.getTask(null, files, diagnostics, options, null,
          files.getJavaFileObjects(src.toFile())).call();
      List<Diagnostic<? extends JavaFileObject>> errors = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).collect(Collectors.toList());
      List<String> messages = new ArrayList<>();
      List<Long> lines = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : errors) {
        messages.add(d.getMessage(Locale.ROOT));
        lines.add(d.getLineNumber());
      }
      return new Result(ok, messages, lines);
    }
  }

  private static String runtimeMessage(Runnable binding) {
    return assertThrows(StructError.class, binding::run).getMessage();
  }

  @Test
  void aMatchingRecordCompilesAndBindsAtRunTime() throws Exception {
    Result r = compile("Student", String.join("\n",
        "package demo;",
        "import io.jstruct.StructFormat;",
        "@StructFormat(value = \"<10sHHb\", charset = \"US-ASCII\")",
        "public record Student(String name, int serialnum, int school, int gradelevel) {}"));
    assertTrue(r.compiled(), r.errors().toString());
    assertEquals(List.of(), r.errors());
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()},
        getClass().getClassLoader())) {
      Class<? extends Record> student =
          loader.loadClass("demo.Student").asSubclass(Record.class);
      assertEquals(15, StructRecord.of(student).size());
    }
  }

  @Test
  void everyKindOfComponentThatFitsCompiles() throws IOException {
    Result r = compile("Wide", String.join("\n",
        "package demo;",
        "import io.jstruct.StructFormat;",
        "import java.math.BigInteger;",
        "@StructFormat(\">bBhHiIqQ?efdc3s4pxQ\")",
        "record Wide(byte b, short ub, short h, int uh, int i, long ui, long q, BigInteger uq,",
        "    boolean flag, float half, double f, double d, byte[] c, byte[] s, byte[] p,",
        "    long bits) {}"));
    assertTrue(r.compiled(), r.errors().toString());
  }

  @Test
  void aMismatchedComponentDoesNotCompileAndSaysWhatTheRuntimeSays() throws IOException {
    Result r = compile("Student", String.join("\n",
        "package demo;",
        "import io.jstruct.StructFormat;",
        "",
        "@StructFormat(value = \"<10sHHb\", charset = \"US-ASCII\")",
        "record Student(String name, short serialnum, int school, int gradelevel) {}"));
    assertFalse(r.compiled());
    record Student(String name, short serialnum, int school, int gradelevel) {}
    String expected = runtimeMessage(() -> StructRecord.of(Student.class, "<10sHHb",
        StandardCharsets.US_ASCII));
    assertEquals("record Student, component serialnum: 'H' (0 <= number <= 65535) needs int or "
        + "long or BigInteger, not short", expected);
    assertEquals(List.of(expected), r.errors());
    assertEquals(List.of(4L), r.lines(), "reported on the annotation of the record");
  }

  @Test
  void aWrongCountDoesNotCompile() throws IOException {
    Result r = compile("Pair", String.join("\n",
        "package demo;",
        "@io.jstruct.StructFormat(\"!HIq\")",
        "record Pair(int kind, long length) {}"));
    assertFalse(r.compiled());
    assertEquals(List.of("record Pair has 2 components, but format '!HIq' has 3 items"), r.errors());
  }

  @Test
  void anInvalidFormatDoesNotCompile() throws IOException {
    Result r = compile("Bad", String.join("\n",
        "package demo;",
        "@io.jstruct.StructFormat(\"<3z\")",
        "record Bad(int x) {}"));
    assertFalse(r.compiled());
    assertEquals(List.of("record Bad: format '<3z': bad char in struct format"), r.errors());
  }

  @Test
  void aStringWithoutACharsetOrWithAnUnknownOneDoesNotCompile() throws IOException {
    Result none = compile("Named", String.join("\n",
        "package demo;",
        "@io.jstruct.StructFormat(\"8s\")",
        "record Named(String name) {}"));
    assertFalse(none.compiled());
    assertEquals(1, none.errors().size());
    assertTrue(none.errors().get(0).startsWith("record Named, component name: a String for 's' "
        + "needs a charset"), none.errors().toString());
    Result unknown = compile("Named2", String.join("\n",
        "package demo;",
        "@io.jstruct.StructFormat(value = \"8s\", charset = \"klingon\")",
        "record Named2(String name) {}"));
    assertEquals(List.of("record Named2: unsupported charset 'klingon'"), unknown.errors());
  }

  @Test
  void theAnnotationOnSomethingElseIsAnError() throws IOException {
    Result r = compile("NotARecord", String.join("\n",
        "package demo;",
        "@io.jstruct.StructFormat(\"i\")",
        "class NotARecord {}"));
    assertFalse(r.compiled());
    assertEquals(List.of("@StructFormat goes on a record; NotARecord is a class"), r.errors());
  }

  @Test
  void theProcessorIsFoundThroughItsServiceFile() {
    URL service = getClass().getClassLoader()
        .getResource("META-INF/services/javax.annotation.processing.Processor");
    assertNotNull(service);
    assertTrue(path().contains("processor" + File.separator + "target" + File.separator
        + "classes"));
  }

  /**
   * The class path javac gets, and the processor path: everything these tests run with. Surefire
   * puts the modules (the processor's own classes, jstruct-struct) on the module path, so
   * java.class.path alone lacks them.
   */
  private static String path() {
    String modules = System.getProperty("jdk.module.path", "");
    String classes = System.getProperty("java.class.path", "");
    return modules.isEmpty() ? classes : modules + File.pathSeparator + classes;
  }
}
