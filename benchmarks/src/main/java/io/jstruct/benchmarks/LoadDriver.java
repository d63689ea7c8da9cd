package io.jstruct.benchmarks;

import io.jstruct.framing.FrameFormat;
import io.jstruct.netty.StructFrame;
import io.jstruct.netty.StructFrameDecoder;
import io.jstruct.netty.StructFrameEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load driver for an echo server of {@code "!I"} frames ({@code chat-hub --echo}, or
 * {@link BlockingEchoServer}), run as a process of its own beside the server, on loopback only and
 * bounded in time:
 *
 * <ol>
 *   <li>opens {@code --connections} connections (at most 256 connects in flight);
 *   <li>samples the server's RSS, threads and heap ({@code /proc/PID/status}, {@code jcmd PID
 *       GC.heap_info}) while it holds them;
 *   <li>runs a closed-loop echo of {@code --size}-byte frames on {@code --active} of them for
 *       {@code --seconds} (after {@code --warmup} seconds, 10 by default, that let both servers' JIT
 *       compile the echo path) and prints the round-trip percentiles;
 *   <li>sends one frame on every connection and counts the echoes: the connections really held.
 * </ol>
 *
 * <pre>
 * benchmarks/load/run-load.sh netty 10000      # builds nothing; see the script for the commands
 * </pre>
 */
public final class LoadDriver {
  private static final FrameFormat FORMAT = FrameFormat.lengthPrefixed("!I");

  private LoadDriver() {}

  /**
   * Runs the load and prints what it measured.
   *
   * @param args {@code --port P --connections N [--active A] [--seconds S] [--warmup S]
   *     [--size B] [--server-pid PID]}
   * @throws Exception if the driver itself fails
   */
  public static void main(String[] args) throws Exception {
    int port = option(args, "--port", -1);
    int connections = option(args, "--connections", 1000);
    int active = Math.min(connections, option(args, "--active", 100));
    int seconds = option(args, "--seconds", 20);
    int size = Math.max(8, option(args, "--size", 64));
    long serverPid = option(args, "--server-pid", -1);
    int warmup = option(args, "--warmup", 10);
    if (port <= 0) {
      throw new IllegalArgumentException("--port is required");
    }
    EventLoopGroup group = new NioEventLoopGroup(2);
    try {
      run(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connections,
          active, seconds, warmup, size, serverPid);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  private static void run(EventLoopGroup group, InetSocketAddress server, int connections,
      int active, int seconds, int warmup, int size, long serverPid) throws Exception {
    StructFrameEncoder encoder = new StructFrameEncoder(FORMAT);
    List<Echo> echoes = new ArrayList<>();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            Echo echo = new Echo();
            synchronized (echoes) {
              echoes.add(echo);
            }
            ch.pipeline().addLast(new StructFrameDecoder(FORMAT), encoder, echo);
          }
        });

    // 1. connect
    long t0 = System.nanoTime();
    Semaphore inFlight = new Semaphore(256);
    AtomicInteger failed = new AtomicInteger();
    List<Channel> channels = new ArrayList<>();
    String firstFailure = null;
    for (int i = 0; i < connections; i++) {
      if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
        firstFailure = "connects stalled for 30 s";
        break;
      }
      ChannelFuture f = bootstrap.connect(server);
      f.addListener(done -> {
        inFlight.release();
        if (!done.isSuccess()) {
          failed.incrementAndGet();
        }
      });
      channels.add(f.channel());
    }
    inFlight.acquire(256); // all connects settled
    inFlight.release(256);
    long open = channels.stream().filter(Channel::isActive).count();
    System.out.printf(Locale.ROOT, "connect: %d of %d connected in %.1f s, %d failed%s%n", open,
        connections, (System.nanoTime() - t0) / 1e9, failed.get(),
        firstFailure != null ? " (" + firstFailure + ")" : "");

    Thread.sleep(2000);
    System.out.println("server while holding them: " + serverStats(serverPid));

    // 2. latency: closed-loop echo on `active` connections
    List<Channel> live = channels.stream().filter(Channel::isActive).collect(
        java.util.stream.Collectors.toList());
    List<Channel> measured = live.subList(0, Math.min(active, live.size()));
    long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
    double cpuBefore = -1;
    long end = warmEnd + seconds * 1_000_000_000L;
    for (Channel ch : measured) {
      Echo echo = ch.pipeline().get(Echo.class);
      echo.loop(ch, size, warmEnd, end);
    }
    Thread.sleep((warmEnd - System.nanoTime()) / 1_000_000);
    cpuBefore = cpuSeconds(serverPid);
    Thread.sleep((end - System.nanoTime()) / 1_000_000);
    double cpuUsed = cpuSeconds(serverPid) - cpuBefore;
    Thread.sleep(500);
    List<long[]> perConnection = new ArrayList<>();
    for (Channel ch : measured) { // read on the channel's own thread, which wrote them
      Echo echo = ch.pipeline().get(Echo.class);
      if (echo != null) {
        perConnection.add(ch.eventLoop().submit(echo::samples).get(10, TimeUnit.SECONDS));
      }
    }
    long[] all = perConnection.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    if (all.length == 0) {
      System.out.println("latency: no round trip completed");
    } else {
      System.out.printf(Locale.ROOT,
          "latency: %d round trips of %d-byte frames on %d connections in %d s (%.0f/s): "
              + "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
          all.length, size, measured.size(), seconds, all.length / (double) seconds,
          pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all[all.length - 1] / 1e6);
    }
    if (cpuBefore >= 0 && all.length > 0) {
      // CPU time is what a busy, shared machine cannot distort much: wall-clock rates depend on
      // how the scheduler shares the cores out, CPU per round trip much less
      System.out.printf(Locale.ROOT,
          "server CPU during the measured echo: %.1f s (%.0f us per round trip)%n", cpuUsed,
          cpuUsed * 1e6 / all.length);
    }
    System.out.println("server after the echo run: " + serverStats(serverPid));

    // 3. held: one echo on every connection
    CountDownLatch answered = new CountDownLatch(live.size());
    for (Channel ch : live) {
      ch.pipeline().get(Echo.class).once(ch, size, answered);
    }
    answered.await(60, TimeUnit.SECONDS);
    long still = channels.stream().filter(Channel::isActive).count();
    System.out.printf(Locale.ROOT, "held: %d of %d connections answered a final echo (%d still open)%n",
        live.size() - answered.getCount(), connections, still);

    for (Channel ch : channels) {
      ch.close();
    }
  }

  private static double pct(long[] sorted, double p) {
    int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e6;
  }

  /** User + system CPU seconds the process has used, from /proc/PID/stat; -1 if unknown. */
  static double cpuSeconds(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 and 15 of stat(5), counted after the command: utime and stime, in clock ticks
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** RSS, peak RSS and threads from /proc, heap from jcmd; "n/a" parts when they cannot be read. */
  static String serverStats(long pid) {
    if (pid <= 0) {
      return "n/a (no --server-pid)";
    }
    StringBuilder sb = new StringBuilder();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:") || line.startsWith("Threads:")) {
          sb.append(line.replaceAll("\\s+", " ")).append("; ");
        }
      }
    } catch (IOException e) {
      sb.append("/proc: ").append(e.getMessage()).append("; ");
    }
    try {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd")
          .toString(), Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(30, TimeUnit.SECONDS);
      for (String line : out.split("\n")) {
        if (line.contains("heap") && line.contains("used")) {
          sb.append("heap:").append(line.trim().replaceAll("\\s+", " "));
          break;
        }
      }
    } catch (IOException e) {
      sb.append("jcmd: ").append(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sb.toString();
  }

  /** One connection's echo client: a closed loop measuring round trips, or a single echo. */
  static final class Echo extends SimpleChannelInboundHandler<StructFrame> {
    private long[] samples = new long[1024];
    private int count;
    private long warmEnd;
    private long end;
    private int size;
    private CountDownLatch onceLatch;

    void loop(Channel ch, int size, long warmEnd, long end) {
      ch.eventLoop().execute(() -> {
        this.size = size;
        this.warmEnd = warmEnd;
        this.end = end;
        send(ch);
      });
    }

    void once(Channel ch, int size, CountDownLatch latch) {
      ch.eventLoop().execute(() -> {
        this.size = size;
        this.end = 0;
        this.onceLatch = latch;
        send(ch);
      });
    }

    private void send(Channel ch) {
      ByteBuf payload = Unpooled.buffer(size).writeLong(System.nanoTime()).writeZero(size - 8);
      ch.writeAndFlush(payload, ch.voidPromise());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, StructFrame frame) {
      long now = System.nanoTime();
      long sent = frame.payload().getLong(frame.payload().readerIndex());
      if (onceLatch != null) {
        CountDownLatch latch = onceLatch;
        onceLatch = null;
        latch.countDown();
        return;
      }
      if (now >= warmEnd && now < end) {
        if (count == samples.length) {
          samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = now - sent;
      }
      if (now < end) {
        send(ctx.channel());
      }
    }

    long[] samples() {
      return Arrays.copyOf(samples, count);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static int option(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
