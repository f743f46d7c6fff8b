package io.lattice.gov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.types.v1.TxResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random proposals, deposits, votes, locked delegations and undelegations. After every
 * block: every module invariant (gov's: the gov account holds exactly the deposits of open
 * proposals) and, checked here from the queries, deposits held by gov = the sum of the
 * total_deposit of open proposals. The same seed twice gives the same app hash. A failing seed
 * replays exactly.
 */
class GovSimulationTest {
  static final int ACCOUNTS = 8;
  static final int BLOCKS = 120;
  static final VoteOption[] OPTIONS = {
    VoteOption.VOTE_OPTION_YES,
    VoteOption.VOTE_OPTION_YES,
    VoteOption.VOTE_OPTION_NO,
    VoteOption.VOTE_OPTION_ABSTAIN,
    VoteOption.VOTE_OPTION_NO_WITH_VETO
  };

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void depositsHeldByGovEqualOpenDeposits(long seed) {
    Run a = run(seed);
    Run b = run(seed);
    assertThat(b.appHash).isEqualTo(a.appHash);
    assertThat(a.outcomes).isEqualTo(b.outcomes);
    // The run exercised the lifecycle: proposals ended, and some messages succeeded.
    assertThat(a.outcomes).containsKey("PROPOSAL_STATUS_PASSED");
    assertThat(a.succeeded).isGreaterThan(BLOCKS / 2);
  }

  /**
   * More seeds on demand, outside the default run: {@code ./mvnw -B -o -q test -pl modules/gov
   * -Dtest=GovSimulationTest -Dgov.sim.seeds=50} runs seeds 1000..1049 (invariants every block).
   */
  @Test
  void manySeeds() {
    int n = Integer.getInteger("gov.sim.seeds", 0);
    assumeTrue(n > 0, "set -Dgov.sim.seeds=N to run N more seeds");
    for (long seed = 1000; seed < 1000 + n; seed++) {
      run(seed);
    }
  }

  record Run(byte[] appHash, Map<String, Integer> outcomes, int succeeded) {}

  static Run run(long seed) {
    Random random = new Random(seed);
    GovChain c =
        new GovChain(seed, ACCOUNTS, List.of(new ProbeModule())).withValidators(3, 100_000);
    int succeeded = 0;
    for (int b = 0; b < BLOCKS; b++) {
      int txs = random.nextInt(4);
      Set<Integer> signers = new HashSet<>();
      List<byte[]> block = new ArrayList<>();
      for (int t = 0; t < txs; t++) {
        int signer = random.nextInt(ACCOUNTS);
        if (signers.add(signer)) {
          block.add(c.tx(signer, action(c, random, signer)));
        }
      }
      for (TxResult r : c.block(List.of(), block).txResults()) {
        if (r.getCode() == 0) {
          succeeded++;
        }
      }
      checkDeposits(c);
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (JsonNode p : c.query("gov/proposals", null, null)) {
      outcomes.merge(p.get("status").asText(), 1, Integer::sum);
    }
    outcomes.remove("PROPOSAL_STATUS_DEPOSIT_PERIOD");
    outcomes.remove("PROPOSAL_STATUS_VOTING_PERIOD");
    return new Run(c.app.info().appHash(), outcomes, succeeded);
  }

  /** Deposits held by gov = the sum of the total deposits of open proposals (from queries). */
  static void checkDeposits(GovChain c) {
    long open = 0;
    for (JsonNode p : c.query("gov/proposals", null, null)) {
      String status = p.get("status").asText();
      if (status.equals("PROPOSAL_STATUS_DEPOSIT_PERIOD")
          || status.equals("PROPOSAL_STATUS_VOTING_PERIOD")) {
        for (JsonNode coin : p.path("total_deposit")) {
          open += coin.get("amount").asLong();
        }
      }
    }
    assertThat(c.govBalance()).as("gov balance at height %d", c.height()).isEqualTo(open);
  }

  static Message action(GovChain c, Random random, int signer) {
    List<Long> deposit = new ArrayList<>();
    List<Long> voting = new ArrayList<>();
    JsonNode all = c.query("gov/proposals", null, null);
    for (JsonNode p : all) {
      switch (p.get("status").asText()) {
        case "PROPOSAL_STATUS_DEPOSIT_PERIOD" -> deposit.add(p.get("id").asLong());
        case "PROPOSAL_STATUS_VOTING_PERIOD" -> voting.add(p.get("id").asLong());
        default -> {}
      }
    }
    long anyId = 1 + random.nextInt(all.size() + 2);
    // Validators vote most of the time when there is something to vote on.
    if (signer < 3 && !voting.isEmpty() && random.nextInt(10) < 7) {
      return c.vote(signer, pick(random, voting), OPTIONS[random.nextInt(OPTIONS.length)]);
    }
    return switch (random.nextInt(6)) {
      case 0 -> submit(c, random, signer);
      case 1 ->
          c.deposit(
              signer,
              deposit.isEmpty() || random.nextInt(5) == 0 ? anyId : pick(random, deposit),
              1 + random.nextInt(6_000));
      case 2 ->
          c.vote(
              signer,
              voting.isEmpty() || random.nextInt(5) == 0 ? anyId : pick(random, voting),
              OPTIONS[random.nextInt(OPTIONS.length)]);
      case 3, 4 ->
          c.delegate(
              signer, random.nextInt(3), 100 + random.nextInt(5_000), random.nextInt(3) * 60L);
      default -> c.undelegate(signer, random.nextInt(3), 100 + random.nextInt(3_000));
    };
  }

  static long pick(Random random, List<Long> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  static MsgSubmitProposal submit(GovChain c, Random random, int signer) {
    long[] deposits = {0, GovChain.MIN_DEPOSIT / 2, GovChain.MIN_DEPOSIT};
    MsgSubmitProposal.Builder b = c.proposal(signer, deposits[random.nextInt(deposits.length)]);
    switch (random.nextInt(6)) {
      case 0 ->
          b.addChanges(
              change(
                  "staking",
                  "{\"unbonding_time_seconds\": \"" + (50 + random.nextInt(200)) + "\"}"));
      case 1 ->
          b.addChanges(
              change(
                  "slashing", "{\"slash_fraction_downtime\": \"0.0" + random.nextInt(10) + "\"}"));
      case 2 ->
          b.addChanges(
              change("gov", "{\"voting_period_seconds\": \"" + (50 + random.nextInt(100)) + "\"}"));
      case 3 ->
          b.addMessages(
              GovChain.any(
                  ProbeModule.MSG_SET,
                  ProbeModule.set(GovKeeper.AUTHORITY, random.nextBoolean() ? "fail" : "5")));
      case 4 ->
          b.addChanges(
              change("distribution", "{\"community_tax\": \"0.0" + random.nextInt(10) + "\"}"));
      default -> {
        // A text proposal.
      }
    }
    return b.build();
  }

  static ParamChange change(String module, String json) {
    return GovChain.change(module, json);
  }
}
