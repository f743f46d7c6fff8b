package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingModule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Genesis with bonded validators: import, agreement checks, export/import after activity. */
class PosGenesisTest {
  /** Genesis where account 0 is a validator with 5000 tokens bonded (power 5). */
  private static ObjectNode withValidator(PosChain chain, long bonded, long pool) {
    ObjectNode g = chain.genesisJson();
    ((ArrayNode) g.get("bank").get("balances"))
        .addObject()
        .put("address", StakingKeeper.BONDED_POOL)
        .putArray("coins")
        .addObject()
        .put("denom", "ulat")
        .put("amount", Long.toString(pool));
    ObjectNode staking = (ObjectNode) g.get("staking");
    ObjectNode v = staking.putArray("validators").addObject();
    String op = chain.addresses.get(0);
    v.put("operator_address", op);
    v.putObject("pub_key")
        .put("algorithm", "ed25519")
        .put(
            "key",
            Base64.getEncoder().encodeToString(chain.consensusKey(0).getKey().toByteArray()));
    v.put("consensus_address", chain.consensusKeys.get(0).publicKey().address().toString());
    v.put("tokens", Long.toString(bonded));
    v.put("delegator_shares", bonded + "000000000000000000");
    v.put("moniker", "genesis");
    v.putObject("commission")
        .put("rate", "0.1")
        .put("max_rate", "0.2")
        .put("max_change_rate", "0.01");
    v.put("min_self_delegation", "1");
    staking
        .putArray("delegations")
        .addObject()
        .put("delegator_address", op)
        .put("validator_address", op)
        .put("shares", bonded + "000000000000000000");
    return g;
  }

  @Test
  void genesisValidatorIsActiveWithoutUpdatesAndEarnsRewards() {
    PosChain chain = new PosChain(7, 3);
    ObjectNode g = withValidator(chain, 5000, 5000);
    assertThat(StakingModule.genesisValidatorSet(g.get("staking")))
        .containsExactly(
            java.util.Map.entry(chain.consensusKeys.get(0).publicKey().address().toString(), 5L));
    chain.genesis(g.toString());
    assertThat(chain.power(0)).isEqualTo(5);
    FinalizedBlock first = chain.block(chain.votes(List.of(0), Set.of()), List.of(), List.of());
    assertThat(first.validatorUpdates()).isEmpty();
    // 1000 block reward − 2% tax = 980; commission 98; the operator's delegation 882.
    assertThat(
            chain
                .query("distribution/rewards", "delegator", chain.addresses.get(0))
                .get("total")
                .asLong())
        .isEqualTo(882);
  }

  @Test
  void unfundedBondedPoolIsRefusedNamingTheInvariant() {
    PosChain chain = new PosChain(7, 3);
    String g = withValidator(chain, 5000, 4000).toString();
    assertThatThrownBy(() -> chain.genesis(g))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("staking/bonded-pool")
        .hasMessageContaining("holds 4000 but validators hold 5000");
  }

  @Test
  void badValidatorRecordsAreRefused() {
    PosChain chain = new PosChain(7, 3);
    ObjectNode g = withValidator(chain, 5000, 5000);
    ((ObjectNode) g.get("staking").get("validators").get(0))
        .put("consensus_address", chain.addresses.get(1));
    assertThatThrownBy(() -> new PosChain(7, 3).genesis(g.toString()))
        .hasMessageContaining("is not the address of pub_key");
    ObjectNode g2 = withValidator(chain, 5000, 5000);
    ((ObjectNode) g2.get("staking").get("validators").get(0)).put("colour", "red");
    assertThatThrownBy(() -> new PosChain(7, 3).genesis(g2.toString()))
        .hasMessageContaining("unknown field 'colour'");
  }

  @Test
  void exportAfterActivityReimportsToTheSameState() {
    PosChain chain = new PosChain(8, 5);
    chain.genesis();
    chain.deliver(0, chain.createValidator(0, 100_000, "0.1"));
    chain.deliver(1, chain.createValidator(1, 80_000, "0.2"));
    chain.deliver(2, chain.delegate(2, 1, 10_000));
    chain.block(chain.votes(List.of(0, 1), Set.of(1)), List.of(), List.of());
    chain.deliver(2, chain.undelegate(2, 1, 3_000));
    byte[] exported = chain.app.exportGenesis();
    PosChain copy = new PosChain(8, 5).genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    assertThat(copy.app.info().appHash()).isNotEmpty();
    // The copy answers queries from the imported state.
    assertThat(copy.tokens(1)).isEqualTo(chain.tokens(1));
  }
}
