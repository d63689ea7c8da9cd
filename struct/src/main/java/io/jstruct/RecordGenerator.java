package io.jstruct;

import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.BASTORE;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.D2F;
import static org.objectweb.asm.Opcodes.F2D;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.RETURN;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes a {@link RecordPlan} class for exactly one record binding, and defines it as a hidden
 * class, as the {@link Generator} does for a struct's layout.
 *
 * <pre>
 *   record Header(int kind, long length, long id), "!HIq"
 *   unpack(a, base):                                pack(record, a, base):
 *     return NEW.invokeExact(                         H.accepts(KIND.invokeExact(record)) or throw
 *         (int) H.getBits(a, base + 0, true),         I.accepts(LENGTH.invokeExact(record)) or throw
 *         I.getBits(a, base + 2, true),               H.putBits(a, base + 0, true, KIND...(record))
 *         q.getBits(a, base + 6, true))               I.putBits(a, base + 2, true, LENGTH...(record))
 *                                                     q.putBits(a, base + 6, true, ID...(record))
 * </pre>
 *
 * <p>Each step is the one {@link RecordSteps} and {@link RecordCodec} chain into method handles for
 * the same component and field: the field's {@link Codec} (the struct's own per-kind code), the
 * same converter and the same check, in the same order, so the two plans give the same records,
 * bytes and errors. What changes is how the JIT sees them. Codecs, the charset, the record's
 * canonical constructor and its accessors are loaded by {@code ldc} of dynamic constants (the
 * class data), so they are constants: the calls on them inline, {@code invokeExact} on a constant
 * handle inlines to the constructor or accessor itself, and what is left is the checks, loads and
 * stores of hand-written code. A method handle chain held in a field is not a constant and runs
 * out of line.
 *
 * <p>Access: the hidden class lives in {@code io.jstruct}, nestmate of nothing, and never names the
 * record class. It reaches the record through the handles the binding looked up with whatever
 * access the binding had (its own, or the caller's lookup), adapted to erased types, so any record
 * a binding can be made for gets a class; none falls back for lack of access.
 *
 * <p>The class is hidden and not {@code STRONG}: it is unloaded with its binding.
 */
final class RecordGenerator {
  /** Straight-line unpack passes every component to one constructor call; beyond, the handles. */
  static final int MAX_COMPONENTS = Generator.MAX_ITEMS;
  /** Larger structs spend their time copying bytes, not dispatching. */
  static final int MAX_SIZE = Generator.MAX_SIZE;
  /** Components per generated pack method, as {@link Generator#CHUNK}. */
  static final int CHUNK = Generator.CHUNK;

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final String PLAN = Type.getInternalName(RecordPlan.class);
  private static final String SELF = PLAN + "$Generated";
  private static final String STEPS = Type.getInternalName(RecordSteps.class);
  private static final String CODEC = Type.getInternalName(RecordCodec.class);
  private static final String HANDLE = Type.getDescriptor(MethodHandle.class);
  private static final String PACK = "(Ljava/lang/Object;[BI)V";
  private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC,
      Type.getInternalName(MethodHandles.class), "classDataAt",
      MethodType.methodType(Object.class, MethodHandles.Lookup.class, String.class, Class.class,
          int.class).toMethodDescriptorString(), false);

  private RecordGenerator() {}

  static boolean canGenerate(RecordComponent[] components, int size) {
    return components.length <= MAX_COMPONENTS && size <= MAX_SIZE;
  }

  /**
   * A plan for the binding of {@code type} to {@code fields}. Throws {@link LinkageError} or
   * {@link OutOfMemoryError} should the class not be definable; the caller then keeps handles.
   *
   * @param constructor the record's canonical constructor
   * @param accessors the record's accessors, in component order
   */
  static RecordPlan generate(Class<?> type, MethodHandle constructor, MethodHandle[] accessors,
      RecordComponent[] components, List<StructField> fields, Charset charset, int size) {
    Binding binding = new Binding(type.getSimpleName(), constructor, accessors, components,
        fields, charset, size);
    try {
      MethodHandles.Lookup hidden =
          LOOKUP.defineHiddenClassWithClassData(binding.classBytes(), List.copyOf(binding.data),
              true);
      return (RecordPlan) hidden.findConstructor(hidden.lookupClass(),
          MethodType.methodType(void.class)).invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("generated record plan for " + type.getName(), t);
    }
  }

  /** One binding being written: its class data, and where each constant sits in it. */
  private static final class Binding {
    final String record;
    final RecordComponent[] components;
    final List<StructField> fields;
    final int size;
    /** The class data: constructor, accessors, codecs, then the charset if there is one. */
    final List<Object> data = new ArrayList<>();
    final int constructor;
    final int[] accessors;
    final int[] codecs;
    final int charset;
    final String constructorDescriptor;

    Binding(String record, MethodHandle constructor, MethodHandle[] accessors,
        RecordComponent[] components, List<StructField> fields, Charset charset, int size) {
      this.record = record;
      this.components = components;
      this.fields = fields;
      this.size = size;
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < types.length; i++) {
        types[i] = components[i].getType();
      }
      // Erased to Object where the record is named, so the class never resolves the record type
      MethodType erased = MethodType.methodType(Object.class, types);
      this.constructor = add(constructor.asType(erased));
      this.constructorDescriptor = erased.toMethodDescriptorString();
      this.accessors = new int[accessors.length];
      for (int i = 0; i < accessors.length; i++) {
        this.accessors[i] = add(accessors[i].asType(MethodType.methodType(types[i], Object.class)));
      }
      this.codecs = new int[fields.size()];
      for (int i = 0; i < codecs.length; i++) {
        codecs[i] = add(fields.get(i).codec());
      }
      this.charset = charset == null ? -1 : add(charset);
    }

    private int add(Object constant) {
      data.add(constant);
      return data.size() - 1;
    }

    byte[] classBytes() {
      ClassWriter cw = Generator.startClass(SELF, PLAN); // no branches: no frames
      unpack(cw);
      pack(cw);
      cw.visitEnd();
      return cw.toByteArray();
    }

    // -------------------------------------------------------------------------------------------
    // unpack(byte[] a, int base): every component read, then the constructor (RecordCodec's
    // fastUnpacker with RecordSteps.reader per component)

    private void unpack(ClassWriter cw) {
      MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "unpack", "([BI)Ljava/lang/Object;", null,
          null);
      mv.visitCode();
      constant(mv, constructor, HANDLE);
      for (int i = 0; i < components.length; i++) {
        read(mv, fields.get(i), components[i].getType(), i);
      }
      mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact",
          constructorDescriptor, false);
      mv.visitInsn(ARETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }

    /** Pushes component {@code i} of type {@code type}, read from {@code field} (locals 1, 2). */
    private void read(MethodVisitor mv, StructField field, Class<?> type, int i) {
      Codec codec = field.codec();
      if (type == String.class && field.kind() == FieldKind.BYTES) {
        constant(mv, charset, Type.getDescriptor(Charset.class));
        mv.visitLdcInsn(field.offset());
        mv.visitLdcInsn(field.size());
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ILOAD, 2);
        mv.visitMethodInsn(INVOKESTATIC, STEPS, "decodeBytes",
            "(Ljava/nio/charset/Charset;II[BI)Ljava/lang/String;", false);
      } else if (codec instanceof IntegerCodec && type.isPrimitive()) {
        at(mv, i, field, 1, 2);
        Generator.call(mv, codec, "getBits", "([BIZ)J");
        narrow(mv, type); // exact: RecordTypes admitted only types that hold every value
      } else if (codec instanceof FloatCodec && type.isPrimitive()) {
        at(mv, i, field, 1, 2);
        Generator.call(mv, codec, "getDouble", "([BIZ)D");
        if (type == float.class) {
          mv.visitInsn(D2F);
        }
      } else if (type == String.class) {
        constant(mv, charset, Type.getDescriptor(Charset.class));
        at(mv, i, field, 1, 2);
        Generator.call(mv, codec, "read", "([BIZ)Ljava/lang/Object;");
        mv.visitMethodInsn(INVOKESTATIC, CODEC, "decode",
            "(Ljava/nio/charset/Charset;Ljava/lang/Object;)Ljava/lang/String;", false);
      } else {
        at(mv, i, field, 1, 2);
        Generator.call(mv, codec, "read", "([BIZ)Ljava/lang/Object;");
        if (type == byte[].class) {
          mv.visitTypeInsn(CHECKCAST, "[B");
        } else {
          // RecordCodec.fromValue's converter: toBoolean, toBigInteger, toComplex
          String simple = type.getSimpleName();
          mv.visitMethodInsn(INVOKESTATIC, CODEC,
              "to" + Character.toUpperCase(simple.charAt(0)) + simple.substring(1),
              "(Ljava/lang/Object;)" + Type.getDescriptor(type), false);
        }
      }
    }

    // -------------------------------------------------------------------------------------------
    // pack(Object record, byte[] a, int base): every check, then the pad bytes zeroed, then every
    // write (RecordCodec's fastPacker with RecordSteps.check and .writer per component)

    private void pack(ClassWriter cw) {
      int n = components.length;
      if (n <= CHUNK) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "pack", PACK, null, null);
        mv.visitCode();
        for (int i = 0; i < n; i++) {
          check(mv, i);
        }
        zeroGaps(mv);
        for (int i = 0; i < n; i++) {
          write(mv, i);
        }
        finish(mv);
        return;
      }
      // Chunks, as the Generator's: one method for 64 components inlines more than C2 takes
      // into one compilation. All checks in order first, so the first bad component is reported
      // and nothing is written.
      int chunks = (n + CHUNK - 1) / CHUNK;
      for (int c = 0; c < chunks; c++) {
        MethodVisitor check = cw.visitMethod(ACC_PRIVATE, "check" + c, PACK, null, null);
        check.visitCode();
        MethodVisitor write = cw.visitMethod(ACC_PRIVATE, "write" + c, PACK, null, null);
        write.visitCode();
        for (int i = c * CHUNK; i < Math.min(n, (c + 1) * CHUNK); i++) {
          check(check, i);
          write(write, i);
        }
        finish(check);
        finish(write);
      }
      MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "pack", PACK, null, null);
      mv.visitCode();
      for (int c = 0; c < chunks; c++) {
        callChunk(mv, "check" + c);
      }
      zeroGaps(mv);
      for (int c = 0; c < chunks; c++) {
        callChunk(mv, "write" + c);
      }
      finish(mv);
    }

    private static void callChunk(MethodVisitor mv, String name) {
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitVarInsn(ALOAD, 2);
      mv.visitVarInsn(ILOAD, 3);
      mv.visitMethodInsn(INVOKESPECIAL, SELF, name, PACK, false);
    }

    /** Component {@code i}'s check, as {@link RecordSteps#check}; nothing where none can fail. */
    private void check(MethodVisitor mv, int i) {
      StructField field = fields.get(i);
      Codec codec = field.codec();
      Class<?> type = components[i].getType();
      if (type == String.class) {
        // s and p take any bytes, so a String's check is its null check alone, with no encoding
        nonNull(mv, i);
        mv.visitInsn(POP);
      } else if (codec instanceof IntegerCodec && type.isPrimitive()) {
        if (!RecordSteps.bitsOrWithin(field, type)) {
          constant(mv, codecs[i], Type.getDescriptor(IntegerCodec.class));
          component(mv, i);
          widen(mv, type);
          mv.visitMethodInsn(INVOKESTATIC, STEPS, "checkRange",
              "(" + Type.getDescriptor(IntegerCodec.class) + "J)V", false);
        }
      } else if (codec instanceof FloatCodec && type.isPrimitive()) {
        if (!(codec.size() == 8 || type == float.class && codec.size() == 4)) {
          constant(mv, codecs[i], Type.getDescriptor(FloatCodec.class));
          component(mv, i);
          if (type == float.class) {
            mv.visitInsn(F2D);
          }
          mv.visitMethodInsn(INVOKESTATIC, STEPS, "checkDouble",
              "(" + Type.getDescriptor(FloatCodec.class) + "D)V", false);
        }
      } else if (type != boolean.class) { // ? packs any truth value
        constant(mv, codecs[i], Type.getDescriptor(codec.getClass()));
        value(mv, i);
        Generator.call(mv, codec, "check", "(Ljava/lang/Object;)V");
      }
    }

    /** Writes component {@code i}, checked, as {@link RecordSteps#writer}. */
    private void write(MethodVisitor mv, int i) {
      StructField field = fields.get(i);
      Codec codec = field.codec();
      Class<?> type = components[i].getType();
      at(mv, i, field, 2, 3);
      if (codec instanceof IntegerCodec && type.isPrimitive()) {
        component(mv, i);
        widen(mv, type);
        Generator.call(mv, codec, "putBits", "([BIZJ)V");
      } else if (codec instanceof FloatCodec && type.isPrimitive()) {
        component(mv, i);
        if (type == float.class) {
          mv.visitInsn(F2D);
        }
        Generator.call(mv, codec, "putDouble", "([BIZD)V");
      } else {
        value(mv, i);
        Generator.call(mv, codec, "write", "([BIZLjava/lang/Object;)V");
      }
    }

    /**
     * Pushes component {@code i} as pack takes it, as {@link RecordCodec#toValue}: a String
     * encoded, another reference checked for null, a primitive boxed.
     */
    private void value(MethodVisitor mv, int i) {
      Class<?> type = components[i].getType();
      if (type == String.class) {
        constant(mv, charset, Type.getDescriptor(Charset.class));
        mv.visitLdcInsn(record);
        mv.visitLdcInsn(components[i].getName());
        component(mv, i);
        mv.visitMethodInsn(INVOKESTATIC, CODEC, "encode", "(Ljava/nio/charset/Charset;"
            + "Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;", false);
      } else if (type.isPrimitive()) {
        component(mv, i);
        Type box = Type.getType(MethodType.methodType(type).wrap().returnType());
        mv.visitMethodInsn(INVOKESTATIC, box.getInternalName(), "valueOf",
            "(" + Type.getDescriptor(type) + ")" + box.getDescriptor(), false);
      } else {
        nonNull(mv, i);
      }
    }

    /** Pushes component {@code i}, refused with its name if null, as an Object. */
    private void nonNull(MethodVisitor mv, int i) {
      mv.visitLdcInsn(record);
      mv.visitLdcInsn(components[i].getName());
      component(mv, i);
      mv.visitMethodInsn(INVOKESTATIC, CODEC, "nonNull",
          "(Ljava/lang/String;Ljava/lang/String;Ljava/lang/Object;)Ljava/lang/Object;", false);
    }

    /** Pushes component {@code i} of the record in local 1, through its accessor. */
    private void component(MethodVisitor mv, int i) {
      constant(mv, accessors[i], HANDLE);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeExact",
          "(Ljava/lang/Object;)" + Type.getDescriptor(components[i].getType()), false);
    }

    /** Zeroes every byte no field covers, as {@link RecordSteps#zero} (locals 2, 3). */
    private void zeroGaps(MethodVisitor mv) {
      for (int[] gap : RecordSteps.gaps(fields, size)) {
        Generator.zero(mv, gap[0], gap[1]);
      }
    }

    /** Pushes codec {@code i}, the bytes (local {@code bytes}), the index and the byte order. */
    private void at(MethodVisitor mv, int i, StructField field, int bytes, int base) {
      constant(mv, codecs[i], Type.getDescriptor(field.codec().getClass()));
      mv.visitVarInsn(ALOAD, bytes);
      Generator.at(mv, base, field.offset());
      mv.visitInsn(field.order() == ByteOrder.BIG_ENDIAN ? ICONST_1 : ICONST_0);
    }
  }

  /** A long read as {@code type}, as {@code explicitCastArguments} narrows it. */
  private static void narrow(MethodVisitor mv, Class<?> type) {
    if (type == long.class) {
      return;
    }
    mv.visitInsn(L2I);
    if (type == short.class) {
      mv.visitInsn(I2S);
    } else if (type == byte.class) {
      mv.visitInsn(I2B);
    }
  }

  /** An integer component as a long, as {@code asType} widens it. */
  private static void widen(MethodVisitor mv, Class<?> type) {
    if (type != long.class) {
      mv.visitInsn(I2L);
    }
  }

  /** Pushes class data element {@code index}, a constant of type {@code descriptor}. */
  private static void constant(MethodVisitor mv, int index, String descriptor) {
    mv.visitLdcInsn(new ConstantDynamic("_", descriptor, CLASS_DATA_AT, index));
  }


  /** Ends a void method. */
  private static void finish(MethodVisitor mv) {
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }
}
