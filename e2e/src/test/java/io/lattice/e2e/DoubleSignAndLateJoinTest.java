package io.lattice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.e2e.byzantine.DoubleSigningNode;
import io.lattice.node.config.NodeConfig;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios on one fast network (every node with a {@link #BLOCK_INTERVAL} commit timeout) of 4
 * validators and a full node under transfer load, where {@code node3} runs the test-only {@link
 * DoubleSigningNode} build (an honest validator until told otherwise), each followed by {@link
 * ChainChecks}:
 *
 * <ol>
 *   <li>{@code node3} double-signs: the evidence is committed in a block, and every node shows it
 *       slashed, jailed, tombstoned and out of the validator set, while the other three validators
 *       keep committing blocks;
 *   <li>once the chain is {@value #JOIN_HEIGHT}+ blocks high, a new full node joins: it catches up
 *       by block sync (across the validator-set change of the first scenario), then follows
 *       consensus;
 *   <li>another new full node joins with state sync: it restores the validators' snapshot of height
 *       1,000 (verified from genesis by its light client), block-syncs the rest, then follows
 *       consensus.
 * </ol>
 *
 * <p>One network for both, so that the CI pays for one network start, and the double-signing runs
 * first, while the chain is short (the checks after each scenario read every block on every node).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DoubleSignAndLateJoinTest {
  static final long JOIN_HEIGHT = 1000;

  /** The commit timeout of every node, so that 1,000 blocks pass in a minute or two. */
  static final Duration BLOCK_INTERVAL = Duration.ofMillis(10);

  /** Fewer senders than the fault scenarios: at fast blocks each one sends about 2 per second. */
  static final int SENDERS = 3;

  private static final int BYZANTINE = 3;
  private static final List<Integer> HONEST = List.of(0, 1, 2, 4);
  private static final List<Integer> VALIDATORS = List.of(0, 1, 2, 3);
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir static Path tmp;
  private static Scenario scenario;

  @BeforeAll
  static void network() {
    scenario =
        new Scenario(
            tmp,
            Network.Setup.standard()
                .withConfig(c -> c.withBlockInterval(BLOCK_INTERVAL))
                .withMainClass(BYZANTINE, DoubleSigningNode.class),
            SENDERS);
  }

  @AfterAll
  static void down() {
    scenario.close();
  }

  @Test
  @Order(1)
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

  @Test
  @Order(2)
  void newFullNodeCatchesUpByBlockSyncAndFollowsConsensus() throws Exception {
    scenario.run(
        "a new full node joins after " + JOIN_HEIGHT + " blocks (block sync)",
        (net, load) -> {
          int unused = joinsAndFollows(net, "late0", UnaryOperator.identity());
        });
  }

  @Test
  @Order(3)
  void newFullNodeRestoresASnapshotByStateSyncThenFollowsConsensus() throws Exception {
    scenario.run(
        "a new full node joins after " + JOIN_HEIGHT + " blocks (state sync)",
        (net, load) -> {
          int node =
              joinsAndFollows(
                  net,
                  "late1",
                  c ->
                      c.withStateSync(
                          new NodeConfig.StateSync(
                              true,
                              0,
                              1,
                              Duration.ofSeconds(10),
                              NodeConfig.StateSync.DEFAULTS.trustPeriod())));
          // the validators snapshot every 1,000 heights (the default): late1 starts from one
          long earliest = ChainChecks.earliest(net.api(node));
          assertThat(earliest)
              .as("first block late1 stores (it restored a snapshot instead of replaying)")
              .isGreaterThanOrEqualTo(JOIN_HEIGHT);
          assertThat(earliest % NodeConfig.StateSync.DEFAULTS.snapshotInterval()).isZero();
          assertThat(net.api(node).block(earliest - 1)).as("history before the snapshot").isEmpty();
          Network.log("late1 restored the snapshot of height " + earliest);
        });
  }

  /**
   * Waits for height {@value #JOIN_HEIGHT}, adds full node {@code name} with {@code edits} to its
   * config, and waits until it has caught up to the height the network had when it started and then
   * keeps up with consensus for 20 more blocks (its status then says it is not catching up).
   */
  static int joinsAndFollows(Network net, String name, UnaryOperator<NodeConfig> edits)
      throws Exception {
    await("the network reaches height " + JOIN_HEIGHT)
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Scenario.highest(net, VALIDATORS) >= JOIN_HEIGHT);
    long joinAt = net.maxHeight();
    long started = System.nanoTime();
    int node = net.addFullNode(name, edits);
    NodeApi api = net.api(node);
    AtomicBoolean sawCatchingUp = new AtomicBoolean();
    await(name + " catches up to " + joinAt)
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          Optional<JsonNode> status = api.status();
          status
              .filter(s -> s.path("catching_up").asBoolean(false))
              .ifPresent(s -> sawCatchingUp.set(true));
          return status.map(s -> s.path("latest_block_height").asLong()).orElse(-1L) >= joinAt;
        });
    double seconds = (System.nanoTime() - started) / 1e9;
    Network.log(
        String.format(
            "%s caught up to %d in %.1f s from its start (%.0f blocks/s including JVM start;"
                + " catching_up seen: %s)",
            name, joinAt, seconds, joinAt / seconds, sawCatchingUp.get()));

    long target = net.maxHeight() + 20;
    await(name + " follows consensus to " + target)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(() ->
            api.status()
                .filter(s -> s.path("latest_block_height").asLong() >= target)
                .filter(s -> !s.path("catching_up").asBoolean(true))
                .isPresent());
    assertThat(api.height()).hasValueSatisfying(h -> assertThat(h).isGreaterThanOrEqualTo(target));
    Network.log(name + " follows consensus at height " + api.height().orElseThrow());
    return node;
  }
}
