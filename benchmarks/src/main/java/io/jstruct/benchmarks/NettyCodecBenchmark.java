package io.jstruct.benchmarks;

import io.jstruct.framing.FrameFormat;
import io.jstruct.netty.StructFrame;
import io.jstruct.netty.StructFrameDecoder;
import io.jstruct.netty.StructFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * jstruct's Netty codecs against Netty's own, in the same {@link EmbeddedChannel} pipeline and
 * the same run: {@link StructFrameDecoder} with {@code FrameFormat.lengthPrefixed("!I")} beside
 * {@link LengthFieldBasedFrameDecoder}{@code (16 MiB, 0, 4, 0, 4)}, on one in-memory stream of
 * {@code "!I"}-prefixed frames fed in 16 KiB chunks as a socket delivers them; and
 * {@link StructFrameEncoder} beside {@link LengthFieldPrepender}{@code (4)}.
 *
 * <p>Fair terms: both decoders hand out a retained zero-copy slice of the cumulation buffer (ours
 * wrapped in a {@link StructFrame} that carries the header), the consumer reads each payload's
 * last byte and releases it. Both encoders write a 4-byte header buffer and pass the payload on.
 * One operation decodes the whole 8 MiB stream (or encodes one frame); the {@code frames} and
 * {@code bytes} counters give frames/s and payload bytes/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar NettyCodecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class NettyCodecBenchmark {
  private static final int CHUNK = 16 * 1024;
  private static final int STREAM_BYTES = 8 * 1024 * 1024;
  private static final FrameFormat FORMAT = FrameFormat.lengthPrefixed("!I");

  @Param({"64", "1048576"})
  public int payloadSize;

  private byte[] stream;
  private ByteBuf payload;
  private EmbeddedChannel structEncoder;
  private EmbeddedChannel prepender;

  /** Frames and payload bytes handled, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    public long frames;
    public long bytes;

    @Setup(Level.Iteration)
    public void reset() {
      frames = 0;
      bytes = 0;
    }
  }

  @Setup
  public void setUp() {
    int frameCount = Math.max(1, STREAM_BYTES / (payloadSize + 4));
    ByteBuffer b = ByteBuffer.allocate(frameCount * (payloadSize + 4));
    for (int f = 0; f < frameCount; f++) {
      b.putInt(payloadSize);
      for (int k = 0; k < payloadSize; k++) {
        b.put((byte) (f + k));
      }
    }
    stream = b.array();
    payload = Unpooled.wrappedBuffer(new byte[payloadSize]);
    structEncoder = new EmbeddedChannel(new StructFrameEncoder(FORMAT));
    prepender = new EmbeddedChannel(new LengthFieldPrepender(4));
  }

  @TearDown
  public void tearDown() {
    structEncoder.finishAndReleaseAll();
    prepender.finishAndReleaseAll();
    payload.release();
  }

  @Benchmark
  public void decode_structFrameDecoder(Counts counts, Blackhole bh) {
    EmbeddedChannel channel = new EmbeddedChannel(new StructFrameDecoder(FORMAT));
    for (int at = 0; at < stream.length; at += CHUNK) {
      channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(CHUNK, stream.length - at)));
      for (StructFrame frame; (frame = channel.readInbound()) != null; ) {
        ByteBuf p = frame.payload();
        bh.consume(p.getByte(p.readerIndex() + p.readableBytes() - 1));
        counts.frames++;
        counts.bytes += p.readableBytes();
        frame.release();
      }
    }
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public void decode_lengthFieldBasedFrameDecoder(Counts counts, Blackhole bh) {
    EmbeddedChannel channel =
        new EmbeddedChannel(new LengthFieldBasedFrameDecoder(16 << 20, 0, 4, 0, 4));
    for (int at = 0; at < stream.length; at += CHUNK) {
      channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(CHUNK, stream.length - at)));
      for (ByteBuf p; (p = channel.readInbound()) != null; ) {
        bh.consume(p.getByte(p.readerIndex() + p.readableBytes() - 1));
        counts.frames++;
        counts.bytes += p.readableBytes();
        p.release();
      }
    }
    channel.finishAndReleaseAll();
  }

  @Benchmark
  public void encode_structFrameEncoder(Counts counts, Blackhole bh) {
    encode(structEncoder, counts, bh);
  }

  @Benchmark
  public void encode_lengthFieldPrepender(Counts counts, Blackhole bh) {
    encode(prepender, counts, bh);
  }

  private void encode(EmbeddedChannel channel, Counts counts, Blackhole bh) {
    channel.writeOutbound(payload.retainedDuplicate());
    for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
      bh.consume(out.getByte(out.readerIndex()));
      counts.bytes += out.readableBytes();
      out.release();
    }
    counts.frames++;
  }
}
