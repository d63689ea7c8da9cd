/**
 * framing's frames as Netty codecs, for servers that hold thousands of connections on a few
 * threads: {@link io.jstruct.netty.StructFrameDecoder} and {@link io.jstruct.netty.StructFrameEncoder}
 * read and write any {@link io.jstruct.framing.FrameFormat} as {@link io.jstruct.netty.StructFrame}s
 * whose payloads are zero-copy {@link io.netty.buffer.ByteBuf} slices;
 * {@link io.jstruct.netty.HeaderDictFrameDecoder} and {@link io.jstruct.netty.HeaderDictFrameEncoder}
 * do the same for the tutorial's JSON header dicts. Each reads and writes exactly the bytes of
 * framing's blocking reader and writer for the same format.
 */
package io.jstruct.netty;
