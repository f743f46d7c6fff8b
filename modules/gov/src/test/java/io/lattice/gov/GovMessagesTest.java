package io.lattice.gov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.proto.gov.v1.MsgDeposit;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.tx.v1.Any;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.StakingModule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every gov message and every refusal: a refused message changes nothing but the fee. */
class GovMessagesTest {
  static GovChain chain() {
    return new GovChain(2, 6, List.of(new ProbeModule())).withValidators(3, 100_000);
  }

  /** A transaction refused with {@code reason}; only the fee (if charged) left the signer. */
  static void refused(GovChain c, int signer, Message msg, String reason, boolean feeCharged) {
    String proposals = c.query("gov/proposals", null, null).toString();
    long gov = c.govBalance();
    long before = c.balance(signer);
    JsonNode params = c.params("staking");
    TxResult r = c.deliver(signer, msg);
    assertThat(r.getCode()).as(r.getLog()).isNotZero();
    assertThat(r.getLog()).contains(reason);
    assertThat(c.query("gov/proposals", null, null).toString()).isEqualTo(proposals);
    assertThat(c.govBalance()).isEqualTo(gov);
    assertThat(c.balance(signer)).isEqualTo(before - (feeCharged ? GovChain.FEE : 0));
    assertThat(c.params("staking")).isEqualTo(params);
  }

  static MsgSubmitProposal withChange(GovChain c, String module, String json) {
    return c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change(module, json)).build();
  }

  @Test
  void submitRefusals() {
    GovChain c = chain();
    refused(
        c, 3, c.proposal(3, 10).setTitle(" ").build(), "title must be 1..140 characters", false);
    refused(c, 3, c.proposal(3, 10).setTitle("t".repeat(141)).build(), "title must be", false);
    refused(c, 3, c.proposal(3, 10).setSummary("s".repeat(10_001)).build(), "summary", false);
    refused(
        c,
        3,
        c.proposal(3, 10).addChanges(GovChain.change("", "{}")).build(),
        "changes[0].module is empty",
        false);
    refused(
        c,
        3,
        c.proposal(3, 0).addInitialDeposit(Coins.coin("ulat", 0)).build(),
        "zero amount",
        false);
    refused(
        c,
        3,
        withChange(c, "nosuch", "{\"a\":1}"),
        "changes[0] (nosuch): unknown module 'nosuch'",
        true);
    refused(
        c,
        3,
        withChange(c, "staking", "{\"unbonding_time_seconds\": \"-5\"}"),
        "changes[0] (staking): staking.params.unbonding_time_seconds must be >= 0",
        true);
    refused(
        c,
        3,
        withChange(c, "staking", "{\"colour\": 1}"),
        "staking.params has no field 'colour'",
        true);
    refused(c, 3, withChange(c, "staking", "{"), "params_json is not valid JSON", true);
    refused(
        c, 3, withChange(c, "staking", "[1]"), "params_json must be a non-empty JSON object", true);
    refused(
        c,
        3,
        withChange(c, "staking", "{\"max_validators\": 1, \"max_validators\": 2}"),
        "params_json is not valid JSON",
        true);
    refused(
        c,
        3,
        withChange(c, "staking", "{\"bond_denom\": \"uatom\"}"),
        "staking.params.bond_denom cannot change",
        true);
    refused(
        c,
        3,
        withChange(c, "distribution", "{\"reward_denom\": \"uatom\"}"),
        "distribution.params.reward_denom cannot change",
        true);
    refused(
        c,
        3,
        withChange(c, "distribution", "{\"community_tax\": \"1.5\"}"),
        "distribution.params.community_tax must be <= 1",
        true);
    refused(
        c,
        3,
        withChange(c, "slashing", "{\"signed_blocks_window\": \"0\"}"),
        "slashing.params.signed_blocks_window must be 1..1000000",
        true);
    refused(
        c,
        3,
        withChange(c, "gov", "{\"threshold\": \"1\"}"),
        "gov.params.threshold must be < 1",
        true);
    refused(
        c,
        3,
        withChange(c, "gov", "{\"quorum\": \"0\"}"),
        "gov.params.quorum must be in (0, 1]",
        true);
    refused(
        c,
        3,
        withChange(c, "gov", "{\"min_deposit\": []}"),
        "gov.params.min_deposit: no coins",
        true);
    refused(c, 3, withChange(c, "auth", "{\"x\": 1}"), "changes[0] (auth)", true);
    // Messages.
    refused(
        c,
        3,
        c.proposal(3, 10)
            .addMessages(Any.newBuilder().setTypeUrl("/lattice.nosuch.v1.MsgX"))
            .build(),
        "messages[0]: unknown message type '/lattice.nosuch.v1.MsgX'",
        true);
    refused(
        c,
        3,
        c.proposal(3, 10)
            .addMessages(GovChain.any(StakingModule.MSG_DELEGATE, c.delegate(3, 0, 10, 0)))
            .build(),
        "messages[0]: signer " + c.addresses.get(3) + " is not the gov module account",
        true);
    refused(
        c,
        3,
        c.proposal(3, 10)
            .addMessages(
                Any.newBuilder()
                    .setTypeUrl(ProbeModule.MSG_SET)
                    .setValue(ByteString.copyFrom(new byte[] {(byte) 0xFF, 0x01})))
            .build(),
        "messages[0]: cannot decode " + ProbeModule.MSG_SET,
        true);
    refused(
        c,
        3,
        c.proposal(3, 10)
            .addMessages(
                GovChain.any(ProbeModule.MSG_SET, ProbeModule.set(GovKeeper.AUTHORITY, "x")))
            .build(),
        "messages[0]: value must be a number",
        true);
    refused(
        c,
        3,
        c.proposal(3, 10)
            .addMessages(GovChain.any(GovModule.MSG_VOTE, c.vote(3, 1, VoteOption.VOTE_OPTION_YES)))
            .build(),
        "messages[0]: gov's own messages cannot be proposed",
        true);
    // Deposits.
    refused(
        c,
        3,
        c.proposal(3, 0).addInitialDeposit(Coins.coin("uatom", 5)).build(),
        "deposit denom uatom is not accepted; min_deposit is 10000ulat",
        true);
    refused(
        c,
        3,
        c.proposal(3, 0).addInitialDeposit(Coins.coin("ulat", GovChain.INITIAL * 2)).build(),
        "insufficient funds",
        true);
    assertThat(c.query("gov/proposals", null, null)).isEmpty();
  }

  @Test
  void govOwnMessagesCannotBeProposed() {
    GovChain c = chain();
    // A gov message signed by gov would need gov as the voter/depositor/proposer; the type is
    // refused before its signer is looked at.
    MsgDeposit fromGov =
        MsgDeposit.newBuilder()
            .setDepositor(GovKeeper.AUTHORITY)
            .setProposalId(1)
            .addAmount(Coins.coin("ulat", 1))
            .build();
    refused(
        c,
        3,
        c.proposal(3, 10).addMessages(GovChain.any(GovModule.MSG_DEPOSIT, fromGov)).build(),
        "messages[0]: gov's own messages cannot be proposed",
        true);
  }

  @Test
  void depositAndVoteRefusals() {
    GovChain c = chain();
    refused(c, 4, c.deposit(4, 1, 10), "no proposal 1", true);
    refused(c, 4, c.deposit(4, 0, 10), "proposal_id must be positive", false);
    refused(c, 4, c.vote(4, 1, VoteOption.VOTE_OPTION_YES), "no proposal 1", true);
    c.ok(3, c.proposal(3, 10).build());
    refused(
        c,
        4,
        MsgDeposit.newBuilder().setDepositor(c.addresses.get(4)).setProposalId(1).build(),
        "amount: no coins",
        false);
    refused(
        c,
        4,
        MsgDeposit.newBuilder()
            .setDepositor(c.addresses.get(4))
            .setProposalId(1)
            .addAmount(Coins.coin("uatom", 3))
            .build(),
        "deposit denom uatom is not accepted",
        true);
    refused(c, 4, c.deposit(4, 1, GovChain.INITIAL * 2), "insufficient funds", true);
    refused(
        c,
        4,
        c.vote(4, 1, VoteOption.VOTE_OPTION_YES),
        "proposal 1 is not in its voting period (status deposit_period)",
        true);
    refused(
        c,
        4,
        c.vote(4, 1, VoteOption.VOTE_OPTION_UNSPECIFIED),
        "option must be YES, ABSTAIN, NO or NO_WITH_VETO",
        false);
    c.ok(4, c.deposit(4, 1, GovChain.MIN_DEPOSIT));
    c.advance(GovChain.VOTING_PERIOD);
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_REJECTED");
    refused(c, 4, c.deposit(4, 1, 10), "proposal 1 does not take deposits (status rejected)", true);
    refused(
        c,
        4,
        c.vote(4, 1, VoteOption.VOTE_OPTION_YES),
        "proposal 1 is not in its voting period (status rejected)",
        true);
  }

  @Test
  void passedProposalExecutesGovSignedMessagesInOrder() {
    GovChain c = chain();
    c.ok(
        3,
        c.proposal(3, GovChain.MIN_DEPOSIT)
            .addMessages(
                GovChain.any(ProbeModule.MSG_SET, ProbeModule.set(GovKeeper.AUTHORITY, "41")))
            .addMessages(
                GovChain.any(ProbeModule.MSG_SET, ProbeModule.set(GovKeeper.AUTHORITY, "42")))
            .build());
    for (int v = 0; v < 3; v++) {
      c.ok(v, c.vote(v, 1, VoteOption.VOTE_OPTION_YES));
    }
    assertThat(c.query("probe/value", null, null).get("value").asLong()).isZero();
    c.advance(GovChain.VOTING_PERIOD);
    assertThat(c.status(1)).isEqualTo("PROPOSAL_STATUS_PASSED");
    assertThat(c.query("probe/value", null, null).get("value").asLong()).isEqualTo(42);
  }

  @Test
  void aFailingMessageUndoesTheChangesAndMessagesBeforeIt() {
    GovChain c = chain();
    c.ok(
        3,
        c.proposal(3, GovChain.MIN_DEPOSIT, GovChain.change("gov", "{\"quorum\": \"0.9\"}"))
            .addMessages(
                GovChain.any(ProbeModule.MSG_SET, ProbeModule.set(GovKeeper.AUTHORITY, "7")))
            .addMessages(
                GovChain.any(ProbeModule.MSG_SET, ProbeModule.set(GovKeeper.AUTHORITY, "fail")))
            .build());
    for (int v = 0; v < 3; v++) {
      c.ok(v, c.vote(v, 1, VoteOption.VOTE_OPTION_YES));
    }
    c.advance(GovChain.VOTING_PERIOD);
    JsonNode p = c.proposalJson(1);
    assertThat(p.get("status").asText()).isEqualTo("PROPOSAL_STATUS_FAILED");
    assertThat(p.get("result_reason").asText())
        .isEqualTo(
            "execution failed: messages[1] ("
                + ProbeModule.MSG_SET
                + "): probe 3: refused on purpose");
    assertThat(c.query("probe/value", null, null).get("value").asLong()).isZero();
    assertThat(c.params("gov").get("quorum").asText()).isEqualTo("0.334");
  }
}
