package io.lattice.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.DistributionKeeper;
import io.lattice.distribution.DistributionModule;
import io.lattice.distribution.app.PosApp;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.EventAttribute;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.slashing.SlashingKeeper;
import io.lattice.slashing.SlashingModule;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingModule;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A slashed validator's operator loses slash_penalty reputation, observed on a real PoS chain. */
class SlashReputationHookTest {
  /** auth, bank, distribution, slashing, staking, reputation: the chat chain's order. */
  static TestChain posChain(long seed) {
    return new TestChain(
        seed,
        3,
        PosApp.MODULE_ACCOUNTS,
        (auth, bank) -> {
          StakingKeeper staking = new StakingKeeper(bank);
          DistributionKeeper distribution = new DistributionKeeper(bank, staking);
          staking.setHooks(distribution);
          return List.of(
              new DistributionModule(distribution, bank, staking),
              new SlashingModule(new SlashingKeeper(), staking.slasher()),
              new StakingModule(staking, bank),
              new ReputationModule(new ReputationKeeper()));
        });
  }

  private static ObjectNode genesis(TestChain c) {
    ObjectNode g = c.genesisJson();
    g.putObject("staking")
        .putObject("params")
        .put("unbonding_time_seconds", "100")
        .put("max_validators", 3)
        .put("bond_denom", "ulat")
        .put("power_reduction", "1000")
        .put("max_entries", 7);
    g.putObject("slashing")
        .putObject("params")
        .put("signed_blocks_window", "10")
        .put("min_signed_per_window", "0.5")
        .put("downtime_jail_duration_seconds", "60")
        .put("slash_fraction_double_sign", "0.05")
        .put("slash_fraction_downtime", "0.01")
        .put("max_evidence_age_blocks", "1000")
        .put("max_evidence_age_seconds", "100000");
    return g;
  }

  private static MsgCreateValidator createValidator(
      TestChain c, int i, PrivateKeySigner consensus) {
    return MsgCreateValidator.newBuilder()
        .setOperatorAddress(c.addresses.get(i))
        .setPubKey(TxBuilder.publicKey(consensus.publicKey()))
        .setMoniker("validator-" + i)
        .setCommissionRate("0.1")
        .setCommissionMaxRate("0.5")
        .setCommissionMaxChangeRate("0.05")
        .setMinSelfDelegation("1000")
        .setAmount(Coins.coin("ulat", 100_000))
        .build();
  }

  private long score(TestChain c, int i) {
    return c.query("reputation/score", "address", c.addresses.get(i)).get("score").asLong();
  }

  @Test
  void aDoubleSigningValidatorsOperatorLosesSlashPenalty() {
    TestChain c = posChain(11);
    c.genesis(genesis(c).toString());
    PrivateKeySigner consensus = TestChain.key(new Random(99));
    assertThat(c.deliver(0, createValidator(c, 0, consensus)).getCode()).isZero();
    c.block();
    assertThat(score(c, 0)).isEqualTo(50);

    long h = c.height();
    Misbehavior evidence =
        new Misbehavior(
            Misbehavior.Type.DUPLICATE_VOTE,
            consensus.publicKey().address().bytes(),
            h,
            Instant.ofEpochSecond(TestChain.T0 + 5 * h),
            100);
    FinalizedBlock fb = c.block(List.of(evidence), List.of());

    assertThat(TestChain.events(fb, "jail")).hasSize(1);
    assertThat(score(c, 0)).isEqualTo(40);
    List<Event> changed = TestChain.events(fb, ReputationKeeper.EVENT_CHANGED);
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).getAttributesList())
        .extracting(a -> a.getKey() + "=" + a.getValue())
        .containsExactly("address=" + c.addresses.get(0), "delta=-10", "score=40", "source=slash");
    // Others are untouched; the same evidence again is ignored (tombstoned), so no second penalty.
    assertThat(score(c, 1)).isEqualTo(50);
    c.block(List.of(evidence), List.of());
    assertThat(score(c, 0)).isEqualTo(40);
  }

  @Test
  void slashPenaltyIsAParamAndZeroDisablesIt() {
    TestChain c = posChain(12);
    ObjectNode g = genesis(c);
    g.putObject("reputation").putObject("params").put("slash_penalty", "0");
    c.genesis(g.toString());
    PrivateKeySigner consensus = TestChain.key(new Random(98));
    assertThat(c.deliver(1, createValidator(c, 1, consensus)).getCode()).isZero();
    long h = c.height();
    FinalizedBlock fb =
        c.block(
            List.of(
                new Misbehavior(
                    Misbehavior.Type.DUPLICATE_VOTE,
                    consensus.publicKey().address().bytes(),
                    h,
                    Instant.ofEpochSecond(TestChain.T0 + 5 * h),
                    100)),
            List.of());
    assertThat(TestChain.events(fb, "jail")).hasSize(1);
    assertThat(TestChain.events(fb, ReputationKeeper.EVENT_CHANGED)).isEmpty();
    assertThat(score(c, 1)).isEqualTo(50);
  }

  @Test
  void onlyStakingsSlashEventsCount() {
    List<Event> events =
        List.of(
            event("slash", "validator", "lat1op", "fraction", "0.05"),
            event("slash", "address", "lat1cons", "reason", "double_sign"),
            event("jail", "validator", "lat1op"),
            event("slash", "validator", "lat1other"),
            event("slash", "validator", ""));
    assertThat(SlashReputationHook.slashedOperators(events)).containsExactly("lat1op", "lat1other");
  }

  private static Event event(String type, String... kv) {
    Event.Builder b = Event.newBuilder().setType(type);
    for (int i = 0; i < kv.length; i += 2) {
      b.addAttributes(EventAttribute.newBuilder().setKey(kv[i]).setValue(kv[i + 1]));
    }
    return b.build();
  }
}
