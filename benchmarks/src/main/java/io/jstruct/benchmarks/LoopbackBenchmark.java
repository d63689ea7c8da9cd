package io.jstruct.benchmarks;

import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FrameReader;
import io.jstruct.framing.FrameWriter;
import io.jstruct.framing.StreamedFrame;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Frames across a real loopback TCP connection, next to a raw socket copy of the same bytes, in
 * one run. Scores are frames per second (one operation is one frame; each invocation sends a batch
 * and waits until the receiving thread has read all of it, so this is end-to-end throughput, not
 * how fast the send buffer fills). Both ends read through the same {@code BufferedInputStream}.
 *
 * <ul>
 *   <li>{@code mib_framed}: 1 MiB payloads, {@link FrameWriter} to the socket's stream,
 *       {@link FrameReader#read()} on the other end (a new payload array per frame, as the API
 *       promises). {@code mib_raw}: the same 1 MiB + 4 header bytes per frame written with one
 *       {@code OutputStream.write} and read with {@code readNBytes} into one reused array.
 *       {@code mib_framedStreamed}: framed, but received with {@link FrameReader#readStreamed()}
 *       into one reused array, like the raw receiver, so only the framing itself differs.
 *   <li>{@code small_*}: 64-byte payloads. {@code small_framedFlushEach}: a writer that sends each
 *       frame before {@code write} returns (the default); {@code small_framedBatched}: a writer
 *       that batches frames in its buffer and is flushed once per batch; {@code small_raw}: each
 *       68-byte frame written raw with one {@code write} call, read raw.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LoopbackBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopbackBenchmark {
  static final int MIB = 1 << 20;
  static final int MIB_BATCH = 16;
  static final int SMALL = 64;
  static final int SMALL_BATCH = 4096;
  static final FrameFormat FORMAT = FrameFormat.lengthPrefixed("!I");

  /**
   * A connected pair of loopback sockets and a thread draining the accepting end, which releases
   * one permit per received batch.
   */
  abstract static class Link {
    final int payloadSize;
    final int batch;
    final byte[] payload;
    /** The frame as raw bytes: 4-byte big-endian length, then the payload. */
    final byte[] frameBytes;
    ServerSocket server;
    Socket sending;
    Socket receiving;
    OutputStream out;
    Thread receiver;
    final Semaphore batches = new Semaphore(0);
    volatile Throwable failure;

    Link(int payloadSize, int batch) {
      this.payloadSize = payloadSize;
      this.batch = batch;
      this.payload = new byte[payloadSize];
      for (int k = 0; k < payloadSize; k++) {
        payload[k] = (byte) (k * 31);
      }
      this.frameBytes = ByteBuffer.allocate(payloadSize + 4).putInt(payloadSize).put(payload)
          .array();
    }

    /** JMH calls this for every concrete link below: the fixtures live here, once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
      open();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      close();
    }

    void open() throws IOException {
      server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      sending = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
      receiving = server.accept();
      sending.setTcpNoDelay(true);
      out = sending.getOutputStream();
      // Both receivers read through the same buffered stream: FrameReader reads a header and
      // then a payload, two reads per frame, which on a bare socket stream are two system calls.
      InputStream in = new BufferedInputStream(receiving.getInputStream(), 64 * 1024);
      receiver = new Thread(() -> {
        try {
          long frames = 0;
          while (receiveOne(in)) {
            if (++frames % batch == 0) {
              batches.release();
            }
          }
        } catch (Throwable t) {
          if (!receiving.isClosed()) {
            failure = t;
          }
          batches.release(Integer.MAX_VALUE / 2);
        }
      }, "loopback-receiver");
      receiver.setDaemon(true);
      receiver.start();
    }

    /** Reads one frame; false at the end of the stream. */
    abstract boolean receiveOne(InputStream in) throws IOException;

    void awaitBatch() throws InterruptedException {
      batches.acquire();
      if (failure != null) {
        throw new IllegalStateException("receiver failed", failure);
      }
    }

    void close() throws IOException, InterruptedException {
      sending.close();
      receiver.join(10_000);
      receiving.close();
      server.close();
    }
  }

  /**
   * Receives with {@link FrameReader#read()}, one new payload array per frame, or (streamed) with
   * {@link FrameReader#readStreamed()} into one reused array, as the raw receiver does.
   */
  abstract static class FramedLink extends Link {
    private final boolean streamed;
    private final boolean flushEachFrame;
    private final byte[] into;
    FrameReader reader;
    FrameWriter writer;

    FramedLink(int payloadSize, int batch, boolean streamed, boolean flushEachFrame) {
      super(payloadSize, batch);
      this.streamed = streamed;
      this.flushEachFrame = flushEachFrame;
      this.into = new byte[payloadSize];
    }

    @Override
    void open() throws IOException {
      super.open();
      writer = new FrameWriter(out, FORMAT, flushEachFrame);
    }

    @Override
    boolean receiveOne(InputStream in) throws IOException {
      if (reader == null) {
        reader = new FrameReader(in, FORMAT);
      }
      if (streamed) {
        StreamedFrame frame = reader.readStreamed();
        if (frame == null) {
          return false;
        }
        if (frame.payload().readNBytes(into, 0, into.length) != payloadSize) {
          throw new IOException("short payload");
        }
        return true;
      }
      Frame frame = reader.read();
      if (frame == null) {
        return false;
      }
      if (frame.payloadLength() != payloadSize) {
        throw new IOException("payload of " + frame.payloadLength() + " bytes");
      }
      return true;
    }
  }

  /** Receives the raw bytes of each frame into one reused array. */
  abstract static class RawLink extends Link {
    private final byte[] into;

    RawLink(int payloadSize, int batch) {
      super(payloadSize, batch);
      into = new byte[payloadSize + 4];
    }

    @Override
    boolean receiveOne(InputStream in) throws IOException {
      int n = in.readNBytes(into, 0, into.length);
      if (n == 0) {
        return false;
      }
      if (n != into.length) {
        throw new IOException("stream ended inside a frame");
      }
      return true;
    }
  }

  @State(Scope.Thread)
  public static class MibFramed extends FramedLink {
    public MibFramed() {
      super(MIB, MIB_BATCH, false, true);
    }
  }

  @State(Scope.Thread)
  public static class MibFramedStreamed extends FramedLink {
    public MibFramedStreamed() {
      super(MIB, MIB_BATCH, true, true);
    }
  }

  @State(Scope.Thread)
  public static class MibRaw extends RawLink {
    public MibRaw() {
      super(MIB, MIB_BATCH);
    }
  }

  @State(Scope.Thread)
  public static class SmallFramedFlushEach extends FramedLink {
    public SmallFramedFlushEach() {
      super(SMALL, SMALL_BATCH, false, true);
    }
  }

  @State(Scope.Thread)
  public static class SmallFramedBatched extends FramedLink {
    public SmallFramedBatched() {
      super(SMALL, SMALL_BATCH, false, false);
    }
  }

  @State(Scope.Thread)
  public static class SmallRaw extends RawLink {
    public SmallRaw() {
      super(SMALL, SMALL_BATCH);
    }
  }

  @Benchmark
  @OperationsPerInvocation(MIB_BATCH)
  public void mib_framed(MibFramed link) throws Exception {
    for (int f = 0; f < MIB_BATCH; f++) {
      link.writer.write(link.payload);
    }
    link.awaitBatch();
  }

  @Benchmark
  @OperationsPerInvocation(MIB_BATCH)
  public void mib_framedStreamed(MibFramedStreamed link) throws Exception {
    for (int f = 0; f < MIB_BATCH; f++) {
      link.writer.write(link.payload);
    }
    link.awaitBatch();
  }

  @Benchmark
  @OperationsPerInvocation(MIB_BATCH)
  public void mib_raw(MibRaw link) throws Exception {
    for (int f = 0; f < MIB_BATCH; f++) {
      link.out.write(link.frameBytes);
    }
    link.awaitBatch();
  }

  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH)
  public void small_framedFlushEach(SmallFramedFlushEach link) throws Exception {
    for (int f = 0; f < SMALL_BATCH; f++) {
      link.writer.write(link.payload);
    }
    link.awaitBatch();
  }

  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH)
  public void small_framedBatched(SmallFramedBatched link) throws Exception {
    for (int f = 0; f < SMALL_BATCH; f++) {
      link.writer.write(link.payload);
    }
    link.writer.flush();
    link.awaitBatch();
  }

  @Benchmark
  @OperationsPerInvocation(SMALL_BATCH)
  public void small_raw(SmallRaw link) throws Exception {
    for (int f = 0; f < SMALL_BATCH; f++) {
      link.out.write(link.frameBytes);
    }
    link.awaitBatch();
  }
}
