package io.lattice.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class P2pConfigTest {
  @Test
  void defaultsAreValid() {
    P2pConfig c = P2pConfig.builder().build();
    assertThat(c.maxFrameBytes()).isEqualTo(65_535);
    assertThat(c.channel(ChannelDescriptor.CONSENSUS.id())).contains(ChannelDescriptor.CONSENSUS);
    assertThat(c.channel(0x99)).isEmpty();
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> P2pConfig.builder().maxFrameBytes(70_000).build())
        .hasMessageContaining("max frame bytes");
    assertThatThrownBy(() ->
            P2pConfig.builder()
                .channels(List.of(ChannelDescriptor.CONSENSUS, ChannelDescriptor.CONSENSUS))
                .build())
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new ChannelDescriptor(256, "x", 1, 1, 1))
        .hasMessageContaining("0..255");
    assertThatThrownBy(() -> P2pConfig.builder().receiveMessagesPerSecond(0).build())
        .hasMessageContaining("rate");
  }
}
