package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.proto.slashing.v1.MsgUnjail;
import io.lattice.proto.staking.v1.MsgBeginRedelegate;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.StakingKeeper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Downtime jail and unjail, double-sign slashing with unbonding and redelegation, tombstones. */
class SlashingTest {
  private static final List<Integer> VALIDATORS = List.of(0, 1, 2);

  private static PosChain chainWithValidators(PosChain chain) {
    chain.genesis();
    for (int v : VALIDATORS) {
      TxResult r = chain.deliver(v, chain.createValidator(v, 100_000, "0.1"));
      assertThat(r.getCode()).as(r.getLog()).isZero();
    }
    return chain;
  }

  private final PosChain chain = chainWithValidators(new PosChain(2, 6));

  private MsgUnjail unjail(int v) {
    return MsgUnjail.newBuilder().setValidatorAddress(chain.addresses.get(v)).build();
  }

  private JsonNode signingInfo(int v) {
    return chain.query(
        "slashing/signing_info",
        "address",
        chain.consensusKeys.get(v).publicKey().address().toString());
  }

  @Test
  void downtimeJailsSlashesAndUnjails() {
    int votes = 0;
    FinalizedBlock jailedAt = null;
    while (!chain.jailed(2) && votes < 30) {
      jailedAt = chain.block(chain.votes(VALIDATORS, Set.of(2)), List.of(), List.of());
      votes++;
    }
    // window 10, min signed 0.5: jailed once the window is full (11th vote) with > 5 missed.
    assertThat(votes).isEqualTo(11);
    assertThat(chain.tokens(2)).isEqualTo(99_000);
    assertThat(chain.balance(StakingKeeper.SLASHED_POOL)).isEqualTo(1_000);
    assertThat(jailedAt.validatorUpdates())
        .singleElement()
        .satisfies(u -> {
          assertThat(u.pubKey().getKey()).isEqualTo(chain.consensusKey(2).getKey());
          assertThat(u.power()).isZero();
        });
    assertThat(signingInfo(2).get("missed_blocks_counter")).isNull();
    // Validators that signed are untouched.
    assertThat(chain.tokens(0)).isEqualTo(100_000);

    TxResult early = chain.deliver(2, unjail(2));
    assertThat(early.getCodespace()).isEqualTo("slashing");
    assertThat(early.getLog()).contains("is jailed until");
    assertThat(chain.jailed(2)).isTrue();

    chain.advance(60);
    FinalizedBlock fb = chain.block(chain.tx(2, unjail(2)));
    assertThat(fb.txResults().get(0).getCode()).as(fb.txResults().get(0).getLog()).isZero();
    assertThat(chain.jailed(2)).isFalse();
    assertThat(fb.validatorUpdates()).extracting(ValidatorUpdate::power).containsExactly(99L);
  }

  @Test
  void unjailFailures() {
    TxResult notJailed = chain.deliver(0, unjail(0));
    assertThat(notJailed.getLog()).contains("is not jailed");
    TxResult none = chain.deliver(4, unjail(4));
    assertThat(none.getLog()).contains("no validator");
    // Self-delegation below the minimum jails; unjail needs it restored.
    assertThat(chain.deliver(0, chain.undelegate(0, 0, 99_500)).getCode()).isZero();
    assertThat(chain.jailed(0)).isTrue();
    TxResult low = chain.deliver(0, unjail(0));
    assertThat(low.getLog()).contains("self-delegation 500 < min_self_delegation 1000");
    assertThat(chain.jailed(0)).isTrue();
    assertThat(chain.deliver(0, chain.delegate(0, 0, 600)).getCode()).isZero();
    assertThat(chain.deliver(0, unjail(0)).getCode()).isZero();
    assertThat(chain.jailed(0)).isFalse();
  }

  @Test
  void doubleSignSlashesStakeAtInfractionIncludingLaterUnbondingAndRedelegation() {
    // Before the infraction: account 4 unbonds 4000 from validator 1 (not slashable).
    assertThat(chain.deliver(4, chain.delegate(4, 1, 10_000)).getCode()).isZero();
    assertThat(chain.deliver(4, chain.undelegate(4, 1, 4_000)).getCode()).isZero();
    assertThat(chain.deliver(5, chain.delegate(5, 1, 20_000)).getCode()).isZero();
    long infraction = chain.height() + 1;
    chain.block();
    // After it: account 4 unbonds 5000 more and account 5 redelegates 10000 to validator 0;
    // both left validator 1 after the infraction, so both are slashable.
    assertThat(chain.deliver(4, chain.undelegate(4, 1, 5_000)).getCode()).isZero();
    MsgBeginRedelegate r =
        MsgBeginRedelegate.newBuilder()
            .setDelegatorAddress(chain.addresses.get(5))
            .setValidatorSrcAddress(chain.addresses.get(1))
            .setValidatorDstAddress(chain.addresses.get(0))
            .setAmount(Coins.coin("ulat", 10_000))
            .build();
    assertThat(chain.deliver(5, r).getCode()).isZero();
    long tokens1 = chain.tokens(1);
    assertThat(tokens1).isEqualTo(100_000 + 10_000 - 4_000 + 20_000 - 5_000 - 10_000);
    assertThat(chain.tokens(0)).isEqualTo(110_000);

    Misbehavior evidence =
        new Misbehavior(
            Misbehavior.Type.DUPLICATE_VOTE,
            chain.consensusAddress(1),
            infraction,
            chain.timeOf(infraction),
            300);
    FinalizedBlock fb = chain.block(List.of(), List.of(evidence), List.of());
    // 5% of: current tokens, the 5000 unbonding entry, the 10000 redelegation (taken at
    // validator 0); the 4000 entry from before the infraction is untouched.
    assertThat(chain.tokens(1)).isEqualTo(tokens1 - tokens1 / 20);
    assertThat(chain.tokens(0)).isEqualTo(110_000 - 500);
    JsonNode unbonding = chain.query("staking/unbonding", "delegator", chain.addresses.get(4));
    JsonNode entries = unbonding.get(0).get("entries");
    assertThat(entries.get(0).get("balance").asText()).isEqualTo("4000");
    assertThat(entries.get(1).get("balance").asText()).isEqualTo("4750");
    assertThat(chain.balance(StakingKeeper.SLASHED_POOL)).isEqualTo(tokens1 / 20 + 250 + 500);
    assertThat(chain.jailed(1)).isTrue();
    assertThat(signingInfo(1).get("tombstoned").asBoolean()).isTrue();
    assertThat(fb.validatorUpdates()).extracting(ValidatorUpdate::power).contains(0L);

    // Tombstoned: evidence again changes nothing, unjail is refused even after any wait.
    long after = chain.tokens(1);
    chain.block(List.of(), List.of(evidence), List.of());
    assertThat(chain.tokens(1)).isEqualTo(after);
    chain.advance(3600);
    TxResult u = chain.deliver(1, unjail(1));
    assertThat(u.getLog()).contains("tombstoned");
    assertThat(chain.jailed(1)).isTrue();
  }

  @Test
  void evidenceOlderThanMaxAgeIsIgnored() {
    PosChain c = new PosChain(3, 4);
    c.slashingParams.put("max_evidence_age_blocks", "5").put("max_evidence_age_seconds", "20");
    chainWithValidators(c);
    long infraction = c.height();
    for (int i = 0; i < 6; i++) {
      c.block();
    }
    c.block(
        List.of(),
        List.of(
            new Misbehavior(
                Misbehavior.Type.DUPLICATE_VOTE,
                c.consensusAddress(0),
                infraction,
                c.timeOf(infraction),
                300)),
        List.of());
    assertThat(c.tokens(0)).isEqualTo(100_000);
    assertThat(c.jailed(0)).isFalse();
  }
}
