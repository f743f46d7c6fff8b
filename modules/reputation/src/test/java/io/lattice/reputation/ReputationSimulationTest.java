package io.lattice.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.proto.reputation.v1.MsgAdjustReputation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random governance adjustments, parameter changes and forged self-adjustments against a
 * model of the scores: after every block each score equals the model's, the module's invariants
 * hold, and the same seed gives the same app hash.
 */
class ReputationSimulationTest {
  private static final int ACCOUNTS = 6;
  private static final int BLOCKS = 40;

  /** Seeds 1..N, N from {@code -Dlattice.sim.seeds=N} (default 3; long runs pass more). */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, Long.getLong("lattice.sim.seeds", 3));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scoresFollowTheModel(long seed) {
    String first = run(seed);
    assertThat(run(seed)).as("same seed, same app hash").isEqualTo(first);
  }

  private static String run(long seed) {
    Random rnd = new Random(seed);
    TestChain chain = ReputationTest.newChain(seed).genesis();
    Map<String, Long> stored = new HashMap<>();
    long defaultScore = 50;
    long maxDelta = 50;
    for (int b = 0; b < BLOCKS; b++) {
      int actions = rnd.nextInt(4);
      for (int a = 0; a < actions; a++) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
          long newMax = 1 + rnd.nextInt(100);
          long newDefault = rnd.nextInt(101);
          Optional<String> r =
              chain.govSetParams(
                  "reputation",
                  TestChain.JSON
                      .createObjectNode()
                      .put("max_delta", Long.toString(newMax))
                      .put("default_score", Long.toString(newDefault)));
          assertThat(r).isEmpty();
          maxDelta = newMax;
          defaultScore = newDefault;
        } else if (kind == 1) {
          int who = rnd.nextInt(ACCOUNTS);
          assertThat(
                  chain
                      .deliver(
                          who,
                          MsgAdjustReputation.newBuilder()
                              .setAuthority(chain.addresses.get(who))
                              .setAddress(chain.addresses.get(who))
                              .setDelta(5)
                              .build())
                      .getCode())
              .isNotZero();
        } else {
          String who = chain.addresses.get(rnd.nextInt(ACCOUNTS));
          long delta = rnd.nextInt(141) - 70;
          Optional<String> r =
              chain.govExecute(
                  MsgAdjustReputation.newBuilder()
                      .setAuthority(ReputationModule.GOV_AUTHORITY)
                      .setAddress(who)
                      .setDelta(delta)
                      .build());
          boolean valid = delta != 0 && Math.abs(delta) <= maxDelta;
          assertThat(r.isEmpty()).as("delta %d, max %d: %s", delta, maxDelta, r).isEqualTo(valid);
          if (valid) {
            long before = stored.getOrDefault(who, defaultScore);
            stored.put(who, Math.max(0, Math.min(100, before + delta)));
          }
        }
      }
      chain.block();
      for (String addr : chain.addresses) {
        assertThat(chain.query("reputation/score", "address", addr).get("score").asLong())
            .as("seed %d block %d %s", seed, b, addr)
            .isEqualTo(stored.getOrDefault(addr, defaultScore));
      }
    }
    return chain.appHash();
  }
}
