package io.lattice.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.bank.BankKeeper;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.distribution.v1.MsgWithdrawValidatorCommission;
import io.lattice.proto.types.v1.TxResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reward allocation exact to the unit, withdrawals and their failures. */
class DistributionTest {
  private final PosChain chain = new PosChain(4, 6).genesis();

  private MsgWithdrawDelegatorReward withdraw(int delegator, int validator) {
    return MsgWithdrawDelegatorReward.newBuilder()
        .setDelegatorAddress(chain.addresses.get(delegator))
        .setValidatorAddress(chain.addresses.get(validator))
        .build();
  }

  private MsgWithdrawValidatorCommission commission(int validator) {
    return MsgWithdrawValidatorCommission.newBuilder()
        .setValidatorAddress(chain.addresses.get(validator))
        .build();
  }

  private long pending(int delegator, int validator) {
    JsonNode r = chain.query("distribution/rewards", "delegator", chain.addresses.get(delegator));
    for (JsonNode e : r.get("rewards")) {
      if (e.get("validator_address").asText().equals(chain.addresses.get(validator))) {
        return e.get("amount").asLong();
      }
    }
    return 0;
  }

  @Test
  void feesAndBlockRewardSplitByPowerCommissionAndShares() {
    // A: 100_000 self (10% commission); B: 200_000 self + 100_000 from account 2 (20%).
    assertThat(chain.deliver(0, chain.createValidator(0, 100_000, "0.1")).getCode()).isZero();
    assertThat(chain.deliver(1, chain.createValidator(1, 200_000, "0.2")).getCode()).isZero();
    assertThat(chain.deliver(2, chain.delegate(2, 1, 100_000)).getCode()).isZero();
    // Three fees of 2000 wait in the fee collector (no votes yet, nothing allocated).
    assertThat(chain.balance(BankKeeper.FEE_COLLECTOR)).isEqualTo(6000);
    long supply = Long.parseLong(chain.app.supply("ulat").getAmount());
    assertThat(supply).isEqualTo(6 * PosChain.INITIAL);

    chain.block(chain.votes(List.of(0, 1), Set.of()), List.of(), List.of());
    // total 6000 fees + 1000 minted (6e9 × 0.1 / 600,000); tax 2% = 140; validators 6860 split
    // 100:300.
    // A: 1715 → commission 171, delegators 1544. B: 5145 → commission 1029, delegators 4116
    // (2/3 to B's operator: 2744, 1/3 to account 2: 1372). Leftover 0 → pool 140.
    assertThat(chain.balance(BankKeeper.FEE_COLLECTOR)).isZero();
    assertThat(pending(0, 0)).isEqualTo(1544);
    assertThat(pending(1, 1)).isEqualTo(2744);
    assertThat(pending(2, 1)).isEqualTo(1372);
    assertThat(chain.query("distribution/community_pool", "x", "").get("amount").asLong())
        .isEqualTo(140);
    assertThat(
            chain
                .query("distribution/validator", "address", chain.addresses.get(1))
                .get("commission")
                .asLong())
        .isEqualTo(1029);
    // The block reward was minted: the supply grew by exactly 1000.
    assertThat(Long.parseLong(chain.app.supply("ulat").getAmount())).isEqualTo(supply + 1000);

    long before = chain.balance(2);
    assertThat(chain.deliver(2, withdraw(2, 1)).getCode()).isZero();
    assertThat(chain.balance(2)).isEqualTo(before - PosChain.FEE + 1372);
    assertThat(pending(2, 1)).isZero();

    before = chain.balance(1);
    assertThat(chain.deliver(1, commission(1)).getCode()).isZero();
    assertThat(chain.balance(1)).isEqualTo(before - PosChain.FEE + 1029);
  }

  @Test
  void unsignedValidatorsGetNothingAndDelegationChangesPayOut() {
    assertThat(chain.deliver(0, chain.createValidator(0, 100_000, "0")).getCode()).isZero();
    assertThat(chain.deliver(1, chain.createValidator(1, 100_000, "0")).getCode()).isZero();
    chain.block(chain.votes(List.of(0, 1), Set.of(1)), List.of(), List.of());
    // 4000 fees + 1000 minted − 100 tax: all 4900 to A, none to absent B.
    assertThat(pending(0, 0)).isEqualTo(4900);
    assertThat(pending(1, 1)).isZero();
    // Changing a delegation pays its rewards first.
    long before = chain.balance(0);
    assertThat(chain.deliver(0, chain.delegate(0, 0, 1000)).getCode()).isZero();
    assertThat(chain.balance(0)).isEqualTo(before - PosChain.FEE - 1000 + 4900);
    assertThat(pending(0, 0)).isZero();
  }

  @Test
  void withdrawalFailures() {
    assertThat(chain.deliver(0, chain.createValidator(0, 100_000, "0.1")).getCode()).isZero();
    long before = chain.balance(3);
    TxResult none = chain.deliver(3, withdraw(3, 0));
    assertThat(none.getCodespace()).isEqualTo("distribution");
    assertThat(none.getLog()).contains("no delegation");
    assertThat(chain.balance(3)).isEqualTo(before - PosChain.FEE);
    TxResult noCommission = chain.deliver(0, commission(0));
    assertThat(noCommission.getLog()).contains("has no commission");
    TxResult notValidator = chain.deliver(3, commission(3));
    assertThat(notValidator.getLog()).contains("no validator");
    TxResult wrongSigner = chain.block(chain.tx(3, commission(0))).txResults().get(0);
    assertThat(wrongSigner.getCode()).isNotZero();
  }
}
