package io.jstruct.benchmarks;

import io.jstruct.framing.Frame;
import io.jstruct.framing.FrameDecoder;
import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.FramingException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Incremental decoding of one in-memory stream of {@code "!I"}-prefixed frames, fed in 16 KiB
 * chunks as a socket would deliver them, by jstruct's {@link FrameDecoder} and by Netty's
 * {@link LengthFieldBasedFrameDecoder} in an {@link EmbeddedChannel}, in one run.
 *
 * <p>Fair terms: both get the same chunks of the same array, both hand out every payload as its
 * own object, and the consumer touches each payload the same way. Netty's decoder by default
 * hands out a retained <em>slice</em> of its cumulation buffer (no copy); jstruct hands out a
 * {@code byte[]} of its own. So Netty runs twice: as it ships ({@code netty}, zero-copy slices)
 * and copying each payload into a buffer of its own ({@code nettyCopy}), which is what jstruct
 * does. {@code nettyDirect} calls Netty's {@code decode} directly, without a channel pipeline.
 *
 * <p>One operation decodes the whole stream; the {@code frames} and {@code bytes} counters give
 * frames/s and payload bytes/s.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar FramingBenchmark.decode -f 1 -wi 3 -w 1s -i 5 -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled"})
public class FramingBenchmark {
  private static final int CHUNK = 16 * 1024;
  private static final int STREAM_BYTES = 8 * 1024 * 1024;

  @Param({"64", "1048576"})
  public int payloadSize;

  private byte[] stream;
  private int frameCount;
  private final FrameFormat format = FrameFormat.lengthPrefixed("!I");

  /** Frames and payload bytes decoded, reported by JMH as rates. */
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
    frameCount = Math.max(1, STREAM_BYTES / (payloadSize + 4));
    ByteBuffer b = ByteBuffer.allocate(frameCount * (payloadSize + 4));
    for (int f = 0; f < frameCount; f++) {
      b.putInt(payloadSize);
      for (int k = 0; k < payloadSize; k++) {
        b.put((byte) (f + k));
      }
    }
    stream = b.array();
  }

  @Benchmark
  public void decode_jstruct(Counts counts, Blackhole bh) throws FramingException {
    FrameDecoder decoder = new FrameDecoder(format);
    for (int at = 0; at < stream.length; at += CHUNK) {
      decoder.feed(stream, at, Math.min(CHUNK, stream.length - at));
      for (Frame frame; (frame = decoder.poll()) != null; ) {
        byte[] payload = frame.payload();
        bh.consume(payload[payload.length - 1]);
        counts.frames++;
        counts.bytes += payload.length;
      }
    }
  }

  @Benchmark
  public void decode_netty(Counts counts, Blackhole bh) {
    decodeWithNetty(new LengthFieldBasedFrameDecoder(16 << 20, 0, 4, 0, 4), counts, bh);
  }

  @Benchmark
  public void decode_nettyCopy(Counts counts, Blackhole bh) {
    decodeWithNetty(new CopyingDecoder(), counts, bh);
  }

  private void decodeWithNetty(LengthFieldBasedFrameDecoder decoder, Counts counts, Blackhole bh) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    for (int at = 0; at < stream.length; at += CHUNK) {
      channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(CHUNK, stream.length - at)));
      for (ByteBuf payload; (payload = channel.readInbound()) != null; ) {
        bh.consume(payload.getByte(payload.readableBytes() - 1));
        counts.frames++;
        counts.bytes += payload.readableBytes();
        payload.release();
      }
    }
    channel.finishAndReleaseAll();
  }

  /**
   * Netty's decoder without its pipeline: {@code decode} called directly on a cumulation buffer
   * managed as {@code ByteToMessageDecoder} manages it (append each chunk, decode until null,
   * discard what was read). Netty's best case: no channel, no handler context, zero-copy slices.
   */
  @Benchmark
  public void decode_nettyDirect(Counts counts, Blackhole bh) throws Exception {
    DirectDecoder decoder = new DirectDecoder();
    ByteBuf cumulation = Unpooled.buffer(CHUNK);
    for (int at = 0; at < stream.length; at += CHUNK) {
      cumulation.writeBytes(stream, at, Math.min(CHUNK, stream.length - at));
      for (ByteBuf payload; (payload = decoder.next(cumulation)) != null; ) {
        bh.consume(payload.getByte(payload.readableBytes() - 1));
        counts.frames++;
        counts.bytes += payload.readableBytes();
        payload.release();
      }
      cumulation.discardSomeReadBytes();
    }
    cumulation.release();
  }

  /** Exposes {@code decode}; it does not use the context unless a frame is too long. */
  static final class DirectDecoder extends LengthFieldBasedFrameDecoder {
    DirectDecoder() {
      super(16 << 20, 0, 4, 0, 4);
    }

    ByteBuf next(ByteBuf in) throws Exception {
      return (ByteBuf) decode(null, in);
    }
  }

  /** Netty's decoder, copying each payload out as jstruct does rather than slicing it. */
  static final class CopyingDecoder extends LengthFieldBasedFrameDecoder {
    CopyingDecoder() {
      super(16 << 20, 0, 4, 0, 4);
    }

    @Override
    protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index,
        int length) {
      byte[] copy = new byte[length];
      buffer.getBytes(index, copy);
      return Unpooled.wrappedBuffer(copy);
    }
  }
}
