package io.lattice.identity;

import static io.lattice.identity.ChatTestChain.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** The keeper API other modules call (the cross-chain registration), params and queries. */
class IdentityKeeperTest {
  private final ChatTestChain chain = new ChatTestChain(11, 3).init();

  private IdentityModule module() {
    return (IdentityModule) chain.modules.get(2);
  }

  private Context context() {
    return new Context(
        new CacheStore(chain.app.stateAt(0)),
        GasMeter.unlimited(),
        ChatTestChain.CHAIN_ID,
        chain.height() + 1,
        ChatTestChain.timeOf(chain.height() + 1));
  }

  @Test
  void registerAndRemoveAsTheCrossChainRegistrationDoes() throws TxException {
    IdentityKeeper k = module().keeper();
    Context ctx = context();
    String a = chain.addresses.get(0);
    String b = chain.addresses.get(1);
    k.register(ctx, a, "Zoe", keys(1, 1));
    assertThat(k.byName(ctx.store(), "zoe").orElseThrow().getOwner()).isEqualTo(a);
    assertThat(ctx.events().getLast().getType()).isEqualTo("identity.registered");

    assertThatThrownBy(() -> k.register(ctx, b, "ZOE", keys(2, 0)))
        .isInstanceOf(TxException.class)
        .hasMessage("username 'ZOE' is already taken");
    assertThatThrownBy(() -> k.register(ctx, a, "yann", keys(2, 0)))
        .hasMessage("account " + a + " already has the username 'Zoe'");
    assertThatThrownBy(() -> k.register(ctx, b, "9lives", keys(2, 0)))
        .hasMessageContaining("must start with a letter");
    assertThatThrownBy(() -> k.register(ctx, b, "yann", keys(2, 17)))
        .hasMessageContaining("17 prekeys, at most 16");
    assertThat(k.byOwner(ctx.store(), b)).isEmpty();

    k.remove(ctx, "zOe");
    assertThat(ctx.events().getLast().getType()).isEqualTo("identity.removed");
    assertThat(k.byName(ctx.store(), "Zoe")).isEmpty();
    assertThat(k.byOwner(ctx.store(), a)).isEmpty();
    int events = ctx.events().size();
    k.remove(ctx, "zoe");
    k.remove(ctx, "");
    assertThat(ctx.events()).hasSize(events);
    // the name is free again, for anyone
    k.register(ctx, b, "zoe", keys(3, 0));
    assertThat(k.byName(ctx.store(), "ZOE").orElseThrow().getOwner()).isEqualTo(b);
  }

  @Test
  void removeWithOwnerTouchesOnlyTheOwnersName() throws TxException {
    IdentityKeeper k = module().keeper();
    Context ctx = context();
    String a = chain.addresses.get(0);
    String b = chain.addresses.get(1);
    k.register(ctx, a, "Mia", keys(1, 0));
    assertThat(k.remove(ctx, "mia", b)).isFalse();
    assertThat(k.remove(ctx, "nobody", a)).isFalse();
    assertThat(k.byName(ctx.store(), "mia")).isPresent();
    assertThat(k.keys(ctx.store(), a)).contains(keys(1, 0));
    assertThat(k.remove(ctx, "MIA", a)).isTrue();
    assertThat(k.byName(ctx.store(), "mia")).isEmpty();
    assertThat(k.keys(ctx.store(), a)).isEmpty();
  }

  @Test
  void removeDropsDevicesToo() throws TxException {
    IdentityKeeper k = module().keeper();
    Context ctx = context();
    String a = chain.addresses.get(0);
    k.register(ctx, a, "ada", keys(1, 0));
    k.addDevice(ctx, a, "p1", ChatTestChain.key32(8), "");
    k.revokeDevice(ctx, a, "p1");
    k.addDevice(ctx, a, "p2", ChatTestChain.key32(9), "");
    assertThat(k.devicesOf(ctx.store(), a)).hasSize(2);
    k.remove(ctx, "ada");
    assertThat(k.devicesOf(ctx.store(), a)).isEmpty();
    assertThat(k.activeDevice(ctx.store(), a, "p2")).isFalse();
  }

  @Test
  void paramsAreValidatedAndMerged() {
    JsonNode p = chain.app.params("identity", 0);
    assertThat(p.get("registration_fee").asText()).isEqualTo("0");
    assertThat(p.get("max_devices").asText()).isEqualTo("8");
    Context ctx = context();
    IdentityModule m = module();
    assertThatThrownBy(
            () -> m.setParams(ctx, ChatTestChain.JSON.createObjectNode().put("max_devices", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_devices must be in 1..1024, got 0");
    assertThatThrownBy(() ->
            m.setParams(ctx, ChatTestChain.JSON.createObjectNode().put("registration_fee", "-5")))
        .hasMessageContaining("registration_fee must be a non-negative integer");
    assertThatThrownBy(
            () -> m.setParams(ctx, ChatTestChain.JSON.createObjectNode().put("fee", "5")))
        .hasMessageContaining("unknown field 'fee'");
    assertThat(m.params(ctx.store())).isEqualTo(p);
    m.setParams(ctx, ChatTestChain.JSON.createObjectNode().put("registration_fee", "250"));
    assertThat(m.params(ctx.store()).get("registration_fee").asText()).isEqualTo("250");
    assertThat(m.params(ctx.store()).get("max_devices").asText()).isEqualTo("8");
  }

  @Test
  void queriesNameMissingEntries() {
    assertThatThrownBy(() -> chain.query("identity/name", "name", "nobody"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no identity named 'nobody'");
    assertThatThrownBy(() -> chain.query("identity/owner", "address", "lat1x"))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> chain.query("identity/name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request.name must be a string");
    assertThat(
            chain
                .deliver(
                    0,
                    MsgRegister.newBuilder()
                        .setOwner(chain.addresses.get(0))
                        .setUsername("Quinn")
                        .setKeys(keys(1, 0))
                        .build())
                .getCode())
        .isZero();
    assertThat(chain.query("identity/name", "name", "QUINN").get("devices").size()).isZero();
  }
}
