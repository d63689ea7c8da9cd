/**
 * Length-prefixed framing on top of {@link io.jstruct.Struct}: the cure for TCP's sticky and split
 * packets, for Java programs and for Java programs talking to Python ones.
 *
 * <p>TCP delivers a stream of bytes, not messages: two sends can arrive glued together and one
 * send can arrive in pieces. The fix is a header that says how long the payload is:
 *
 * <pre>
 *   what was sent:        [len=5]HELLO   [len=3]ABC
 *   what recv() may see:  [len=5]HEL | LO[len=3]A | BC
 *   what a reader returns: "HELLO", "ABC"
 * </pre>
 *
 * <ul>
 *   <li>{@link io.jstruct.framing.FrameFormat}: a header as a struct format with one integer
 *       length field ({@code "i"}, {@code "!I"}, {@code "<H"}, {@code "!BBI"}...), limits, and an
 *       optional CRC32C field.
 *   <li>{@link io.jstruct.framing.FrameReader} and {@link io.jstruct.framing.FrameWriter}:
 *       blocking, over streams and channels, whole frames or streamed payloads.
 *   <li>{@link io.jstruct.framing.FrameDecoder}: incremental, for non-blocking code.
 *   <li>{@link io.jstruct.framing.HeaderDictReader} and
 *       {@link io.jstruct.framing.HeaderDictWriter}: the tutorial's
 *       {@code struct.pack('i', len(json)) + json + payload} frames.
 *   <li>{@link io.jstruct.framing.FramingException} and its subclasses: everything a peer's
 *       bytes can do wrong, each documenting the stream's state afterwards.
 * </ul>
 *
 * <p>Nothing is null unless marked {@code @Nullable} (JSpecify's {@code @NullMarked}): the
 * nullable returns are the "nothing yet" and "clean end of stream" answers of {@code read()},
 * {@code readPayload()}, {@code readStreamed()} and {@code poll()}, and JSON {@code null}
 * values in header dicts. Header dicts need jackson-databind, an optional dependency; fixed
 * headers need nothing but jstruct.
 */
@NullMarked
package io.jstruct.framing;

import org.jspecify.annotations.NullMarked;
