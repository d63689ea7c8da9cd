package io.jstruct;

/**
 * The policy that moves a struct from the {@link Interpreter} to generated code: after
 * {@link #AFTER_USES} packs and unpacks, a struct small enough for the {@link Generator} gets its
 * own class. Generating costs tens of microseconds, 20 to 100 times the parse, so a struct used a
 * few times (a module-level call with a passing format, a test) never pays it.
 *
 * <p>Until then this plan stands in the struct: it counts (racily: a lost count only delays the
 * switch) and interprets. Two threads may both generate; either class will do, as both give the
 * interpreter's results.
 */
final class TierUp implements Plan {
  static final int AFTER_USES = 64;

  /**
   * Whether ASM, the generator's one dependency, can be loaded. A user may exclude it (to keep
   * the class path small, or by a dependency-convergence rule): then every struct is interpreted,
   * slower and never different, instead of failing with {@code NoClassDefFoundError} at its
   * first use. On the module path {@code module-info} requires ASM, so it is always there.
   */
  static final boolean CAN_GENERATE = asmPresent();

  private static boolean asmPresent() {
    try {
      Class.forName("org.objectweb.asm.ClassWriter", false, TierUp.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private final Struct struct;
  private final Interpreter interpreter;
  private int uses;

  private TierUp(Struct struct, Interpreter interpreter) {
    this.struct = struct;
    this.interpreter = interpreter;
  }

  /** The plan a new struct starts with. */
  static Plan initial(Struct struct, Layout layout, boolean mayGenerate) {
    Interpreter interpreter = new Interpreter(layout);
    return mayGenerate && CAN_GENERATE && Generator.canGenerate(layout)
        ? new TierUp(struct, interpreter) : interpreter;
  }

  /** Generates now, if {@code struct} may and has not yet: for tests and benchmarks' set-up. */
  static void now(Struct struct) {
    if (struct.plan() instanceof TierUp) { // never without ASM: see CAN_GENERATE
      struct.plan(Generator.generate(struct.layout()));
    }
  }

  /** Whether {@code struct} runs generated code. */
  static boolean generated(Struct struct) {
    Plan plan = struct.plan();
    return !(plan instanceof TierUp || plan instanceof Interpreter);
  }

  private void count() {
    if (++uses == AFTER_USES) {
      try {
        struct.plan(Generator.generate(struct.layout()));
      } catch (OutOfMemoryError | LinkageError e) {
        struct.plan(interpreter); // no room for a class: interpreting is slower, never wrong
      }
    }
  }

  @Override
  public void pack(Object[] values, byte[] buffer, int start) {
    count();
    interpreter.pack(values, buffer, start);
  }

  @Override
  public byte[] toBytes(Object[] values) {
    count();
    return interpreter.toBytes(values);
  }

  @Override
  public Object[] unpackExact(byte[] data) {
    count();
    return interpreter.unpackExact(data);
  }

  @Override
  public Object[] unpack(byte[] buffer, int start) {
    count();
    return interpreter.unpack(buffer, start);
  }
}
