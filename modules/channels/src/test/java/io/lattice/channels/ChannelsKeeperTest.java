package io.lattice.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.channels.v1.Role;
import io.lattice.reputation.TestChain;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keeper API the cross-chain create_channel_with_fee uses: create and remove. */
class ChannelsKeeperTest {
  private ChannelsFixture f;
  private CacheStore state;
  private Context ctx;

  @BeforeEach
  void setUp() {
    f = new ChannelsFixture(9, 4);
    f.chain.genesis();
    ObjectFee.set(f, 7000);
  }

  private void openContext() {
    state = new CacheStore(f.chain.app.stateAt(0));
    ctx = new Context(state, GasMeter.unlimited(), TestChain.CHAIN_ID, 99, Instant.EPOCH);
  }

  private ChannelsKeeper keeper() {
    return f.channels.keeper();
  }

  private void assertInvariantsHold() {
    for (Invariant inv : f.channels.invariants()) {
      assertThat(inv.check().broken(state)).as(inv.name()).isEmpty();
    }
  }

  @Test
  void createMakesAChannelWithoutChargingTheFee() throws TxException {
    openContext();
    long before = f.chain.balance(f.addr(0));
    keeper().create(ctx, f.addr(0), "XChain-Room", true);
    var c = keeper().channel(state, "xchain-room").orElseThrow();
    assertThat(c.getOwner()).isEqualTo(f.addr(0));
    assertThat(c.getInviteOnly()).isTrue();
    assertThat(c.getCreatedHeight()).isEqualTo(99);
    assertThat(keeper().member(state, "xchain-room", f.addr(0)).orElseThrow().getRole())
        .isEqualTo(Role.ROLE_OWNER);
    assertThat(ctx.events()).anyMatch(e -> e.getType().equals("channels.created"));
    assertThat(f.chain.balance(f.addr(0))).isEqualTo(before);
    assertInvariantsHold();
  }

  @Test
  void createRefusesLikeTheMessage() throws TxException {
    openContext();
    keeper().create(ctx, f.addr(0), "taken", false);
    assertThatThrownBy(() -> keeper().create(ctx, f.addr(1), "TAKEN", false))
        .isInstanceOf(TxException.class)
        .hasMessageContaining("'taken' is taken");
    assertThatThrownBy(() -> keeper().create(ctx, f.addr(1), "-no", false))
        .hasMessageContaining("channel name '-no'");
    assertThatThrownBy(() -> keeper().create(ctx, "lat1zz", "fine-name", false))
        .hasMessageContaining("creator: invalid address");
    f.setReputation(2, -15);
    openContext();
    assertThatThrownBy(() -> keeper().create(ctx, f.addr(2), "fine-name", false))
        .hasMessageContaining("min_reputation_to_create 40");
    assertThat(keeper().channel(state, "fine-name")).isEmpty();
  }

  @Test
  void removeDeletesTheChannelItsMembersInvitesAndPosts() {
    f.ok(0, f.create(0, "doomed", true));
    f.ok(0, f.invite(0, "doomed", 1));
    f.ok(1, f.join(1, "doomed"));
    f.ok(0, f.invite(0, "doomed", 2));
    f.ok(1, f.post(1, "doomed", "a"));
    f.ok(0, f.post(0, "doomed", "b"));
    f.ok(0, f.create(0, "survivor", false));
    f.ok(1, f.join(1, "survivor"));
    f.ok(1, f.post(1, "survivor", "c"));
    openContext();
    keeper().remove(ctx, "DOOMED");
    assertThat(keeper().channel(state, "doomed")).isEmpty();
    assertThat(keeper().members(state, "doomed")).isEmpty();
    assertThat(keeper().invite(state, "doomed", f.addr(2))).isEmpty();
    assertThat(keeper().posts(state, "doomed", 0, 1000)).isEmpty();
    assertThat(keeper().channelsOf(state, f.addr(1))).containsExactly("survivor");
    assertThat(keeper().posts(state, "survivor", 0, 1000)).hasSize(1);
    assertThat(ctx.events()).anyMatch(e -> e.getType().equals("channels.removed"));
    assertInvariantsHold();
    // Removing a channel that does not exist does nothing.
    int writes = state.pendingWrites();
    keeper().remove(ctx, "doomed");
    assertThat(state.pendingWrites()).isEqualTo(writes);
  }

  /** Sets a creation fee through governance. */
  static final class ObjectFee {
    private ObjectFee() {}

    static void set(ChannelsFixture f, long amount) {
      var p = TestChain.JSON.createObjectNode();
      p.putArray("creation_fee")
          .addObject()
          .put("denom", "ulat")
          .put("amount", Long.toString(amount));
      assertThat(f.chain.govSetParams("channels", p)).isEmpty();
    }
  }
}
