package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.e2e.byzantine.DoubleSigningNode;
import io.lattice.proto.slashing.v1.SigningInfo;
import io.lattice.proto.staking.v1.Validator;
import io.lattice.slashing.SlashingModule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validator that double-signs ({@link DoubleSigningNode}, a test-only main class run as {@code
 * node3}) on a 4-validator network plus a full node under transfer load: the evidence is committed
 * in a block, and every node shows the validator slashed, jailed and tombstoned and out of the
 * validator set, while the other three validators keep committing blocks.
 */
class DoubleSignTest {
  private static final int BYZANTINE = 3;
  private static final List<Integer> HONEST = List.of(0, 1, 2, 4);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir static Path tmp;
  private static Scenario scenario;

  @BeforeAll
  static void network() {
    scenario =
        new Scenario(
            tmp,
            Network.Setup.standard().withMainClass(BYZANTINE, DoubleSigningNode.class),
            Scenario.SENDERS);
  }

  @AfterAll
  static void down() {
    scenario.close();
  }

  @Test
  void doubleSigningValidatorIsSlashedJailedAndTombstonedOnEveryNode() throws Exception {
    scenario.run(
        "a validator double-signs",
        (net, load) -> {
          String address = net.consensusAddress(BYZANTINE);
          String hexAddress = net.validatorAddress(BYZANTINE);
          Validator before = validator(net.api(0), address);
          assertThat(before.getJailed()).as("%s jailed before double-signing", address).isFalse();
          BigInteger bonded = new BigInteger(before.getTokens());
          for (NodeApi api : net.apis()) {
            assertThat(validator(api, address)).as("validator record on %s", api).isEqualTo(before);
          }

          long armedAt = net.maxHeight();
          Files.createFile(net.home(BYZANTINE).resolve(DoubleSigningNode.TRIGGER_FILE));
          Network.log("told " + net.name(BYZANTINE) + " to double-sign at height " + armedAt);

          long evidenceHeight = awaitEvidenceBlock(net, armedAt);
          for (NodeApi api : net.apis()) {
            await(api + " serves block " + evidenceHeight)
                .atMost(WAIT)
                .until(() -> api.height().orElse(-1L) >= evidenceHeight);
            JsonNode block = ChainChecks.block(api, evidenceHeight);
            assertThat(block.path("num_evidence").asInt())
                .as("evidence in block %d on %s", evidenceHeight, api)
                .isPositive();
            assertThat(block.path("header").path("evidence_hash").asText())
                .as("evidence hash of block %d on %s", evidenceHeight, api)
                .isNotEmpty();
          }

          BigDecimal fraction =
              new BigDecimal(StakingState.slashingParams(net.api(0)).getSlashFractionDoubleSign());
          BigInteger slashed =
              new BigDecimal(bonded)
                  .multiply(fraction)
                  .setScale(0, RoundingMode.DOWN)
                  .toBigInteger();
          for (NodeApi api : net.apis()) {
            await(api + " shows " + address + " jailed and tombstoned")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                    validator(api, address).getJailed()
                        && StakingState.signingInfo(api, address)
                            .map(SigningInfo::getTombstoned)
                            .orElse(false));
            Validator after = validator(api, address);
            assertThat(new BigInteger(after.getTokens()))
                .as(
                    "bonded tokens of %s on %s (were %s, fraction %s)",
                    address, api, bonded, fraction)
                .isLessThan(bonded)
                .isEqualTo(bonded.subtract(slashed));
            SigningInfo info = StakingState.signingInfo(api, address).orElseThrow();
            assertThat(info.getJailedUntil())
                .as("jailed_until of %s on %s", address, api)
                .isEqualTo(SlashingModule.FOREVER);
          }
          Network.log(
              net.name(BYZANTINE)
                  + " slashed from "
                  + bonded
                  + " to "
                  + bonded.subtract(slashed)
                  + ", jailed and tombstoned on every node");

          for (NodeApi api : net.apis()) {
            await(api + " drops " + address + " from the validator set")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                    validatorSet(api).size() == Network.VALIDATORS - 1
                        && !validatorSet(api).contains(address));
          }
          long reduced = net.maxHeight();
          Scenario.awaitGrowth(net, HONEST, 5);
          assertLastCommitWithout(net, reduced + 3, hexAddress);
        });
  }

  private static Validator validator(NodeApi api, String address) {
    return StakingState.validator(api, address)
        .orElseThrow(() -> new AssertionError(api + " has no staking validator " + address));
  }

  private static List<String> validatorSet(NodeApi api) {
    JsonNode set = api.validators().orElseThrow(() -> new AssertionError(api + " does not answer"));
    return java.util.stream.StreamSupport.stream(set.path("validators").spliterator(), false)
        .map(v -> v.path("address").asText())
        .toList();
  }

  /** The first block above {@code after} that carries evidence, as node0 serves it. */
  private static long awaitEvidenceBlock(Network net, long after) {
    AtomicLong scanned = new AtomicLong(after);
    AtomicLong found = new AtomicLong(-1);
    await("a block with evidence after " + after)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> {
          long top = net.api(0).height().orElse(0L);
          for (long h = scanned.get() + 1; h <= top; h++) {
            if (ChainChecks.block(net.api(0), h).path("num_evidence").asInt() > 0) {
              found.set(h);
              return true;
            }
            scanned.set(h);
          }
          return false;
        });
    Network.log("evidence committed in block " + found.get());
    return found.get();
  }

  /**
   * Block {@code height}'s last commit was signed by 3 validators, none of them {@code hexAddress}:
   * the chain decides with the remaining validators.
   */
  private static void assertLastCommitWithout(Network net, long height, String hexAddress) {
    for (NodeApi api : net.apis()) {
      Optional<JsonNode> block = api.block(height);
      assertThat(block).as("block %d on %s", height, api).isPresent();
      long commits = 0;
      for (JsonNode sig : block.get().path("last_commit").path("signatures")) {
        assertThat(sig.path("validator_address").asText())
            .as("signer in the last commit of block %d", height)
            .isNotEqualToIgnoringCase(hexAddress);
        if (sig.path("block_id_flag").asText().equals("BLOCK_ID_FLAG_COMMIT")) {
          commits++;
        }
      }
      assertThat(commits)
          .as("precommits in the last commit of block %d on %s", height, api)
          .isEqualTo(Network.VALIDATORS - 1);
    }
  }
}
