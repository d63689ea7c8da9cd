/**
 * framing's frames as Netty codecs: {@link io.jstruct.netty.StructFrameDecoder} and
 * {@link io.jstruct.netty.StructFrameEncoder} for any {@code FrameFormat}, the header-dict pair,
 * and {@link io.jstruct.netty.StructRecordCodec} for bound records.
 *
 * <p>Its public types extend Netty's codec classes and carry {@code ByteBuf}s, so Netty's codec,
 * buffer, transport and common modules are required transitively, as framing (and through it
 * struct) is. Jackson is required, not static as in framing: the header-dict codecs parse through
 * framing's readers, which need it at run time.
 */
module io.jstruct.netty {
  requires transitive io.jstruct.framing;
  requires transitive io.netty.codec;
  requires transitive io.netty.buffer;
  requires transitive io.netty.transport;
  requires transitive io.netty.common;
  requires com.fasterxml.jackson.databind;

  exports io.jstruct.netty;
}
