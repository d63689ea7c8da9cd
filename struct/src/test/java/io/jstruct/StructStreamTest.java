package io.jstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Structs read from streams, channels, files and moving buffers, split every way. */
class StructStreamTest {
  private static final Struct IID = Struct.compile("<iid");

  /** 100 structs of random values, seed 0. */
  private static byte[] records(int count) {
    Random random = new Random(0);
    ByteBuffer out = ByteBuffer.allocate(count * IID.size());
    for (int k = 0; k < count; k++) {
      IID.put(out, random.nextInt(), random.nextInt(), random.nextGaussian());
    }
    return out.array();
  }

  /** The oracle for the stream readers: the array iterator, itself checked by the golden vectors. */
  private static List<String> expected(byte[] data) {
    List<String> all = new ArrayList<>();
    for (Object[] values : IID.iterUnpack(data)) {
      all.add(Arrays.deepToString(values));
    }
    return all;
  }

  private static List<String> text(Stream<Object[]> stream) {
    return stream.map(Arrays::deepToString).collect(Collectors.toList());
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void streamOfAnInputStreamSeesEveryStructWhateverTheSplit(Feeding feeding) {
    byte[] data = records(1000);
    try (Stream<Object[]> s = IID.stream(feeding.stream(data))) {
      assertEquals(expected(data), text(s));
    }
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void streamOfAChannelSeesEveryStructWhateverTheSplit(Feeding feeding) {
    byte[] data = records(1000);
    try (Stream<Object[]> s = IID.stream(Channels.newChannel(feeding.stream(data)))) {
      assertEquals(expected(data), text(s));
    }
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void readerAndOneShotReadSeeEveryStructWhateverTheSplit(Feeding feeding) throws IOException {
    byte[] data = records(100);
    StructReader<Object[]> reader = IID.reader(feeding.stream(data));
    InputStream in = feeding.stream(data);
    List<String> fromReader = new ArrayList<>();
    List<String> oneShot = new ArrayList<>();
    Object[] values;
    while ((values = reader.read()) != null) {
      fromReader.add(Arrays.deepToString(values));
    }
    while ((values = IID.read(in)) != null) {
      oneShot.add(Arrays.deepToString(values));
    }
    assertEquals(expected(data), fromReader);
    assertEquals(expected(data), oneShot);
  }

  @Test
  void oneShotReadTakesNoByteBeyondItsStruct() throws IOException {
    byte[] data = records(2);
    InputStream in = new ByteArrayInputStream(Arrays.copyOf(data, 40));
    IID.read(in);
    assertEquals(24, in.available());
  }

  @ParameterizedTest
  @EnumSource(Feeding.class)
  void endInsideAStructSaysHowManyBytesCame(Feeding feeding) throws IOException {
    byte[] data = Arrays.copyOf(records(3), 16 + 16 + 10);
    StructReader<Object[]> reader = IID.reader(feeding.stream(data));
    reader.read();
    reader.read();
    TruncatedStructException e = assertThrows(TruncatedStructException.class, reader::read);
    assertEquals("expected 16 bytes, got 10", e.getMessage());
    assertEquals(16, e.expected());
    assertEquals(10, e.actual());
    assertNull(reader.read(), "after the truncated struct the reader is at the end");

    try (Stream<Object[]> s = IID.stream(feeding.stream(data))) {
      List<Object[]> seen = new ArrayList<>();
      UncheckedIOException u =
          assertThrows(UncheckedIOException.class, () -> s.forEach(seen::add));
      assertInstanceOf(TruncatedStructException.class, u.getCause());
      assertEquals("expected 16 bytes, got 10", u.getCause().getMessage());
      assertEquals(2, seen.size(), "the whole structs before the end were delivered");
    }
  }

  @Test
  void cleanEndBeforeTheFirstByteIsNull() throws IOException {
    assertNull(IID.read(InputStream.nullInputStream()));
    assertNull(IID.read(Channels.newChannel(InputStream.nullInputStream())));
    try (Stream<Object[]> s = IID.stream(InputStream.nullInputStream())) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void closingTheStreamClosesTheSource() {
    AtomicBoolean closed = new AtomicBoolean();
    InputStream in = new ByteArrayInputStream(records(3)) {
      @Override
      public void close() {
        closed.set(true);
      }
    };
    try (Stream<Object[]> s = IID.stream(in)) {
      assertEquals(1, s.limit(1).count());
      assertFalse(closed.get());
    }
    assertTrue(closed.get());
  }

  @Test
  void writeThenReadRoundTripsThroughStreamsAndChannels(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    IID.write(bytes, 1, -2, 0.5);
    IID.write(bytes, 3, 4, -0.25);
    Path file = dir.resolve("iid.bin");
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      IID.write(out, 1, -2, 0.5);
      IID.write(out, 3, 4, -0.25);
    }
    assertArrayEquals(bytes.toByteArray(), Files.readAllBytes(file));
    assertArrayEquals(Struct.pack("<iid", 1, -2, 0.5),
        Arrays.copyOf(bytes.toByteArray(), 16));
    try (Stream<Object[]> s = IID.stream(file)) {
      assertEquals("[[1, -2, 0.5], [3, 4, -0.25]]", text(s).toString());
    }
  }

  @Test
  void aWrongValueWritesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StructError e = assertThrows(StructError.class, () -> IID.write(out, 1, 1L << 40, 0.0));
    assertEquals("'i' format requires -2147483648 <= number <= 2147483647", e.getMessage());
    assertEquals(0, out.size());
  }

  @Test
  void byteArrayAndBufferStreamsKeepIterUnpacksLengthCheck() {
    byte[] data = records(5);
    assertEquals(expected(data), text(IID.stream(data)));
    StructError e = assertThrows(StructError.class, () -> IID.stream(new byte[17]));
    assertEquals("iterative unpacking requires a buffer of a multiple of 16 bytes", e.getMessage());
    assertThrows(StructError.class, () -> IID.stream(ByteBuffer.allocate(17)));
    StructError zero = assertThrows(StructError.class,
        () -> Struct.compile("0i").stream(new byte[0]));
    assertEquals("cannot iteratively unpack with a struct of length 0", zero.getMessage());
  }

  @Test
  void directAndMappedBuffersStreamInPlaceWithoutMovingThePosition(@TempDir Path dir)
      throws IOException {
    byte[] data = records(50);
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 3);
    direct.put(new byte[3]).put(data).position(3);
    assertEquals(expected(data), text(IID.stream(direct)));
    assertEquals(3, direct.position());

    Path file = dir.resolve("mapped.bin");
    Files.write(file, data);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, data.length);
      assertEquals(expected(data), text(IID.stream(mapped)));
      List<String> iterated = new ArrayList<>();
      for (Object[] values : IID.iterUnpack(mapped)) {
        iterated.add(Arrays.deepToString(values));
      }
      assertEquals(expected(data), iterated);
      assertEquals(0, mapped.position());
    }
  }

  @Test
  void iterUnpackIsForEachFriendlyAndWalkedOnceAsInPython() {
    byte[] data = records(4);
    UnpackIterator it = IID.iterUnpack(data);
    assertEquals(4, it.remaining());
    it.next();
    int loop = 0;
    for (Object[] ignored : it) {
      loop++;
    }
    assertEquals(3, loop);
    assertFalse(it.iterator().hasNext(), "a second loop sees nothing, as Python's iterator");
    assertEquals(expected(data).subList(1, 4),
        text(IID.iterUnpack(data).stream().skip(1)));
  }

  @Test
  void relativeGetAndPutWalkABufferOfMixedStructs() {
    Struct header = Struct.compile("!HI");
    ByteBuffer buffer = ByteBuffer.allocate(6 + 16 + 2);
    header.put(buffer, 7, 16L);
    IID.put(buffer, 1, 2, 3.5);
    assertEquals(22, buffer.position());
    assertEquals(2, buffer.remaining());
    StructError full = assertThrows(StructError.class, () -> IID.put(buffer, 1, 2, 3.0));
    assertEquals("put requires 16 bytes, but 2 remain (position 22, limit 24)", full.getMessage());
    assertEquals(22, buffer.position());

    buffer.flip();
    assertEquals("[7, 16]", Arrays.toString(header.get(buffer)));
    assertEquals("[1, 2, 3.5]", Arrays.toString(IID.get(buffer)));
    StructError under = assertThrows(StructError.class, () -> IID.get(buffer));
    assertEquals("get requires 16 bytes, but 0 remain (position 22, limit 22)", under.getMessage());
    StructError ro = assertThrows(StructError.class,
        () -> IID.put(ByteBuffer.allocate(16).asReadOnlyBuffer(), 1, 2, 3.0));
    assertEquals("argument must be read-write bytes-like object, not read-only ByteBuffer",
        ro.getMessage());
  }

  @Test
  void aWrongValueInPutLeavesTheBufferAndPositionAlone() {
    ByteBuffer buffer = ByteBuffer.allocate(16);
    assertThrows(StructError.class, () -> IID.put(buffer, 1, "two", 3.0));
    assertEquals(0, buffer.position());
    assertArrayEquals(new byte[16], buffer.array());
  }

  @Test
  @Timeout(10)
  void nonBlockingChannelsAreRefusedRatherThanSpunOn() throws IOException {
    Pipe pipe = Pipe.open();
    try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
      source.configureBlocking(false);
      StructError e = assertThrows(StructError.class, () -> IID.read(source));
      assertTrue(e.getMessage().startsWith("channel is in non-blocking mode"), e.getMessage());
    }
  }

  @Test
  @Timeout(20)
  void aSocketTimeoutInsideAStructLosesNoByte() throws IOException {
    Struct header = Struct.compile("!Iq12s");
    byte[] first = header.pack(7L, -1L, "abc".getBytes());
    byte[] second = header.pack(8L, 2L, "xyz".getBytes());
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      client.setSoTimeout(200);
      OutputStream toClient = peer.getOutputStream();
      StructReader<Object[]> reader = header.reader(client.getInputStream());

      toClient.write(first, 0, 10);
      toClient.flush();
      assertThrows(SocketTimeoutException.class, reader::read);
      assertEquals(10, reader.pending());
      toClient.write(first, 10, first.length - 10);
      toClient.write(second, 0, 5);
      toClient.flush();
      assertEquals(Repr.tuple(header.unpack(first)), Repr.tuple(reader.read()));
      assertThrows(SocketTimeoutException.class, reader::read);
      assertEquals(5, reader.pending());

      // The one-shot read cannot keep them, so it hands them over.
      toClient.write(second, 5, 10);
      toClient.flush();
      StructTimeoutException e =
          assertThrows(StructTimeoutException.class, () -> header.read(client.getInputStream()));
      assertArrayEquals(Arrays.copyOfRange(second, 5, 15), e.partial());
      assertEquals(10, e.bytesTransferred);
      assertEquals(24, e.expected());
      toClient.write(second, 15, second.length - 15);
      peer.shutdownOutput();
      byte[] rest = client.getInputStream().readAllBytes();
      assertEquals(second.length - 15, rest.length);
      // The reader still holds the 5 bytes it read of the second struct; the rest went elsewhere.
      TruncatedStructException end = assertThrows(TruncatedStructException.class, reader::read);
      assertEquals("expected 24 bytes, got 5", end.getMessage());
    }
  }
}
