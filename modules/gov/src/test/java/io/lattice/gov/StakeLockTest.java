package io.lattice.gov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.proto.staking.v1.MsgBeginRedelegate;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.StakingKeeper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staking with a lock duration (currency chain), on the same in-process chain as gov's tests:
 * locked stake cannot be undelegated or redelegated before its unlock time; slashes lower locked
 * and unlocked stake in proportion; a slash that removes shares keeps the locks within the
 * delegation.
 */
class StakeLockTest {
  static GovChain chain() {
    return new GovChain(3, 6).withValidators(3, 100_000);
  }

  static JsonNode delegation(GovChain c, int delegator, int validator, long at) {
    ObjectNode req = GovChain.JSON.createObjectNode();
    req.put("delegator", c.addresses.get(delegator)).put("time", Long.toString(at));
    for (JsonNode d : c.app.query("staking/delegations", req, 0)) {
      if (d.get("validator_address").asText().equals(c.addresses.get(validator))) {
        return d;
      }
    }
    throw new AssertionError("no delegation " + delegator + " -> " + validator);
  }

  static MsgBeginRedelegate redelegate(GovChain c, int from, int src, int dst, long amount) {
    return MsgBeginRedelegate.newBuilder()
        .setDelegatorAddress(c.addresses.get(from))
        .setValidatorSrcAddress(c.addresses.get(src))
        .setValidatorDstAddress(c.addresses.get(dst))
        .setAmount(Coins.coin("ulat", amount))
        .build();
  }

  @Test
  void lockedStakeCannotBeUndelegatedBeforeItsUnlockTimeAndCanAfter() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 0, 50_000, 0));
    c.ok(4, c.delegate(4, 0, 30_000, 100));
    long unlock = c.now() + 100;
    JsonNode d = delegation(c, 4, 0, c.now());
    assertThat(d.get("locks")).hasSize(1);
    assertThat(d.get("locks").get(0).get("unlock_time").asLong()).isEqualTo(unlock);
    assertThat(d.get("locked_tokens").asText()).isEqualTo("30000");
    assertThat(d.get("unlocked_tokens").asText()).isEqualTo("50000");

    TxResult r = c.deliver(4, c.undelegate(4, 0, 60_000));
    assertThat(r.getLog())
        .contains(
            "stake locked until " + Instant.ofEpochSecond(unlock) + ": 30000 of 80000 is locked");
    c.ok(4, c.undelegate(4, 0, 50_000));
    assertThat(c.deliver(4, c.undelegate(4, 0, 1)).getLog()).contains("stake locked until");
    assertThat(c.deliver(4, redelegate(c, 4, 0, 1, 1)).getLog()).contains("stake locked until");

    while (c.now() + 2 * GovChain.BLOCK_SECONDS < unlock) {
      c.block();
    }
    // The last block before the unlock time still refuses; the block at the unlock time takes it.
    assertThat(c.deliver(4, c.undelegate(4, 0, 30_000)).getLog()).contains("stake locked until");
    assertThat(c.now()).isEqualTo(unlock - GovChain.BLOCK_SECONDS);
    c.ok(4, c.undelegate(4, 0, 30_000));
    assertThat(c.now()).isEqualTo(unlock);
    assertThat(c.query("staking/delegations", "delegator", c.addresses.get(4))).isEmpty();
  }

  @Test
  void theRefusalNamesWhenEnoughStakeUnlocks() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 1, 30_000, 100));
    long first = c.now() + 100;
    c.ok(4, c.delegate(4, 1, 20_000, 300));
    long second = c.now() + 300;
    assertThat(c.deliver(4, c.undelegate(4, 1, 25_000)).getLog())
        .contains("stake locked until " + Instant.ofEpochSecond(first) + ": 50000 of 50000");
    assertThat(c.deliver(4, c.undelegate(4, 1, 40_000)).getLog())
        .contains("stake locked until " + Instant.ofEpochSecond(second) + ": 50000 of 50000");
    // Expired locks are dropped when the delegation is next written.
    c.advance(100);
    c.ok(4, c.undelegate(4, 1, 30_000));
    JsonNode d = delegation(c, 4, 1, c.now());
    assertThat(d.get("locks")).hasSize(1);
    assertThat(d.get("locked_tokens").asText()).isEqualTo("20000");
  }

  @Test
  void lockSecondsAboveTheMaximumAreRefused() {
    GovChain c = chain();
    long before = c.balance(4);
    TxResult r = c.deliver(4, c.delegate(4, 0, 1_000, StakingKeeper.MAX_LOCK_SECONDS + 1));
    assertThat(r.getLog()).contains("lock_seconds must be 0.." + StakingKeeper.MAX_LOCK_SECONDS);
    r = c.deliver(4, c.delegate(4, 0, 1_000, -1));
    assertThat(r.getLog()).contains("lock_seconds must be 0.." + StakingKeeper.MAX_LOCK_SECONDS);
    assertThat(c.balance(4)).isEqualTo(before);
  }

  @Test
  void locksWithTheSameUnlockTimeMergeAndTheirNumberIsBounded() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 0, 1_000, 50), c.delegate(4, 0, 2_000, 50));
    assertThat(delegation(c, 4, 0, c.now()).get("locks")).hasSize(1);
    assertThat(delegation(c, 4, 0, c.now()).get("locked_tokens").asText()).isEqualTo("3000");
    var msgs = new com.google.protobuf.Message[StakingKeeper.MAX_LOCKS];
    for (int i = 0; i < msgs.length; i++) {
      msgs[i] = c.delegate(4, 0, 10, 1_000 + i);
    }
    TxResult r = c.deliver(4, msgs);
    assertThat(r.getLog()).contains("too many stake locks");
    assertThat(delegation(c, 4, 0, c.now()).get("locks")).hasSize(1);
  }

  @Test
  void aSlashLowersLockedAndUnlockedStakeInProportion() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 0, 50_000, 0), c.delegate(4, 0, 30_000, 1_000));
    long infraction = c.height();
    c.block(
        List.of(
            new Misbehavior(
                Misbehavior.Type.DUPLICATE_VOTE,
                c.consensusAddress(0),
                infraction,
                c.timeOf(infraction),
                380)),
        List.of());
    // Validator 0: 180,000 tokens slashed by 5% to 171,000; the delegation is worth 76,000.
    JsonNode d = delegation(c, 4, 0, c.now());
    assertThat(d.get("tokens").asText()).isEqualTo("76000");
    assertThat(d.get("locked_tokens").asText()).isEqualTo("28500");
    assertThat(d.get("unlocked_tokens").asText()).isEqualTo("47500");
    assertThat(c.deliver(4, c.undelegate(4, 0, 47_501)).getLog())
        .contains(": 28500 of 76000 is locked");
    c.ok(4, c.undelegate(4, 0, 47_500));
  }

  @Test
  void aSlashThatRemovesSharesKeepsTheLocksWithinTheDelegation() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 1, 20_000, 0));
    long infraction = c.height() + 1;
    c.block();
    // After the infraction: 10,000 move from validator 1 to 2, a locked 5,000 joins them, and the
    // unlocked 10,000 leave again: the delegation to 2 is 5,000, all locked.
    c.ok(4, redelegate(c, 4, 1, 2, 10_000));
    c.ok(4, c.delegate(4, 2, 5_000, 1_000));
    c.ok(4, c.undelegate(4, 2, 10_000));
    assertThat(delegation(c, 4, 2, c.now()).get("unlocked_tokens").asText()).isEqualTo("0");
    // Slashing validator 1 for the infraction takes 5% of the redelegated 10,000 (500 tokens)
    // from the delegation to validator 2, which is all locked: the lock shrinks with it.
    c.block(
        List.of(
            new Misbehavior(
                Misbehavior.Type.DUPLICATE_VOTE,
                c.consensusAddress(1),
                infraction,
                c.timeOf(infraction),
                320)),
        List.of());
    JsonNode d = delegation(c, 4, 2, c.now());
    assertThat(d.get("tokens").asText()).isEqualTo("4500");
    assertThat(d.get("locked_tokens").asText()).isEqualTo("4500");
    assertThat(d.get("locks").get(0).get("tokens").asText()).isEqualTo("4500");
  }
}
