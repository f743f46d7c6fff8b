package io.lattice.slashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.bank.BankKeeper;
import io.lattice.proto.slashing.v1.SigningInfo;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.staking.StakingKeeper;
import io.lattice.storage.MemoryKeyValueStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Slashing's params as governance changes them: {@code SlashingModule.setParams}. */
class SlashingParamsTest {
  final SlashingKeeper keeper = new SlashingKeeper();
  final SlashingModule module =
      new SlashingModule(keeper, new StakingKeeper(new BankKeeper((s, a) -> {})).slasher());
  final CacheStore store = new CacheStore(StateTreeStore.open(new MemoryKeyValueStore()));
  final Context ctx =
      new Context(store, GasMeter.unlimited(), "c", 40, Instant.ofEpochSecond(1000));

  ObjectNode current() {
    return ((ObjectNode) module.params(store)).deepCopy();
  }

  @Test
  void setParamsReplacesEveryField() {
    ObjectNode p =
        current().put("slash_fraction_downtime", "0.02").put("max_evidence_age_blocks", "7");
    module.setParams(ctx, p);
    assertThat(keeper.params(store).getSlashFractionDowntime()).isEqualTo("0.02");
    assertThat(keeper.params(store).getMaxEvidenceAgeBlocks()).isEqualTo(7);
    assertThat(ctx.events()).anyMatch(e -> e.getType().equals("params_changed"));
  }

  @Test
  void invalidParamsNameTheFieldAndChangeNothing() {
    JsonNode before = module.params(store);
    assertThatThrownBy(() -> module.setParams(ctx, current().put("slash_fraction_downtime", "1.5")))
        .hasMessageContaining("slashing.params.slash_fraction_downtime must be <= 1");
    assertThatThrownBy(() -> module.setParams(ctx, current().put("signed_blocks_window", "0")))
        .hasMessageContaining("slashing.params.signed_blocks_window must be 1..1000000");
    assertThatThrownBy(() -> module.setParams(ctx, current().put("colour", "red")))
        .hasMessageContaining("slashing.params has unknown field 'colour'");
    ObjectNode missing = current();
    missing.remove("min_signed_per_window");
    assertThatThrownBy(() -> module.setParams(ctx, missing))
        .hasMessageContaining("slashing.params.min_signed_per_window: '' is not a decimal");
    assertThat(module.params(store)).isEqualTo(before);
  }

  @Test
  void theParamsJsonRoundTripsWithZeroValues() {
    // params() omits zero values; setParams reads them back as zero.
    module.setParams(ctx, current().put("downtime_jail_duration_seconds", "0"));
    JsonNode written = module.params(store);
    assertThat(written.has("downtime_jail_duration_seconds")).isFalse();
    module.setParams(ctx, written);
    assertThat(keeper.params(store).getDowntimeJailDurationSeconds()).isZero();
  }

  @Test
  void aNewWindowRestartsEveryLivenessWindow() {
    SigningInfo missed =
        SigningInfo.newBuilder()
            .setAddress("lat1example")
            .setStartHeight(3)
            .setIndexOffset(17)
            .setMissedBlocksCounter(2)
            .setMissedBlocks(
                ByteString.copyFrom(new byte[] {0b101, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
            .build();
    keeper.setSigningInfo(store, missed);
    // Same window: the bitmap stays.
    module.setParams(ctx, current().put("slash_fraction_downtime", "0.03"));
    assertThat(keeper.signingInfos(store)).containsExactly(missed);
    module.setParams(ctx, current().put("signed_blocks_window", "20"));
    SigningInfo after = keeper.signingInfos(store).getFirst();
    assertThat(after.getStartHeight()).isEqualTo(40);
    assertThat(after.getIndexOffset()).isZero();
    assertThat(after.getMissedBlocksCounter()).isZero();
    assertThat(after.getMissedBlocks().toByteArray()).isEqualTo(new byte[3]);
    assertThat(module.invariants())
        .allSatisfy(i -> assertThat(i.check().broken(store)).as(i.name()).isEmpty());
  }
}
