package io.jstruct;

import static org.objectweb.asm.Opcodes.AALOAD;
import static org.objectweb.asm.Opcodes.AASTORE;
import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ANEWARRAY;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ARRAYLENGTH;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.BASTORE;
import static org.objectweb.asm.Opcodes.DLOAD;
import static org.objectweb.asm.Opcodes.DSTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.F_SAME;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.NEWARRAY;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SWAP;
import static org.objectweb.asm.Opcodes.T_BYTE;
import static org.objectweb.asm.Opcodes.V17;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
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
  /**
   * Fields per generated method. A method for more inlines more codec code than C2 compiles in
   * one unit, and must stay far below HotSpot's 8000-byte limit on methods it compiles at all.
   */
  static final int CHUNK = 16;

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final String PLAN = Type.getInternalName(Plan.class);
  private static final String OBJECT = Type.getInternalName(Object.class);
  private static final String SELF = PLAN + "$Generated";
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
    List<Codec> codecs = new ArrayList<>();
    for (StructField f : fields(layout)) {
      codecs.add(f.codec());
    }
    try {
      MethodHandles.Lookup hidden =
          LOOKUP.defineHiddenClassWithClassData(classBytes(layout), List.copyOf(codecs), true);
      return (Plan) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
          .invoke();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("generated plan for " + codecs, t);
    }
  }

  /** Every item of {@code layout}, in order; item i's codec is class data element i. */
  private static List<StructField> fields(Layout layout) {
    List<StructField> fields = new ArrayList<>();
    for (Run run : layout.runs) {
      for (int r = 0; r < run.repeat; r++) {
        fields.add(new StructField(run.firstItem + r, run.offset + r * run.size, layout.order,
            run.codec));
      }
    }
    return fields;
  }

  /**
   * A writer for a final synthetic class {@code self} implementing {@code plan}, its no-argument
   * constructor written; the caller adds the plan's methods. Frames are not computed: the
   * methods written here and by {@link RecordGenerator} write their one branch's frame by hand.
   */
  static ClassWriter startClass(String self, String plan) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, self, null, OBJECT, new String[] {plan});
    MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, OBJECT, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    return cw;
  }

  /** The class file of the plan for {@code layout}; its class data must be the codecs in order. */
  static byte[] classBytes(Layout layout) {
    List<StructField> fields = fields(layout);
    ClassWriter cw = startClass(SELF, PLAN); // one branch, its frame by hand
    pack(cw, layout, fields);
    toBytes(cw, layout);
    unpack(cw, layout, fields);
    unpackExact(cw, layout);
    cw.visitEnd();
    return cw.toByteArray();
  }

  /**
   * Writes {@code pack}. Up to {@link #CHUNK} fields it is one straight-line method; beyond, the
   * fields are split into chunks of that many, each packed by its own method, because one method
   * for 64 fields inlines more codec code than C2 takes into one compilation ({@code
   * DesiredMethodLimit}), leaving calls that are not inlined in the hot path. So that a bad value
   * still writes nothing, and the first bad value in item order is the one reported, as CPython
   * does, {@code pack} first runs a check-only method for every chunk in order; each chunk's own
   * method then converts its values again before writing them.
   */
  private static void pack(ClassWriter cw, Layout layout, List<StructField> fields) {
    if (fields.size() <= CHUNK) {
      packChunk(cw, ACC_PUBLIC, "pack", layout, fields, 0, layout.size);
      return;
    }
    List<List<StructField>> chunks = chunks(fields);
    for (int c = 0; c < chunks.size(); c++) {
      List<StructField> chunk = chunks.get(c);
      int from = c == 0 ? 0 : chunks.get(c - 1).get(CHUNK - 1).offset()
          + chunks.get(c - 1).get(CHUNK - 1).size();
      int to = c == chunks.size() - 1 ? layout.size : -1;
      packChunk(cw, ACC_PRIVATE, "pack" + c, layout, chunk, from, to);
      checkChunk(cw, "check" + c, chunk);
    }
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "pack", "([Ljava/lang/Object;[BI)V", null, null);
    mv.visitCode();
    for (int c = 0; c < chunks.size(); c++) {
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitMethodInsn(INVOKESPECIAL, SELF, "check" + c, "([Ljava/lang/Object;)V", false);
    }
    for (int c = 0; c < chunks.size(); c++) {
      mv.visitVarInsn(ALOAD, 0);
      mv.visitVarInsn(ALOAD, 1);
      mv.visitVarInsn(ALOAD, 2);
      mv.visitVarInsn(ILOAD, 3);
      mv.visitMethodInsn(INVOKESPECIAL, SELF, "pack" + c, "([Ljava/lang/Object;[BI)V", false);
    }
    finish(mv);
  }

  private static List<List<StructField>> chunks(List<StructField> fields) {
    List<List<StructField>> chunks = new ArrayList<>();
    for (int i = 0; i < fields.size(); i += CHUNK) {
      chunks.add(fields.subList(i, Math.min(fields.size(), i + CHUNK)));
    }
    return chunks;
  }

  /** A method that checks the values of {@code fields} and writes nothing. */
  private static void checkChunk(ClassWriter cw, String name, List<StructField> fields) {
    MethodVisitor mv = cw.visitMethod(ACC_PRIVATE, name, "([Ljava/lang/Object;)V", null, null);
    mv.visitCode();
    for (StructField f : fields) {
      codec(mv, f);
      value(mv, f.index());
      call(mv, f.codec(), "check", "(Ljava/lang/Object;)V");
    }
    finish(mv);
  }

  /**
   * A method that checks then writes {@code fields}, zeroing the pad bytes from {@code from} on,
   * and after the last field up to {@code to} unless it is negative.
   */
  private static void packChunk(ClassWriter cw, int access, String name, Layout layout,
      List<StructField> fields, int from, int to) {
    MethodVisitor mv = cw.visitMethod(access, name, "([Ljava/lang/Object;[BI)V", null, null);
    mv.visitCode();
    int[] locals = new int[fields.size()];
    int next = 4; // this, values, buffer, start
    for (int i = 0; i < fields.size(); i++) {
      StructField f = fields.get(i);
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
      locals[i] = next;
      next += 2;
    }
    int end = from;
    for (int i = 0; i < fields.size(); i++) {
      StructField f = fields.get(i);
      zero(mv, end, f.offset());
      end = f.offset() + f.size();
      Codec codec = f.codec();
      codec(mv, f);
      mv.visitVarInsn(ALOAD, 2);
      at(mv, 3, f.offset());
      mv.visitInsn(layout.big ? ICONST_1 : ICONST_0);
      if (codec instanceof IntegerCodec) {
        mv.visitVarInsn(LLOAD, locals[i]);
        call(mv, codec, "putBits", "([BIZJ)V");
      } else if (codec instanceof FloatCodec) {
        mv.visitVarInsn(DLOAD, locals[i]);
        call(mv, codec, "putDouble", "([BIZD)V");
      } else {
        value(mv, f.index());
        call(mv, codec, "write", "([BIZLjava/lang/Object;)V");
      }
    }
    if (to >= 0) {
      zero(mv, end, to);
    }
    finish(mv);
  }

  /**
   * Writes {@code toBytes}: {@code pack(values, new byte[SIZE], 0)}, inlined, with the struct's
   * size a constant, so that the JIT knows the array's length and drops the bounds check of every
   * store (and the zeroing of pad bytes that are zero already). The array comes first, as in
   * hand-written code: converting every value before it would keep them all live across the
   * allocation, and C2 spills them to the stack on every call.
   */
  private static void toBytes(ClassWriter cw, Layout layout) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "toBytes", "([Ljava/lang/Object;)[B", null,
        null);
    mv.visitCode();
    mv.visitLdcInsn(layout.size);
    mv.visitIntInsn(NEWARRAY, T_BYTE);
    mv.visitVarInsn(ASTORE, 2);
    mv.visitVarInsn(ALOAD, 0);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitVarInsn(ALOAD, 2);
    mv.visitInsn(ICONST_0);
    mv.visitMethodInsn(INVOKEVIRTUAL, SELF, "pack", "([Ljava/lang/Object;[BI)V", false);
    mv.visitVarInsn(ALOAD, 2);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * Writes {@code unpackExact}: {@code null} unless {@code data} is exactly the struct's constant
   * size, then {@code unpack(data, 0)}, inlined under that test of the length.
   */
  private static void unpackExact(ClassWriter cw, Layout layout) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "unpackExact", "([B)[Ljava/lang/Object;",
        null, null);
    mv.visitCode();
    Label exact = new Label();
    mv.visitVarInsn(ALOAD, 1);
    mv.visitInsn(ARRAYLENGTH);
    mv.visitLdcInsn(layout.size);
    mv.visitJumpInsn(IF_ICMPEQ, exact);
    mv.visitInsn(ACONST_NULL);
    mv.visitInsn(ARETURN);
    mv.visitLabel(exact);
    mv.visitFrame(F_SAME, 0, null, 0, null);
    mv.visitVarInsn(ALOAD, 0);
    mv.visitVarInsn(ALOAD, 1);
    mv.visitInsn(ICONST_0);
    mv.visitMethodInsn(INVOKEVIRTUAL, SELF, "unpack", "([BI)[Ljava/lang/Object;", false);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * Writes {@code unpack}: chunked like {@link #pack} beyond {@link #CHUNK} fields, each chunk's
   * method filling its part of the array.
   */
  private static void unpack(ClassWriter cw, Layout layout, List<StructField> fields) {
    MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "unpack", "([BI)[Ljava/lang/Object;", null, null);
    mv.visitCode();
    mv.visitLdcInsn(fields.size());
    mv.visitTypeInsn(ANEWARRAY, OBJECT);
    if (fields.size() <= CHUNK) {
      reads(mv, layout, fields, 1, 2);
    } else {
      List<List<StructField>> chunks = chunks(fields);
      for (int c = 0; c < chunks.size(); c++) {
        mv.visitInsn(DUP);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(SWAP);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ILOAD, 2);
        mv.visitMethodInsn(INVOKESPECIAL, SELF, "unpack" + c, "([Ljava/lang/Object;[BI)V", false);
        MethodVisitor chunk = cw.visitMethod(ACC_PRIVATE, "unpack" + c, "([Ljava/lang/Object;[BI)V",
            null, null);
        chunk.visitCode();
        chunk.visitVarInsn(ALOAD, 1);
        reads(chunk, layout, chunks.get(c), 2, 3);
        chunk.visitInsn(POP);
        finish(chunk);
      }
    }
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  /**
   * Stores each of {@code fields}, read from buffer local {@code buffer} at start local
   * {@code start}, into the array on top of the stack, leaving the array there.
   */
  private static void reads(MethodVisitor mv, Layout layout, List<StructField> fields, int buffer,
      int start) {
    for (StructField f : fields) {
      mv.visitInsn(DUP);
      mv.visitLdcInsn(f.index());
      codec(mv, f);
      mv.visitVarInsn(ALOAD, buffer);
      at(mv, start, f.offset());
      mv.visitInsn(layout.big ? ICONST_1 : ICONST_0);
      call(mv, f.codec(), "read", "([BIZ)Ljava/lang/Object;");
      mv.visitInsn(AASTORE);
    }
  }

  /** Ends a void method. */
  private static void finish(MethodVisitor mv) {
    mv.visitInsn(RETURN);
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
  static void at(MethodVisitor mv, int startLocal, int offset) {
    mv.visitVarInsn(ILOAD, startLocal);
    if (offset != 0) {
      mv.visitLdcInsn(offset);
      mv.visitInsn(IADD);
    }
  }

  /** Calls {@code name} on the codec on the stack, through its own class (so it inlines). */
  static void call(MethodVisitor mv, Codec codec, String name, String descriptor) {
    mv.visitMethodInsn(INVOKEVIRTUAL, Type.getInternalName(codec.getClass()), name, descriptor,
        false);
  }

  /** Zeroes pad bytes {@code [from, to)} of the struct at local 3 of buffer local 2. */
  static void zero(MethodVisitor mv, int from, int to) {
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
