package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankKeeper;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.staking.StakingKeeper;
import io.lattice.storage.MemoryKeyValueStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Distribution's params as governance changes them: {@code DistributionModule.setParams}. */
class DistributionParamsTest {
  final BankKeeper bank = new BankKeeper((s, a) -> {});
  final StakingKeeper staking = new StakingKeeper(bank);
  final DistributionKeeper keeper = new DistributionKeeper(bank, staking);
  final DistributionModule module = new DistributionModule(keeper, bank, staking);
  final CacheStore store = new CacheStore(StateTreeStore.open(new MemoryKeyValueStore()));
  final Context ctx = new Context(store, GasMeter.unlimited(), "c", 9, Instant.ofEpochSecond(1000));

  ObjectNode current() {
    return ((ObjectNode) module.params(store)).deepCopy();
  }

  @Test
  void setParamsChangesTaxAndInflation() {
    module.setParams(
        ctx,
        current()
            .put("community_tax", "0.1")
            .put("inflation_rate", "0.05")
            .put("blocks_per_year", "1000"));
    assertThat(keeper.params(store).getCommunityTax()).isEqualTo("0.100000000000000000");
    assertThat(keeper.inflation(store).blocksPerYear()).isEqualTo(1000);
    assertThat(module.params(store).get("inflation_rate").asText())
        .isEqualTo("0.050000000000000000");
  }

  @Test
  void invalidParamsNameTheFieldAndChangeNothing() {
    JsonNode before = module.params(store);
    assertThatThrownBy(() -> module.setParams(ctx, current().put("community_tax", "2")))
        .hasMessageContaining("distribution.params.community_tax must be <= 1");
    assertThatThrownBy(() -> module.setParams(ctx, current().put("reward_denom", "uatom")))
        .hasMessageContaining("distribution.params.reward_denom cannot change");
    assertThatThrownBy(() -> module.setParams(ctx, current().put("blocks_per_year", "0")))
        .hasMessageContaining("distribution.params.");
    assertThatThrownBy(() -> module.setParams(ctx, current().put("colour", "red")))
        .hasMessageContaining("unknown field 'colour'");
    ObjectNode missing = current();
    missing.remove("inflation_rate");
    assertThatThrownBy(() -> module.setParams(ctx, missing))
        .hasMessageContaining("distribution.params.inflation_rate is required");
    assertThat(module.params(store)).isEqualTo(before);
  }
}
