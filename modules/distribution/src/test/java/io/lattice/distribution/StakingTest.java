package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.ValidatorUpdate;
import io.lattice.proto.staking.v1.MsgBeginRedelegate;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.staking.v1.MsgEditValidator;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.StakingKeeper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Staking messages, their failures, unbonding maturity, the active set and its updates. */
class StakingTest {
  private final PosChain chain = new PosChain(1, 6).genesis();

  /** Delivers {@code msg}, expects rejection naming {@code reason}, and no state change. */
  private void rejects(int signer, Message msg, String codespace, String reason) {
    rejects(signer, msg, codespace, reason, PosChain.FEE);
  }

  /** As {@link #rejects}, for a stateless check: the transaction is refused before the fee. */
  private void rejectsEarly(int signer, Message msg, String codespace, String reason) {
    rejects(signer, msg, codespace, reason, 0);
  }

  private void rejects(int signer, Message msg, String codespace, String reason, long fee) {
    JsonNode validators =
        chain.app.query("staking/validators", PosChain.JSON.createObjectNode(), 0);
    long bonded = chain.balance(StakingKeeper.BONDED_POOL);
    long notBonded = chain.balance(StakingKeeper.NOT_BONDED_POOL);
    long balance = chain.balance(signer);
    TxResult r = chain.deliver(signer, msg);
    assertThat(r.getCode()).as(r.getLog()).isNotZero();
    assertThat(r.getCodespace()).isEqualTo(codespace);
    assertThat(r.getLog()).contains(reason);
    assertThat(chain.app.query("staking/validators", PosChain.JSON.createObjectNode(), 0))
        .isEqualTo(validators);
    assertThat(chain.balance(StakingKeeper.BONDED_POOL)).isEqualTo(bonded);
    assertThat(chain.balance(StakingKeeper.NOT_BONDED_POOL)).isEqualTo(notBonded);
    assertThat(chain.balance(signer)).isEqualTo(balance - fee);
  }

  private void ok(int signer, Message... msgs) {
    TxResult r = chain.deliver(signer, msgs);
    assertThat(r.getCode()).as(r.getLog()).isZero();
  }

  @Test
  void createValidatorBondsSelfDelegationAndEmitsUpdate() {
    long before = chain.balance(0);
    FinalizedBlock fb = chain.block(chain.tx(0, chain.createValidator(0, 100_000, "0.1")));
    assertThat(fb.txResults().get(0).getCode()).as(fb.txResults().get(0).getLog()).isZero();
    assertThat(chain.balance(0)).isEqualTo(before - PosChain.FEE - 100_000);
    assertThat(chain.balance(StakingKeeper.BONDED_POOL)).isEqualTo(100_000);
    assertThat(chain.tokens(0)).isEqualTo(100_000);
    assertThat(chain.power(0)).isEqualTo(100);
    assertThat(fb.validatorUpdates())
        .containsExactly(
            new ValidatorUpdate(
                io.lattice.proto.types.v1.ValidatorPubKey.newBuilder()
                    .setAlgorithm("ed25519")
                    .setKey(chain.consensusKey(0).getKey())
                    .build(),
                100));
    assertThat(chain.block().validatorUpdates()).isEmpty();
  }

  @Test
  void createValidatorFailures() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    rejects(0, chain.createValidator(0, 100_000, "0.1"), "staking", "exists");
    MsgCreateValidator sameKey =
        chain.createValidator(1, 100_000, "0.1").toBuilder()
            .setPubKey(chain.consensusKey(0))
            .build();
    rejects(1, sameKey, "staking", "already used by a validator");
    rejectsEarly(1, chain.createValidator(1, 100_000, "0.6"), "staking", "> commission_max_rate");
    rejectsEarly(
        1,
        chain.createValidator(1, 100_000, "0.1").toBuilder()
            .setCommissionMaxChangeRate("0.9")
            .build(),
        "staking",
        "commission_max_change_rate");
    rejectsEarly(1, chain.createValidator(1, 500, "0.1"), "staking", "< min_self_delegation");
    rejects(
        1,
        chain.createValidator(1, 100_000, "0.1").toBuilder()
            .setAmount(Coins.coin("uatom", 100_000))
            .build(),
        "staking",
        "bond denom ulat");
    rejectsEarly(
        1,
        chain.createValidator(1, 100_000, "0.1").toBuilder()
            .setPubKey(
                PublicKey.newBuilder()
                    .setAlgorithm("ed25519")
                    .setKey(PosChain.bytes("short".getBytes(StandardCharsets.UTF_8))))
            .build(),
        "runtime",
        "pub_key");
    rejects(1, chain.createValidator(1, 2 * PosChain.INITIAL, "0.1"), "bank", "insufficient funds");
    rejectsEarly(1, chain.createValidator(1, 100_000, "abc"), "staking", "is not a decimal");
  }

  @Test
  void delegateUndelegateAndMaturity() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    ok(1, chain.delegate(1, 0, 50_000));
    assertThat(chain.tokens(0)).isEqualTo(150_000);
    JsonNode ds = chain.query("staking/delegations", "delegator", chain.addresses.get(1));
    assertThat(ds.get(0).get("tokens").asText()).isEqualTo("50000");

    long before = chain.balance(1);
    ok(1, chain.undelegate(1, 0, 20_000));
    assertThat(chain.tokens(0)).isEqualTo(130_000);
    assertThat(chain.balance(StakingKeeper.NOT_BONDED_POOL)).isEqualTo(20_000);
    assertThat(chain.balance(1)).isEqualTo(before - PosChain.FEE);
    chain.advance(90);
    assertThat(chain.balance(1)).isEqualTo(before - PosChain.FEE);
    chain.advance(15);
    assertThat(chain.balance(1)).isEqualTo(before - PosChain.FEE + 20_000);
    assertThat(chain.balance(StakingKeeper.NOT_BONDED_POOL)).isZero();
    assertThat(chain.query("staking/unbonding", "delegator", chain.addresses.get(1))).isEmpty();
  }

  @Test
  void delegationFailures() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    rejects(1, chain.delegate(1, 2, 1000), "staking", "no validator");
    rejects(1, chain.delegate(1, 0, 2 * PosChain.INITIAL), "bank", "insufficient funds");
    rejects(1, chain.undelegate(1, 0, 10), "staking", "no delegation");
    ok(1, chain.delegate(1, 0, 5_000));
    rejects(1, chain.undelegate(1, 0, 5_001), "staking", "is worth 5000, cannot unbond 5001");
    rejects(
        1,
        chain.delegate(1, 0, 5).toBuilder().setAmount(Coins.coin("uatom", 5)).build(),
        "staking",
        "bond denom");
    for (int i = 0; i < 7; i++) {
      ok(1, chain.undelegate(1, 0, 10));
    }
    rejects(1, chain.undelegate(1, 0, 10), "staking", "too many unbonding entries");
  }

  @Test
  void undelegatingBelowMinSelfDelegationJails() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    FinalizedBlock fb = chain.block(chain.tx(0, chain.undelegate(0, 0, 99_500)));
    assertThat(fb.txResults().get(0).getCode()).isZero();
    assertThat(chain.jailed(0)).isTrue();
    assertThat(fb.validatorUpdates()).extracting(ValidatorUpdate::power).containsExactly(0L);
  }

  @Test
  void redelegation() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    ok(1, chain.createValidator(1, 100_000, "0.1"));
    ok(2, chain.createValidator(2, 100_000, "0.1"));
    ok(3, chain.delegate(3, 0, 30_000));
    MsgBeginRedelegate r =
        MsgBeginRedelegate.newBuilder()
            .setDelegatorAddress(chain.addresses.get(3))
            .setValidatorSrcAddress(chain.addresses.get(0))
            .setValidatorDstAddress(chain.addresses.get(1))
            .setAmount(Coins.coin("ulat", 10_000))
            .build();
    ok(3, r);
    assertThat(chain.tokens(0)).isEqualTo(120_000);
    assertThat(chain.tokens(1)).isEqualTo(110_000);
    rejects(
        3,
        r.toBuilder().setValidatorDstAddress(chain.addresses.get(0)).build(),
        "staking",
        "to itself");
    rejects(
        3,
        r.toBuilder()
            .setValidatorSrcAddress(chain.addresses.get(1))
            .setValidatorDstAddress(chain.addresses.get(2))
            .build(),
        "staking",
        "still maturing");
    rejects(
        3,
        r.toBuilder().setValidatorDstAddress(chain.addresses.get(5)).build(),
        "staking",
        "no validator");
    chain.advance(105);
    ok(
        3,
        r.toBuilder()
            .setValidatorSrcAddress(chain.addresses.get(1))
            .setValidatorDstAddress(chain.addresses.get(2))
            .build());
    assertThat(chain.tokens(2)).isEqualTo(110_000);
  }

  @Test
  void editValidatorCommissionRules() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    MsgEditValidator edit =
        MsgEditValidator.newBuilder()
            .setOperatorAddress(chain.addresses.get(0))
            .setCommissionRate("0.12")
            .build();
    rejects(0, edit, "staking", "at most one change per 24h");
    chain.advance(24 * 3600);
    rejects(
        0, edit.toBuilder().setCommissionRate("0.2").build(), "staking", "exceeds max_change_rate");
    rejects(0, edit.toBuilder().setCommissionRate("0.7").build(), "staking", "> max_rate");
    rejectsEarly(
        0,
        MsgEditValidator.newBuilder().setOperatorAddress(chain.addresses.get(0)).build(),
        "runtime",
        "nothing to edit");
    rejects(
        1,
        edit.toBuilder().setOperatorAddress(chain.addresses.get(1)).build(),
        "staking",
        "no validator");
    ok(0, edit.toBuilder().setMoniker("renamed").build());
    assertThat(chain.validator(0).get("moniker").asText()).isEqualTo("renamed");
    assertThat(chain.validator(0).get("commission").get("rate").asText())
        .isEqualTo("0.120000000000000000");
  }

  @Test
  void activeSetIsTopByPowerWithTiesByAddress() {
    // max_validators = 3: four validators, equal power for 0..2 and less for 3.
    for (int i = 0; i < 4; i++) {
      ok(i, chain.createValidator(i, i == 3 ? 50_000 : 100_000, "0.1"));
    }
    assertThat(chain.power(3)).isEqualTo(50);
    // Validator 3 overtakes by delegation: the lowest-ordered of the tied three falls out.
    List<String> tied = new java.util.ArrayList<>(chain.addresses.subList(0, 3));
    tied.sort(String::compareTo);
    int dropped = chain.addresses.indexOf(tied.get(2));
    FinalizedBlock fb = chain.block(chain.tx(4, chain.delegate(4, 3, 60_000)));
    assertThat(fb.txResults().get(0).getCode()).isZero();
    List<ValidatorUpdate> updates = fb.validatorUpdates();
    assertThat(updates).hasSize(2);
    assertThat(updates)
        .anySatisfy(u -> {
          assertThat(u.pubKey().getKey()).isEqualTo(chain.consensusKey(3).getKey());
          assertThat(u.power()).isEqualTo(110);
        })
        .anySatisfy(u -> {
          assertThat(u.pubKey().getKey()).isEqualTo(chain.consensusKey(dropped).getKey());
          assertThat(u.power()).isZero();
        });
    assertThat(chain.block().validatorUpdates()).isEmpty();
  }

  @Test
  void exportImportGivesSameAppHash() {
    ok(0, chain.createValidator(0, 100_000, "0.1"));
    ok(1, chain.delegate(1, 0, 5_000));
    ok(1, chain.undelegate(1, 0, 1_000));
    byte[] exported = chain.app.exportGenesis();
    PosChain copy = new PosChain(1, 6).genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
  }
}
