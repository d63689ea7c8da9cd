package io.jstruct.samples;

import io.jstruct.framing.FrameFormat;
import io.jstruct.framing.HeaderDictFormat;
import io.jstruct.netty.HeaderDictFrameDecoder;
import io.jstruct.netty.HeaderDictFrameEncoder;
import io.jstruct.netty.StructFrameDecoder;
import io.jstruct.netty.StructFrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.WriteTimeoutException;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A framed chat hub on Netty: every message a client sends is relayed to every other client. It
 * is what the tutorial's servers become when one thread per client is not enough: a few event-loop
 * threads hold thousands of connections, and the frames are framing's, read by
 * {@link StructFrameDecoder} instead of a {@code FrameReader}.
 *
 * <pre>
 * client A                 chat-hub                  clients B, C...
 *   struct.pack('!I', 5) + b'hello'  ---&gt;  the same frame  ---&gt;  each of them
 * </pre>
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>{@code --max-clients}: connections beyond it are closed at once.
 *   <li>{@code --max-message}: a frame declaring more is dropped (its bytes are skipped as they
 *       arrive, nothing is allocated for it) and the sender is told nothing; the connection stays.
 *   <li>{@code --idle-timeout}: a client that sends no <em>whole</em> frame for this long is
 *       disconnected (the idle handler sits after the decoder, so bytes that trickle in without
 *       completing a frame do not count).
 *   <li>{@code --write-timeout}: a write the client does not take within this long closes it.
 *   <li>{@code --queue}: the bytes waiting to go to one client, at most (plus one message). A
 *       client that does not read is a <em>slow consumer</em>; once its queue is full,
 *       {@code --slow drop} drops the messages meant for it (it misses them, the others do not
 *       wait) and {@code --slow disconnect} closes its connection. Either way the hub never waits
 *       for a slow client, and its memory stays bounded by clients &times; queue.
 * </ul>
 *
 * <p>{@code --framing json} relays the tutorial's header-dict frames instead (a struct
 * {@code 'i'} prefix, a JSON header with {@code total_size}, the payload). {@code --echo} sends
 * each message back to its sender only: what load drivers measure.
 */
final class ChatHub implements Closeable {
  /** What happens to messages for a client whose outbound queue is full. */
  enum SlowPolicy {
    DROP, DISCONNECT;

    static SlowPolicy parse(String text) throws UsageException {
      switch (text) {
        case "drop":
          return DROP;
        case "disconnect":
          return DISCONNECT;
        default:
          throw new UsageException("--slow must be 'drop' or 'disconnect': '" + text + "'");
      }
    }
  }

  /** The hub's settings, from the command line or a test. */
  static final class Config {
    final boolean json;
    final boolean echo;
    final int maxClients;
    final int maxMessage;
    final int idleMillis;
    final int writeTimeoutMillis;
    final int queueBytes;
    final SlowPolicy slow;
    final boolean quiet;

    Config(boolean json, boolean echo, int maxClients, int maxMessage, int idleMillis,
        int writeTimeoutMillis, int queueBytes, SlowPolicy slow, boolean quiet) {
      this.json = json;
      this.echo = echo;
      this.maxClients = maxClients;
      this.maxMessage = maxMessage;
      this.idleMillis = idleMillis;
      this.writeTimeoutMillis = writeTimeoutMillis;
      this.queueBytes = queueBytes;
      this.slow = slow;
      this.quiet = quiet;
    }
  }

  /** The length frames clients send: {@code struct.pack('!I', len(data)) + data}. */
  static final String LENGTH_FORMAT = "!I";

  private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("chat-hub.counted");
  private static final AttributeKey<Boolean> SLOW = AttributeKey.valueOf("chat-hub.slow");

  private final Config config;
  private final PrintStream log;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup clients = new DefaultChannelGroup("chat-hub", GlobalEventExecutor.INSTANCE);
  private final AtomicInteger online = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong slowDisconnects = new AtomicLong();
  private final Hub hub = new Hub();
  private final ChannelHandler encoder;
  private volatile Channel server;

  private ChatHub(Config config, PrintStream log) {
    this.config = config;
    this.log = log;
    this.boss = new NioEventLoopGroup(1, daemonThreads("chat-hub-accept"));
    this.workers = new NioEventLoopGroup(0, daemonThreads("chat-hub-io"));
    this.encoder = config.json ? new HeaderDictFrameEncoder(HeaderDictFormat.standard())
        : new StructFrameEncoder(FrameFormat.lengthPrefixed(LENGTH_FORMAT));
  }

  /** Event-loop threads are daemons: a stopping JVM is stopped by {@link #close}, not by them. */
  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  static ChatHub bind(InetSocketAddress address, Config config, PrintStream log) throws IOException {
    ChatHub hub = new ChatHub(config, log);
    try {
      hub.server = new ServerBootstrap()
          .group(hub.boss, hub.workers)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
              new WriteBufferWaterMark(config.queueBytes / 2, config.queueBytes))
          .childHandler(hub.initializer())
          .bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      hub.close();
      if (e.getCause() instanceof IOException || e instanceof io.netty.channel.ChannelException) {
        throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
      }
      throw e;
    }
    return hub;
  }

  private ChannelInitializer<SocketChannel> initializer() {
    HeaderDictFormat dicts = HeaderDictFormat.builder().maxPayloadLength(config.maxMessage).build();
    FrameFormat frames = FrameFormat.builder(LENGTH_FORMAT).maxFrameLength(config.maxMessage).build();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(
            new WriteTimeoutHandler(config.writeTimeoutMillis, TimeUnit.MILLISECONDS),
            config.json ? new HeaderDictFrameDecoder(dicts) : new StructFrameDecoder(frames),
            encoder,
            // after the decoder: only whole frames count as activity
            new IdleStateHandler(config.idleMillis, 0, 0, TimeUnit.MILLISECONDS),
            hub);
      }
    };
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Clients connected now (refused ones not counted). */
  int clientCount() {
    return online.get();
  }

  /** Messages dropped for slow consumers under {@code --slow drop}. */
  long droppedMessages() {
    return dropped.get();
  }

  /** Clients disconnected as slow consumers under {@code --slow disconnect}. */
  long slowDisconnects() {
    return slowDisconnects.get();
  }

  /** Serves until {@link #close}. */
  void serve() {
    server.closeFuture().awaitUninterruptibly();
  }

  private void say(String line) {
    if (!config.quiet) {
      log.println(line);
    }
  }

  /** Stops listening, closes every client and stops the event loops; safe to call twice. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    clients.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** The hub itself: membership, relaying, and the limits' consequences. One for all channels. */
  @Sharable
  private final class Hub extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel ch = ctx.channel();
      if (online.incrementAndGet() > config.maxClients) {
        online.decrementAndGet();
        say("refused " + PyBytes.address(ch.remoteAddress()) + ": already " + config.maxClients
            + " clients (--max-clients)");
        ch.close();
        return;
      }
      ch.attr(COUNTED).set(Boolean.TRUE);
      clients.add(ch);
      say(PyBytes.address(ch.remoteAddress()) + " joined, " + online.get() + " online");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
        int left = online.decrementAndGet();
        say(PyBytes.address(ctx.channel().remoteAddress()) + " left, " + left + " online");
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        ByteBufHolder message = (ByteBufHolder) msg; // a StructFrame or a HeaderDictMessage
        if (config.echo) {
          deliver(ctx.channel(), message);
          return;
        }
        for (Channel other : clients) {
          if (other != ctx.channel()) {
            deliver(other, message);
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    /** Queues a message for one client, or applies the slow-consumer policy if its queue is full. */
    private void deliver(Channel to, ByteBufHolder message) {
      if (to.isWritable()) {
        to.writeAndFlush(message.retainedDuplicate()); // the payload bytes are shared, not copied
        return;
      }
      if (config.slow == SlowPolicy.DROP) {
        dropped.incrementAndGet();
      } else if (to.attr(SLOW).setIfAbsent(Boolean.TRUE) == null) { // once per client
        slowDisconnects.incrementAndGet();
        say(PyBytes.address(to.remoteAddress()) + " is not reading: disconnected (--slow disconnect)");
        to.close();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        say(PyBytes.address(ctx.channel().remoteAddress()) + ": no message for "
            + config.idleMillis / 1000.0 + " s (--idle-timeout), disconnected");
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(event);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      String who = PyBytes.address(ctx.channel().remoteAddress());
      if (cause instanceof TooLongFrameException) {
        // the decoder skips the frame's bytes and goes on: the connection stays usable
        say(who + ": message dropped: " + cause.getCause().getMessage());
        return;
      }
      if (cause instanceof DecoderException) {
        say(who + ": bad frame, disconnected: " + cause.getMessage());
      } else if (cause instanceof WriteTimeoutException) {
        say(who + ": did not take a message within " + config.writeTimeoutMillis / 1000.0
            + " s (--write-timeout), disconnected");
      } else {
        say(who + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
            + ", disconnected");
      }
      ctx.close();
    }
  }

  static Args.Spec spec() {
    return Args.spec("chat-hub", "TCP chat on Netty: every framed message (struct.pack('!I', len) + bytes) goes to every other client")
        .hostAndPort(8090)
        .option("--framing", "length|json", "length", "frames: struct.pack('!I', len) + bytes, or the tutorial's header dicts")
        .option("--max-clients", "N", "10000", "clients connected at once; more are refused")
        .option("--max-message", "BYTES", Integer.toString(64 * 1024), "largest message; longer ones are skipped, not relayed")
        .option("--idle-timeout", "SECONDS", "600", "disconnect a client that sends no whole message for this long")
        .option("--write-timeout", "SECONDS", "30", "disconnect a client that does not take a message for this long")
        .option("--queue", "BYTES", Integer.toString(256 * 1024), "bytes waiting to go to one client, at most (plus one message)")
        .option("--slow", "drop|disconnect", "drop", "for a client whose queue is full: drop its messages, or disconnect it")
        .flag("--echo", "send each message back to its sender only (for load drivers)")
        .flag("--quiet", "print only the listening line");
  }

  static Config config(Args args) throws UsageException {
    String framing = args.get("--framing");
    if (!framing.equals("length") && !framing.equals("json")) {
      throw new UsageException("--framing must be 'length' or 'json': '" + framing + "'");
    }
    return new Config(framing.equals("json"), args.flag("--echo"),
        args.positiveInteger("--max-clients"), args.positiveInteger("--max-message"),
        args.seconds("--idle-timeout"), args.seconds("--write-timeout"),
        args.positiveInteger("--queue"), SlowPolicy.parse(args.get("--slow")), args.flag("--quiet"));
  }

  static int run(Args args, Io io) throws Exception {
    Config config = config(args);
    try (ChatHub hub = bind(Servers.bindAddress(args), config, io.out)) {
      io.out.println(Servers.listeningLine("chat-hub", hub.address()) + " ("
          + (config.json ? "header dicts" : "length frames '" + LENGTH_FORMAT + "'")
          + (config.echo ? ", echo" : "") + ", slow consumers: "
          + config.slow.name().toLowerCase(Locale.ROOT) + ")");
      io.out.flush();
      Servers.runUntilStopped(hub, hub::serve);
    }
    return 0;
  }
}
