package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.xchain.ops.RegisterUserWithStake;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The xchain genesis section, params and export/import. */
class GenesisTest {
  private static SimChain bare(String chainId, long seed) {
    return new SimChain(chainId, XchainNet.GENESIS, seed, 3, 4, (k, s) -> {}, false);
  }

  private static void refusedGenesis(Consumer<ObjectNode> edit, String reason) {
    SimChain other = bare("lattice-chat-1", 41);
    SimChain chain = bare("lattice-currency-1", 42);
    ObjectNode g = chain.genesisJson(Optional.of(other), AtomicOperationTest.params(100));
    edit.accept((ObjectNode) g.get("xchain"));
    assertThatThrownBy(() -> chain.genesis(g))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  private static ObjectNode validator0(ObjectNode x) {
    return (ObjectNode) x.get("counterparty").get("validators").get(0);
  }

  @Test
  void refusesABadCounterpartySection() {
    refusedGenesis(
        x -> ((ObjectNode) x.get("counterparty")).put("chain_id", "lattice-currency-1"),
        "must name another chain");
    refusedGenesis(
        x -> ((ObjectNode) x.get("counterparty")).put("genesis_time", "yesterday"),
        "not an RFC 3339 UTC time");
    refusedGenesis(
        x ->
            ((ObjectNode) x.get("counterparty")).set("validators", SimChain.JSON.createArrayNode()),
        "must be a non-empty array");
    refusedGenesis(x -> validator0(x).put("power", 0), "power must be positive");
    refusedGenesis(
        x -> validator0(x).put("address", "lat1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"),
        "is not the address of its key");
    refusedGenesis(
        x -> ((ObjectNode) validator0(x).get("pub_key")).put("algorithm", "secp256k1"),
        "validator keys must be ed25519 or hybrid");
    refusedGenesis(
        x -> ((ObjectNode) validator0(x).get("pub_key")).put("key", "%%%"), "not base64");
    refusedGenesis(
        x -> ((ObjectNode) x.get("counterparty")).put("extra", 1), "unknown field 'extra'");
    refusedGenesis(
        x -> ((ObjectNode) x.get("params")).put("op_timeout_blocks", "0").put("op_timeout_ms", "0"),
        "cannot both be 0");
    refusedGenesis(
        x -> ((ObjectNode) x.get("params")).put("trusting_period_seconds", "0"),
        "trusting_period_seconds must be");
  }

  @Test
  void genesisValidatorsHashAsTheCounterpartysHeaders() {
    SimChain other = bare("lattice-chat-1", 43);
    SimChain chain = bare("lattice-currency-1", 44);
    chain.genesis(chain.genesisJson(Optional.of(other), AtomicOperationTest.params(100)));
    JsonNode cs = chain.query("consensus_state", "height", "0");
    other.genesis(other.genesisJson(Optional.empty(), AtomicOperationTest.params(100)));
    other.block();
    assertThat(cs.get("next_validators_hash").asText())
        .isEqualTo(
            io.lattice.common.Hex.encode(
                other.lightBlock(1).signedHeader().getHeader().getValidatorsHash().toByteArray()));
    JsonNode client = chain.query("client");
    assertThat(client.get("latest_height").asLong()).isZero();
    assertThat(client.get("trusted_until_ms").asLong())
        .isEqualTo(
            Instant.parse(XchainNet.GENESIS.toString()).toEpochMilli() + 14L * 24 * 3600 * 1000);
  }

  @Test
  void exportThenImportGivesTheSameAppHash() throws Exception {
    XchainNet net = new XchainNet(45, 5, AtomicOperationTest.params(100));
    net.currency.deliver(2, net.register(2, "exported", 1_000, net.validator));
    net.relayUntilIdle(10);
    net.currency.deliver(3, net.register(3, "pending", 1_000, net.validator));
    JsonNode exported = SimChain.JSON.readTree(net.currency.app.exportGenesis());
    SimChain copy =
        new SimChain(
            XchainNet.CURRENCY,
            XchainNet.GENESIS,
            45,
            5,
            4,
            (k, s) ->
                k.registerOperation(RegisterUserWithStake.source((c, o, v, a, l) -> {}, "ulat")),
            false);
    copy.genesis(exported);
    assertThat(copy.app.info().appHash()).isEqualTo(net.currency.app.info().appHash());
  }

  @Test
  void setParamsValidatesEverythingFirst() {
    SimChain chain = bare("lattice-currency-1", 46);
    chain.genesis(
        chain.genesisJson(
            Optional.of(bare("lattice-chat-1", 47)), AtomicOperationTest.params(100)));
    XchainModule module = new XchainModule(chain.xchain);
    var state = new io.lattice.runtime.store.CacheStore(chain.app.stateAt(0));
    Context ctx = new Context(state, GasMeter.unlimited(), chain.chainId, 1, XchainNet.GENESIS);
    assertThatThrownBy(
            () -> module.setParams(ctx, SimChain.JSON.createObjectNode().put("nope", "1")))
        .hasMessageContaining("unknown field 'nope'");
    assertThat(state.pendingWrites()).isZero();
    module.setParams(ctx, SimChain.JSON.createObjectNode().put("trusting_period_seconds", "600"));
    assertThat(module.params(state).get("trusting_period_seconds").asText()).isEqualTo("600");
    assertThat(chain.xchain.client().client(state).orElseThrow().getTrustingPeriodSeconds())
        .isEqualTo(600);
  }
}
