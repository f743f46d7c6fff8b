package io.lattice.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankKeeper;
import io.lattice.proto.staking.v1.Delegation;
import io.lattice.proto.staking.v1.StakeLock;
import io.lattice.runtime.gas.GasMeter;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.MemoryKeyValueStore;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock arithmetic of delegations, and staking's params as governance changes them. */
class StakeLocksTest {
  static StakeLock lock(long shares, long unlock) {
    return StakeLock.newBuilder()
        .setShares(Long.toString(shares))
        .setUnlockTime(unlock)
        .setAmount(Long.toString(shares))
        .build();
  }

  static Delegation delegation(long shares, StakeLock... locks) {
    return Delegation.newBuilder()
        .setDelegatorAddress("d")
        .setValidatorAddress("v")
        .setShares(Long.toString(shares))
        .addAllLocks(List.of(locks))
        .build();
  }

  @Test
  void locksCountUntilTheirUnlockTime() {
    Delegation d = delegation(100, lock(30, 50), lock(20, 80));
    assertThat(StakingKeeper.lockedShares(d, 49)).isEqualTo(BigInteger.valueOf(50));
    assertThat(StakingKeeper.lockedShares(d, 50)).isEqualTo(BigInteger.valueOf(20));
    assertThat(StakingKeeper.lockedShares(d, 80)).isEqualTo(BigInteger.ZERO);
  }

  @Test
  void lockedSharesNeverExceedTheDelegation() {
    assertThat(StakingKeeper.lockedShares(delegation(40, lock(30, 50), lock(20, 80)), 0))
        .isEqualTo(BigInteger.valueOf(40));
  }

  @Test
  void cappingTakesFromTheLocksThatExpireFirst() {
    List<StakeLock> capped =
        StakingKeeper.capLocks(List.of(lock(20, 80), lock(30, 50)), BigInteger.valueOf(35));
    assertThat(capped)
        .containsExactly(lock(15, 50).toBuilder().setAmount("30").build(), lock(20, 80));
    assertThat(StakingKeeper.capLocks(List.of(lock(30, 50)), BigInteger.valueOf(10)))
        .containsExactly(lock(10, 50).toBuilder().setAmount("30").build());
    assertThat(StakingKeeper.capLocks(List.of(lock(30, 50)), BigInteger.ZERO)).isEmpty();
    List<StakeLock> within = List.of(lock(30, 50));
    assertThat(StakingKeeper.capLocks(within, BigInteger.valueOf(30))).isSameAs(within);
  }

  @Test
  void genesisRefusesLocksAboveTheDelegation() {
    assertThatThrownBy(
            () -> StakingModule.checkLocks(delegation(40, lock(30, 5), lock(20, 9)), "p"))
        .hasMessageContaining("p: locks hold 50 shares, more than the delegation's 40");
    assertThatThrownBy(() -> StakingModule.checkLocks(delegation(40, lock(0, 5)), "p"))
        .hasMessageContaining("p.locks[0].shares must be positive");
    StakingModule.checkLocks(delegation(40, lock(30, 5), lock(10, 9)), "p");
  }

  @Test
  void setParamsValidatesEverythingFirst() {
    BankKeeper bank = new BankKeeper((s, a) -> {});
    StakingKeeper keeper = new StakingKeeper(bank);
    StakingModule module = new StakingModule(keeper, bank);
    CacheStore store = new CacheStore(StateTreeStore.open(new MemoryKeyValueStore()));
    Context ctx = new Context(store, GasMeter.unlimited(), "c", 1, Instant.ofEpochSecond(1000));
    ObjectNode p = ((ObjectNode) module.params(store)).deepCopy();
    module.setParams(
        ctx, p.deepCopy().put("unbonding_time_seconds", "600").put("max_validators", 9));
    assertThat(keeper.params(store).getUnbondingTimeSeconds()).isEqualTo(600);
    assertThat(keeper.params(store).getMaxValidators()).isEqualTo(9);
    JsonNode before = module.params(store);
    ObjectNode now = ((ObjectNode) before).deepCopy();
    assertThatThrownBy(() -> module.setParams(ctx, now.deepCopy().put("bond_denom", "uatom")))
        .hasMessageContaining("staking.params.bond_denom cannot change");
    assertThatThrownBy(() -> module.setParams(ctx, now.deepCopy().put("max_validators", 0)))
        .hasMessageContaining("staking.params.max_validators must be positive");
    assertThatThrownBy(() -> module.setParams(ctx, now.deepCopy().put("power_reduction", "0")))
        .hasMessageContaining("staking.params.power_reduction must be a positive integer");
    ObjectNode missing = now.deepCopy();
    missing.remove("max_entries");
    assertThatThrownBy(() -> module.setParams(ctx, missing))
        .hasMessageContaining("staking.params.max_entries must be positive");
    assertThat(module.params(store)).isEqualTo(before);
    // params() omits zero values (unbonding time 0); they read back as zero.
    module.setParams(ctx, now.deepCopy().put("unbonding_time_seconds", "0"));
    module.setParams(ctx, module.params(store));
    assertThat(keeper.params(store).getUnbondingTimeSeconds()).isZero();
  }
}
