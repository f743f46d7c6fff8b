package io.lattice.messaging;

import static io.lattice.messaging.Chats.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.identity.v1.MsgAddDevice;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessagingGenesisTest {
  private static ChatTestChain populated() {
    ChatTestChain c = Chats.chain(40, 3);
    c.genesis.putObject("messaging").putObject("params").put("retention_period", "30");
    c.init();
    Chats.registerAll(c, 3);
    assertThat(
            c.deliver(
                    0,
                    MsgAddDevice.newBuilder()
                        .setOwner(c.addresses.get(0))
                        .setDeviceId("p")
                        .setPublicKey(ChatTestChain.key32(1))
                        .build())
                .getCode())
        .isZero();
    for (int i = 0; i < 8; i++) {
      var m = send(c, i % 3, (i + 1) % 3, i);
      if (i % 3 == 0) {
        m = m.toBuilder().setSenderDeviceId("p").build();
      }
      assertThat(c.deliver(i % 3, m).getCode()).isZero();
    }
    // several are pruned by now (30 s = 6 blocks); some remain with rate counters
    assertThat(c.export().at("/messaging/envelopes").size()).isBetween(1, 7);
    return c;
  }

  @Test
  void exportReimportsToTheSameAppHash() {
    ChatTestChain c = populated();
    byte[] exported = c.app.exportGenesis();
    ChatTestChain copy = Chats.chain(40, 3);
    copy.init(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.appHashHex()).isEqualTo(c.appHashHex());
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    assertThat(copy.export().at("/messaging/rate_counts").size()).isPositive();
    assertThat(copy.export().at("/messaging/prune_cursor").asText()).isNotEqualTo("0");
  }

  @Test
  void refusesInconsistentGenesis() {
    ObjectNode good = populated().export();
    assertRefused(good, g -> envs(g).add(envs(g).get(0).deepCopy()), "duplicate sequence");
    assertRefused(good, g -> convs(g).removeAll(), "its conversation is not in conversations");
    assertRefused(good, g -> env(g).put("sequence", "99"), "sequence 99 is outside 1..");
    assertRefused(
        good,
        g -> env(g).put("recipient", env(g).get("sender").asText()),
        "sender and recipient are the same");
    assertRefused(
        good,
        g -> env(g).put("expires_at", env(g).get("time").asText()),
        "expires_at must be after time");
    assertRefused(
        good,
        g -> ((ObjectNode) env(g).get("payload")).put("nonce", "AAAA"),
        "payload.nonce must be 12 bytes");
    assertRefused(good, g -> env(g).put("color", "red"), "unknown field 'color'");
    assertRefused(
        good,
        g -> ((ObjectNode) g.get("messaging")).put("prune_cursor", "99999999999"),
        "is before prune_cursor");
    assertRefused(
        good,
        g -> ((ObjectNode) convs(g).get(0)).put("a", convs(g).get(0).get("b").asText()),
        "a must sort before b");
    assertRefused(
        good,
        g -> ((ObjectNode) g.get("messaging").get("params")).put("window_blocks", "0"),
        "messaging.params.window_blocks must be in 1..100");
    assertRefused(
        good,
        g ->
            ((ArrayNode) g.get("messaging").get("rate_counts"))
                .add(g.get("messaging").get("rate_counts").get(0).deepCopy()),
        "duplicate (address, height)");
  }

  private static ArrayNode envs(ObjectNode g) {
    return (ArrayNode) g.get("messaging").get("envelopes");
  }

  private static ObjectNode env(ObjectNode g) {
    return (ObjectNode) envs(g).get(0);
  }

  private static ArrayNode convs(ObjectNode g) {
    return (ArrayNode) g.get("messaging").get("conversations");
  }

  private interface Edit {
    void apply(ObjectNode genesis);
  }

  private static void assertRefused(ObjectNode good, Edit edit, String reason) {
    ObjectNode g = good.deepCopy();
    edit.apply(g);
    ChatTestChain fresh = Chats.chain(40, 3);
    assertThatThrownBy(() -> fresh.init(g.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
