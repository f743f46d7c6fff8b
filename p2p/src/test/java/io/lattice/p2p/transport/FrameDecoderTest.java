package io.lattice.p2p.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  @Test
  void reassemblesFramesSplitAcrossReads() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 7}));
    assertThat((Object) ch.readInbound()).isNull();
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {8, 9, 0, 0, 0, 1, 5}));
    assertThat((byte[]) ch.readInbound()).containsExactly(7, 8, 9);
    assertThat((byte[]) ch.readInbound()).containsExactly(5);
  }

  @Test
  void oversizeOrEmptyFrameFailsBeforeTheBodyArrives() {
    EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(100));
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 101})))
        .isInstanceOf(CorruptedFrameException.class)
        .hasMessageContaining("frame of 101 bytes is outside 1..100");
    EmbeddedChannel ch2 = new EmbeddedChannel(new FrameDecoder(100));
    assertThatThrownBy(() -> ch2.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0})))
        .hasMessageContaining("frame of 0 bytes");
  }
}
