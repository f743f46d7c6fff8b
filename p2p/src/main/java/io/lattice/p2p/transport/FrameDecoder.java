package io.lattice.p2p.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/**
 * Splits the byte stream into frames: a 4-byte big-endian length, then that many bytes (a Noise
 * handshake message or transport ciphertext). A length of 0 or above the maximum fails with a
 * {@link CorruptedFrameException} naming it, before any of the body is buffered. Emits {@code
 * byte[]}.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
  public static final int HEADER_BYTES = 4;
  private final int maxFrameBytes;

  public FrameDecoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= HEADER_BYTES) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length == 0 || length > maxFrameBytes) {
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException(
            "frame of " + length + " bytes is outside 1.." + maxFrameBytes);
      }
      if (in.readableBytes() < HEADER_BYTES + length) {
        return;
      }
      in.skipBytes(HEADER_BYTES);
      byte[] frame = new byte[(int) length];
      in.readBytes(frame);
      out.add(frame);
    }
  }
}
