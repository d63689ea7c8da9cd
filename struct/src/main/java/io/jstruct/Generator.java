package io.jstruct;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.AASTORE;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ANEWARRAY;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.BASTORE;
import static org.objectweb.asm.Opcodes.DLOAD;
import static org.objectweb.asm.Opcodes.DSTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes a {@link Plan} class for exactly one layout, and defines it as a hidden class.
 *
 * <pre>
 *   "!HIq"  pack(values, buffer, start):                 unpack(buffer, start):
 *     long v0 = H.bits(values[0])    all checks first,    a = new Object[3]
 *     long v1 = I.bits(values[1])    so a bad value       a[0] = H.read(buffer, start + 0, true)
 *     long v2 = q.bits(values[2])    writes nothing       a[1] = I.read(buffer, start + 2, true)
 *     H.putBits(buffer, start + 0, true, v0)              a[2] = q.read(buffer, start + 6, true)
 *     I.putBits(buffer, start + 2, true, v1)              return a
 *     q.putBits(buffer, start + 6, true, v2)
 * </pre>
 *
 * <p>Each step is a call to the field's {@link Codec}, the same code the {@link Interpreter} runs,
 * with the codec loaded by {@code ldc} of a dynamic constant (the class data), the offset and the
 * byte order as constants. The JIT inlines each call on its constant receiver and folds the
 * codec's record fields, so what is left is the checks, loads and stores of hand-written code.
 *
 * <p>Why a class rather than a chain of method handles: a call site that sees one struct's plan
 * class inlines the interface call through its type profile, while a method handle held in a
 * field is not a constant to the JIT and runs out of line. The class is hidden and not
 * {@code STRONG}: it can be unloaded as soon as its struct is unreachable (the cache evicts), so
 * generating code for many formats does not fill the metaspace.
 */
final class Generator {
  /** Straight-line code grows with the values; beyond this the interpreter's loops do as well. */
  static final int MAX_ITEMS = 64;
  /** Larger structs spend their time copying bytes, not dispatching. */
  static final int MAX_SIZE = 1 << 16;
  /** Gaps up to this many bytes are zeroed with single stores, longer ones with Arrays.fill. */
  private static final int SHORT_GAP = 16;

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final String PLAN = Type.getInternalName(Plan.class);
  private static final String OBJECT = Type.getInternalName(Object.class);
  private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC,
      Type.getInternalName(MethodHandles.class), "classDataAt",
      MethodType.methodType(Object.class, MethodHandles.Lookup.class, String.class, Class.class,
          int.class).toMethodDescriptorString(), false);

  private Generator() {}

  static boolean canGenerate(Layout layout) {
    return layout.itemCount <= MAX_ITEMS && layout.size <= MAX_SIZE;
  }

  /** A plan for {@code layout}, or the interpreter should the class not be definable. */
  static Plan generate(Layout layout) {
    List<StructField> fields = new ArrayList<>();
    for (Run run : layout.runs) {
      for (int r = 0; r < run.repeat; r++) {
        fields.add(new StructField(run.firstItem + r, run.offset + r * run.size, layout.order,
            run.codec));
      }
    }
    List<Codec> codecs = new ArrayList<>();
    for (StructField f : fields) {
      codecs.add(f.codec());
    }
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS); // no branches: no frames
    cw.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, PLAN + "$Generated", null, OBJECT,
        new String[] {PLAN});
    MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, OBJECT, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    pack(cw, layout, fields);
    unpack(cw, layout, fields);
    cw.visitEnd();
    try {
      MethodHandles.Lookup hidden =
          LOOKUP.defineHiddenClassWithClassData(cw.toByteArray(), List.copyOf(codecs), true);
      return (Plan) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
          .invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("generated plan for " + fields, t);
    }
  }

  private static void pack(ClassWriter cw, Layout layout, List<StructField> fields) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "pack", "([Ljava/lang/Object;[BI)V", null, null);
    mv.visitCode();
    int[] locals = new int[fields.size()];
    int next = 4; // this, values, buffer, start
    for (StructField f : fields) {
      Codec codec = f.codec();
      codec(mv, f);
      value(mv, f.index());
      if (codec instanceof IntegerCodec) {
        call(mv, codec, "bits", "(Ljava/lang/Object;)J");
        mv.visitVarInsn(LSTORE, next);
      } else if (codec instanceof FloatCodec) {
        call(mv, codec, "value", "(Ljava/lang/Object;)D");
        mv.visitVarInsn(DSTORE, next);
      } else {
        call(mv, codec, "check", "(Ljava/lang/Object;)V");
      }
      locals[f.index()] = next;
      next += 2;
    }
    int end = 0;
    for (StructField f : fields) {
      zero(mv, end, f.offset());
      end = f.offset() + f.size();
      Codec codec = f.codec();
      codec(mv, f);
      mv.visitVarInsn(ALOAD, 2);
      at(mv, 3, f.offset());
      mv.visitInsn(layout.big ? ICONST_1 : ICONST_0);
      if (codec instanceof IntegerCodec) {
        mv.visitVarInsn(LLOAD, locals[f.index()]);
        call(mv, codec, "putBits", "([BIZJ)V");
      } else if (codec instanceof FloatCodec) {
        mv.visitVarInsn(DLOAD, locals[f.index()]);
        call(mv, codec, "putDouble", "([BIZD)V");
      } else {
        value(mv, f.index());
        call(mv, codec, "write", "([BIZLjava/lang/Object;)V");
      }
    }
    zero(mv, end, layout.size);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static void unpack(ClassWriter cw, Layout layout, List<StructField> fields) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "unpack", "([BI)[Ljava/lang/Object;", null, null);
    mv.visitCode();
    mv.visitLdcInsn(fields.size());
    mv.visitTypeInsn(ANEWARRAY, OBJECT);
    for (StructField f : fields) {
      mv.visitInsn(DUP);
      mv.visitLdcInsn(f.index());
      codec(mv, f);
      mv.visitVarInsn(ALOAD, 1);
      at(mv, 2, f.offset());
      mv.visitInsn(layout.big ? ICONST_1 : ICONST_0);
      call(mv, f.codec(), "read", "([BIZ)Ljava/lang/Object;");
      mv.visitInsn(AASTORE);
    }
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /** Pushes field {@code f}'s codec: a constant, from the class data. */
  private static void codec(MethodVisitor mv, StructField f) {
    mv.visitLdcInsn(new ConstantDynamic("_", Type.getDescriptor(f.codec().getClass()),
        CLASS_DATA_AT, f.index()));
  }

  /** Pushes {@code values[index]}. */
  private static void value(MethodVisitor mv, int index) {
    mv.visitVarInsn(ALOAD, 1);
    mv.visitLdcInsn(index);
    mv.visitInsn(AALOAD);
  }

  /** Pushes {@code start + offset}, start being local {@code startLocal}. */
  private static void at(MethodVisitor mv, int startLocal, int offset) {
    mv.visitVarInsn(ILOAD, startLocal);
    if (offset != 0) {
      mv.visitLdcInsn(offset);
      mv.visitInsn(IADD);
    }
  }

  private static void call(MethodVisitor mv, Codec codec, String name, String descriptor) {
    mv.visitMethodInsn(INVOKEVIRTUAL, Type.getInternalName(codec.getClass()), name, descriptor,
        false);
  }

  /** Zeroes pad bytes {@code [from, to)} of the struct at local 3 of buffer local 2. */
  private static void zero(MethodVisitor mv, int from, int to) {
    if (to - from > SHORT_GAP) {
      mv.visitVarInsn(ALOAD, 2);
      at(mv, 3, from);
      at(mv, 3, to);
      mv.visitInsn(ICONST_0);
      mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "([BIIB)V", false);
      return;
    }
    for (int i = from; i < to; i++) {
      mv.visitVarInsn(ALOAD, 2);
      at(mv, 3, i);
      mv.visitInsn(ICONST_0);
      mv.visitInsn(BASTORE);
    }
  }
}
