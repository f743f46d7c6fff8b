package io.lattice.messaging;

import static io.lattice.messaging.Chats.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.types.v1.Event;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.store.CacheStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expiry and bounded pruning at end block, params and query limits. */
class MessagingPruneTest {
  private static List<String> pruned(FinalizedBlock fb) {
    return fb.events().stream()
        .filter(e -> e.getType().equals("messaging.pruned"))
        .map(MessagingPruneTest::describe)
        .toList();
  }

  private static String describe(Event e) {
    StringBuilder sb = new StringBuilder();
    e.getAttributesList()
        .forEach(a -> sb.append(a.getKey()).append('=').append(a.getValue()).append(' '));
    return sb.toString().trim();
  }

  @Test
  void prunesExpiredEnvelopesBoundedAndInOrder() {
    ChatTestChain c = Chats.chain(30, 3);
    c.genesis
        .putObject("messaging")
        .putObject("params")
        .put("retention_period", "20")
        .put("max_prune_per_block", "2");
    c.init();
    Chats.registerAll(c, 3);
    // height 2: five messages 0→1 and one 2→1, all expiring at T(2)+20 = T(6)
    FinalizedBlock sent =
        c.block(
            c.tx(0, 0, send(c, 0, 1, 1)),
            c.tx(0, 1, send(c, 0, 1, 2)),
            c.tx(0, 2, send(c, 0, 1, 3)),
            c.tx(0, 3, send(c, 0, 1, 4)),
            c.tx(0, 4, send(c, 0, 1, 5)),
            c.tx(2, 0, send(c, 2, 1, 6)));
    assertThat(sent.txResults()).allMatch(r -> r.getCode() == 0);
    for (int h = 3; h <= 5; h++) {
      assertThat(pruned(c.block())).isEmpty();
    }
    String a = c.addresses.get(0);
    String b = c.addresses.get(1);
    List<String> p6 = pruned(c.block());
    List<String> p7 = pruned(c.block());
    List<String> p8 = pruned(c.block());
    assertThat(p6).hasSize(2);
    assertThat(p7).hasSize(2);
    assertThat(p8).hasSize(2);
    assertThat(pruned(c.block())).isEmpty();
    // within the conversation 0-1, oldest sequence first
    List<String> all = new java.util.ArrayList<>(p6);
    all.addAll(p7);
    all.addAll(p8);
    List<String> conv01 =
        all.stream()
            .filter(s -> s.contains("sender=" + a))
            .map(s -> s.substring(s.lastIndexOf('=') + 1))
            .toList();
    assertThat(conv01).containsExactly("1", "2", "3", "4", "5");
    JsonNode conv = c.query("messaging/conversation", "a", a, "b", b);
    assertThat(conv.get("messages").size()).isZero();
    assertThat(conv.get("last_sequence").asText()).isEqualTo("5");
    assertThat(c.query("messaging/inbox", "address", b).get("messages").size()).isZero();
    // sequences continue after pruning
    assertThat(c.deliver(0, send(c, 0, 1, 9)).getCode()).isZero();
    assertThat(
            c.query("messaging/conversation", "a", a, "b", b).at("/messages/0/sequence").asText())
        .isEqualTo("6");
  }

  @Test
  void keepsEnvelopesUntilTheirExpiry() {
    ChatTestChain c = Chats.chain(31, 2);
    c.genesis.putObject("messaging").putObject("params").put("retention_period", "12");
    c.init();
    Chats.registerAll(c, 2);
    assertThat(c.deliver(0, send(c, 0, 1, 1)).getCode()).isZero(); // height 2, expires T(2)+12
    assertThat(c.deliver(1, send(c, 1, 0, 2)).getCode()).isZero(); // height 3, expires T(3)+12
    assertThat(pruned(c.block())).isEmpty(); // T(4) = T(2)+10
    assertThat(pruned(c.block())).hasSize(1); // T(5) = T(2)+15 >= T(2)+12
    assertThat(pruned(c.block())).hasSize(1); // T(6) = T(3)+15
    assertThat(
            c.query("messaging/conversation", "a", c.addresses.get(0), "b", c.addresses.get(1))
                .get("last_sequence")
                .asText())
        .isEqualTo("2");
  }

  @Test
  void queryLimitsAreChecked() {
    ChatTestChain c = Chats.chain(32, 2).init();
    String a = c.addresses.get(0);
    String b = c.addresses.get(1);
    assertThatThrownBy(() -> c.query("messaging/conversation", "a", a, "b", b, "limit", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request.limit must be in 1..1000, got 0");
    assertThatThrownBy(() -> c.query("messaging/inbox", "address", a, "limit", "1001"))
        .hasMessage("request.limit must be in 1..1000, got 1001");
    assertThatThrownBy(() -> c.query("messaging/conversation", "a", a))
        .hasMessage("request.b must be a string");
    assertThatThrownBy(() -> c.query("messaging/inbox", "address", a, "since_height", "-1"))
        .hasMessageContaining("since_height must be a non-negative integer");
    assertThat(c.query("messaging/conversation", "a", a, "b", a).get("messages").size()).isZero();
  }

  @Test
  void paramsAreValidatedMergedAndShrinkTheWindow() {
    ChatTestChain c = Chats.chain(33, 3);
    c.genesis.putObject("messaging").putObject("params").put("window_blocks", "5");
    c.init();
    Chats.registerAll(c, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(c.deliver(0, send(c, 0, 1 + i % 2, i)).getCode()).isZero(); // heights 2, 3, 4
    }
    MessagingModule m = (MessagingModule) c.modules.get(3);
    Context ctx =
        new Context(
            new CacheStore(c.app.stateAt(0)),
            GasMeter.unlimited(),
            ChatTestChain.CHAIN_ID,
            c.height() + 1,
            ChatTestChain.timeOf(c.height() + 1));
    JsonNode before = m.params(ctx.store());
    assertThat(before.get("message_fee").asText()).isEqualTo("100");
    for (String[] bad :
        new String[][] {
          {"window_blocks", "0", "window_blocks must be in 1..100, got 0"},
          {"window_blocks", "101", "window_blocks must be in 1..100"},
          {"max_message_bytes", "8", "max_message_bytes must be in 16..1048576"},
          {"retention_period", "0", "retention_period must be in 1.."},
          {"message_fee", "1.5", "message_fee must be a non-negative integer"},
          {"max_prune_per_block", "0", "max_prune_per_block must be in 1..100000"},
          {"max_messages_per_window", "0", "max_messages_per_window must be in 1..1000000"},
          {"nonsense", "1", "unknown field 'nonsense'"}
        }) {
      assertThatThrownBy(
              () -> m.setParams(ctx, ChatTestChain.JSON.createObjectNode().put(bad[0], bad[1])))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad[2]);
      assertThat(m.params(ctx.store())).isEqualTo(before);
    }
    MessagingKeeper k = m.keeper();
    assertThat(k.sentInWindow(ctx.store(), c.addresses.get(0), ctx.height(), 5)).isEqualTo(3);
    m.setParams(
        ctx,
        ChatTestChain.JSON.createObjectNode().put("window_blocks", "2").put("message_fee", "7"));
    JsonNode after = m.params(ctx.store());
    assertThat(after.get("window_blocks").asText()).isEqualTo("2");
    assertThat(after.get("message_fee").asText()).isEqualTo("7");
    assertThat(after.get("retention_period").asText())
        .isEqualTo(before.get("retention_period").asText());
    // height 5 now: window 4..5 keeps only the count at height 4; older counters are gone
    assertThat(k.sentInWindow(ctx.store(), c.addresses.get(0), ctx.height(), 5)).isEqualTo(1);
  }
}
