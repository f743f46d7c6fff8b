package io.lattice.gov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.distribution.DistributionModule;
import io.lattice.proto.distribution.v1.MsgWithdrawDelegatorReward;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.types.v1.TxResult;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Proposals through their whole life on a real in-process proof-of-stake chain: three validators of
 * 100,000 tokens each (accounts 0..2), so each holds a third of the bonded stake.
 */
class GovLifecycleTest {
  static final long STAKE = 100_000;

  static GovChain chain() {
    return new GovChain(1, 6).withValidators(3, STAKE);
  }

  static final String UNBONDING = "{\"unbonding_time_seconds\": \"500\"}";
  static final String DOWNTIME = "{\"slash_fraction_downtime\": \"0.02\"}";

  @Test
  void passedProposalChangesStakingAndSlashingParamsAndRefundsTheDeposit() {
    GovChain c = chain();
    long before = c.balance(3);
    c.ok(
        3,
        c.proposal(
                3,
                GovChain.MIN_DEPOSIT,
                GovChain.change("staking", UNBONDING),
                GovChain.change("slashing", DOWNTIME))
            .build());
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_VOTING_PERIOD");
    assertThat(c.govBalance()).isEqualTo(GovChain.MIN_DEPOSIT);
    c.ok(0, c.vote(0, 1, VoteOption.VOTE_OPTION_YES));
    c.ok(1, c.vote(1, 1, VoteOption.VOTE_OPTION_YES));
    c.ok(2, c.vote(2, 1, VoteOption.VOTE_OPTION_NO));
    JsonNode tally = c.query("gov/tally", "id", "1");
    assertThat(tally.get("yes").asText()).isEqualTo("200000");
    assertThat(tally.get("no").asText()).isEqualTo("100000");
    assertThat(c.params("staking").get("unbonding_time_seconds").asText()).isEqualTo("100");

    c.advance(GovChain.VOTING_PERIOD);

    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).as(p.toString()).isEqualTo("PROPOSAL_STATUS_PASSED");
    assertThat(p.get("final_tally").get("total_bonded").asText()).isEqualTo("300000");
    assertThat(c.params("staking").get("unbonding_time_seconds").asText()).isEqualTo("500");
    assertThat(c.params("slashing").get("slash_fraction_downtime").asText()).isEqualTo("0.02");
    // Fields not named keep their values.
    assertThat(c.params("staking").get("max_validators").asInt()).isEqualTo(3);
    assertThat(c.balance(3)).isEqualTo(before - GovChain.FEE);
    assertThat(c.govBalance()).isZero();
    assertThat(c.query("gov/votes", "id", "1")).isEmpty();
    // A new unbonding uses the new time.
    c.ok(0, c.undelegate(0, 0, 1_000));
    JsonNode unbonding = c.query("staking/unbonding", "delegator", c.addresses.get(0));
    long completion = unbonding.get(0).get("entries").get(0).get("completion_time").asLong();
    assertThat(completion).isEqualTo(c.now() + 500);
  }

  @Test
  void depositsAccumulateUntilMinDepositStartsVoting() {
    GovChain c = chain();
    c.ok(3, c.proposal(3, 0, GovChain.change("staking", UNBONDING)).build());
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_DEPOSIT_PERIOD");
    c.ok(4, c.deposit(4, 1, GovChain.MIN_DEPOSIT / 2));
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_DEPOSIT_PERIOD");
    TxResult early = c.deliver(0, c.vote(0, 1, VoteOption.VOTE_OPTION_YES));
    assertThat(early.getLog())
        .contains("proposal 1 is not in its voting period (status deposit_period)");
    c.ok(5, c.deposit(5, 1, GovChain.MIN_DEPOSIT / 2));
    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).isEqualTo("PROPOSAL_STATUS_VOTING_PERIOD");
    assertThat(p.get("voting_end_time").asLong()).isEqualTo(c.now() + GovChain.VOTING_PERIOD);
    assertThat(c.query("gov/deposits", "id", "1")).hasSize(2);
    // Deposits during the voting period are taken too and refunded with the rest.
    c.ok(4, c.deposit(4, 1, 7));
    assertThat(c.govBalance()).isEqualTo(GovChain.MIN_DEPOSIT + 7);
    long before4 = c.balance(4);
    c.advance(GovChain.VOTING_PERIOD);
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_REJECTED");
    assertThat(c.balance(4)).isEqualTo(before4 + GovChain.MIN_DEPOSIT / 2 + 7);
    assertThat(c.govBalance()).isZero();
  }

  @Test
  void expiredDepositPeriodRemovesTheProposalAndBurnsItsDeposits() {
    GovChain c = chain();
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT - 1, GovChain.change("staking", UNBONDING)).build());
    BigInteger supply = c.supply();
    c.advance(GovChain.DEPOSIT_PERIOD + GovChain.BLOCK_SECONDS);
    assertThatThrownBy(() -> c.proposalJson(1)).hasMessageContaining("no proposal 1");
    assertThat(c.supply()).isEqualTo(supply.subtract(BigInteger.valueOf(GovChain.MIN_DEPOSIT - 1)));
    assertThat(c.govBalance()).isZero();
    assertThat(c.query("gov/proposals", null, null)).isEmpty();
    TxResult late = c.deliver(4, c.deposit(4, 1, 5));
    assertThat(late.getLog()).contains("no proposal 1");
  }

  @Test
  void vetoRejectsAndBurnsDeposits() {
    GovChain c = chain();
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("staking", UNBONDING)).build());
    c.ok(0, c.vote(0, 1, VoteOption.VOTE_OPTION_NO_WITH_VETO));
    c.ok(1, c.vote(1, 1, VoteOption.VOTE_OPTION_YES));
    c.ok(2, c.vote(2, 1, VoteOption.VOTE_OPTION_NO_WITH_VETO));
    BigInteger supply = c.supply();
    long before = c.balance(3);
    c.advance(GovChain.VOTING_PERIOD);
    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).isEqualTo("PROPOSAL_STATUS_REJECTED");
    assertThat(p.get("deposits_burned").asBoolean()).isTrue();
    assertThat(p.get("result_reason").asText()).startsWith("vetoed");
    assertThat(c.supply()).isEqualTo(supply.subtract(BigInteger.valueOf(GovChain.MIN_DEPOSIT)));
    assertThat(c.balance(3)).isEqualTo(before);
    assertThat(c.params("staking").get("unbonding_time_seconds").asText()).isEqualTo("100");
  }

  @Test
  void quorumNotMetRejectsAndRefunds() {
    GovChain c = chain();
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("staking", UNBONDING)).build());
    // One validator of three: 1/3 of the bonded stake < quorum 0.334.
    c.ok(0, c.vote(0, 1, VoteOption.VOTE_OPTION_YES));
    // Votes of accounts without bonded stake weigh nothing.
    c.ok(4, c.vote(4, 1, VoteOption.VOTE_OPTION_YES));
    long before = c.balance(3);
    c.advance(GovChain.VOTING_PERIOD);
    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).isEqualTo("PROPOSAL_STATUS_REJECTED");
    assertThat(p.get("result_reason").asText())
        .isEqualTo(
            "quorum not met: 100000 of 300000 bonded tokens voted (quorum 0.334000000000000000)");
    assertThat(c.balance(3)).isEqualTo(before + GovChain.MIN_DEPOSIT);
    assertThat(c.params("staking").get("unbonding_time_seconds").asText()).isEqualTo("100");
  }

  @Test
  void delegatorsVoteWithTheirOwnStakeAndRevotingReplaces() {
    GovChain c = chain();
    c.ok(4, c.delegate(4, 0, 200_000, 0));
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("staking", UNBONDING)).build());
    c.ok(4, c.vote(4, 1, VoteOption.VOTE_OPTION_YES));
    c.ok(0, c.vote(0, 1, VoteOption.VOTE_OPTION_NO));
    c.ok(4, c.vote(4, 1, VoteOption.VOTE_OPTION_ABSTAIN));
    JsonNode votes = c.query("gov/votes", "id", "1");
    assertThat(votes).hasSize(2);
    JsonNode tally = c.query("gov/tally", "id", "1");
    assertThat(tally.get("abstain").asText()).isEqualTo("200000");
    assertThat(tally.get("yes").asText()).isEqualTo("0");
    assertThat(tally.get("no").asText()).isEqualTo("100000");
    c.ok(4, c.vote(4, 1, VoteOption.VOTE_OPTION_YES));
    c.advance(GovChain.VOTING_PERIOD);
    // 200,000 yes against 100,000 no of 500,000 bonded.
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_PASSED");
  }

  @Test
  void failedExecutionAppliesNothing() {
    GovChain c = chain();
    // The param change is valid, but the message fails when executed (gov has no delegation):
    // the whole proposal is applied or none of it.
    MsgWithdrawDelegatorReward withdraw =
        MsgWithdrawDelegatorReward.newBuilder()
            .setDelegatorAddress(GovKeeper.AUTHORITY)
            .setValidatorAddress(c.addresses.get(0))
            .build();
    c.ok(
        3,
        c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("staking", UNBONDING))
            .addMessages(GovChain.any(DistributionModule.MSG_WITHDRAW_REWARD, withdraw))
            .build());
    for (int v = 0; v < 3; v++) {
      c.ok(v, c.vote(v, 1, VoteOption.VOTE_OPTION_YES));
    }
    long before = c.balance(3);
    c.advance(GovChain.VOTING_PERIOD);
    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).isEqualTo("PROPOSAL_STATUS_FAILED");
    assertThat(p.get("result_reason").asText())
        .startsWith(
            "execution failed: messages[0] (" + DistributionModule.MSG_WITHDRAW_REWARD + ")");
    assertThat(c.params("staking").get("unbonding_time_seconds").asText()).isEqualTo("100");
    assertThat(c.balance(3)).isEqualTo(before + GovChain.MIN_DEPOSIT);
  }

  @Test
  void proposalsEndingInTheSameBlockApplyInIdOrder() {
    GovChain c = chain();
    c.ok(
        3,
        c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("gov", "{\"quorum\": \"0.5\"}"))
            .build());
    c.ok(
        4,
        c.proposal(4, GovChain.MIN_DEPOSIT, GovChain.change("gov", "{\"threshold\": \"0.4\"}"))
            .build());
    for (int v = 0; v < 3; v++) {
      c.ok(v, c.vote(v, 1, VoteOption.VOTE_OPTION_YES), c.vote(v, 2, VoteOption.VOTE_OPTION_YES));
    }
    c.advance(GovChain.VOTING_PERIOD);
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_PASSED");
    assertThat(c.status(2)).isEqualTo("PROPOSAL_STATUS_PASSED");
    assertThat(c.params("gov").get("quorum").asText()).isEqualTo("0.5");
    assertThat(c.params("gov").get("threshold").asText()).isEqualTo("0.4");
  }

  @Test
  void govChangesItsOwnVotingPeriod() {
    GovChain c = chain();
    c.ok(
        3,
        c.proposal(
                3,
                GovChain.MIN_DEPOSIT,
                GovChain.change("gov", "{\"voting_period_seconds\": \"20\"}"))
            .build());
    for (int v = 0; v < 3; v++) {
      c.ok(v, c.vote(v, 1, VoteOption.VOTE_OPTION_YES));
    }
    c.advance(GovChain.VOTING_PERIOD);
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_PASSED");
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT).build());
    JsonNode p = c.proposalJson(2);
    assertThat(p.get("voting_end_time").asLong() - p.get("voting_start_time").asLong())
        .isEqualTo(20);
    c.advance(25);
    // A text proposal (no changes, no messages) nobody voted on: quorum not met.
    assertThat(c.status(2)).isEqualTo("PROPOSAL_STATUS_REJECTED");
    assertThat(c.query("gov/proposals", "status", "rejected")).hasSize(1);
    assertThat(c.query("gov/proposals", "status", "passed")).hasSize(1);
    assertThatThrownBy(() -> c.query("gov/proposals", "status", "sleeping"))
        .hasMessageContaining("unknown status 'sleeping'");
  }

  @Test
  void exportWithOpenProposalsReimportsToTheSameState() {
    GovChain c = chain();
    c.ok(3, c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("staking", UNBONDING)).build());
    c.ok(4, c.proposal(4, 100, GovChain.change("slashing", DOWNTIME)).build());
    c.ok(5, c.deposit(5, 2, 50));
    c.ok(0, c.vote(0, 1, VoteOption.VOTE_OPTION_YES));
    c.ok(5, c.delegate(5, 1, 30_000, 1_000));
    c.ok(1, c.vote(1, 1, VoteOption.VOTE_OPTION_NO_WITH_VETO));
    byte[] exported = c.app.exportGenesis();
    GovChain copy = new GovChain(1, 6).genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    // Importing the same export twice gives the same hash. (It is not the exporting chain's hash:
    // that differs for a chain without gov activity too, so it is not compared here.)
    GovChain again = new GovChain(1, 6).genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(again.app.info().appHash()).isEqualTo(copy.app.info().appHash());
    assertThat(copy.query("gov/votes", "id", "1")).hasSize(2);
    assertThat(copy.proposalJson(2).get("total_deposit").get(0).get("amount").asText())
        .isEqualTo("150");
    JsonNode delegation = copy.query("staking/delegations", "delegator", c.addresses.get(5));
    assertThat(delegation.get(0).get("locks")).hasSize(1);
  }
}
