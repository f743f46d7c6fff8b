package io.lattice.consensus.light;

import static io.lattice.consensus.light.LightVerifierTest.CHAIN;
import static io.lattice.consensus.light.LightVerifierTest.MAIN;
import static io.lattice.consensus.light.LightVerifierTest.NOW;
import static io.lattice.consensus.light.LightVerifierTest.OPTIONS;
import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.evidence.TestValidators;
import io.lattice.proto.consensus.v1.LightBlock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LightClientTest {
  private static List<Long> heights(List<LightBlock> trace) {
    return trace.stream().map(LightVerifier::height).toList();
  }

  @Test
  void bisectionReachesAHeaderTheTrustedSetCannotVouchFor() {
    TestChain chain = new TestChain(CHAIN, 40, LightVerifierTest::members);
    LightClient client = new LightClient(chain, OPTIONS);
    // direct skipping fails: nobody of A is in C
    assertThat(LightVerifier.verifyNonAdjacent(chain.block(1), chain.block(25), NOW, OPTIONS))
        .isInstanceOf(LightVerification.Failed.class);
    LightClient.Bisection result = client.bisect(chain.block(1), 25, NOW);
    assertThat(result.outcome().isVerified()).as(result.outcome().toString()).isTrue();
    List<Long> trace = heights(result.trace());
    assertThat(trace.get(0)).isEqualTo(1);
    assertThat(trace.get(trace.size() - 1)).isEqualTo(25);
    assertThat(trace).isSorted().doesNotHaveDuplicates();
    assertThat(trace.size()).isGreaterThan(2);
    // every step of the trace verifies on its own
    for (int i = 1; i < result.trace().size(); i++) {
      assertThat(
              LightVerifier.verify(result.trace().get(i - 1), result.trace().get(i), NOW, OPTIONS)
                  .isVerified())
          .isTrue();
    }
    // the client fetched the target first, then halves: 13 (between 1 and 25)
    assertThat(chain.fetched.subList(0, 2)).containsExactly(25L, 13L);
  }

  @Test
  void bisectionThroughSeveralSetChanges() {
    TestChain chain = new TestChain(CHAIN, 40, LightVerifierTest::members);
    LightClient.Bisection result = new LightClient(chain, OPTIONS).bisect(chain.block(1), 38, NOW);
    assertThat(result.outcome().isVerified()).as(result.outcome().toString()).isTrue();
    assertThat(heights(result.trace())).startsWith(1L).endsWith(38L);
  }

  @Test
  void directSkipNeedsNoIntermediateHeaders() {
    TestChain chain = new TestChain(CHAIN, 40, LightVerifierTest::members);
    LightClient.Bisection result = new LightClient(chain, OPTIONS).bisect(chain.block(1), 15, NOW);
    assertThat(heights(result.trace())).containsExactly(1L, 15L);
    assertThat(chain.fetched).containsExactly(15L);
  }

  @Test
  void aForgedIntermediateHeaderStopsBisection() {
    // the provider serves the real target but forges every header in between: signed by keys
    // that are not the validators the headers name
    HeaderProvider lying =
        height ->
            height == 25
                ? Optional.of(MAIN.block(25))
                : Optional.of(
                    TestChain.resign(
                        CHAIN,
                        MAIN.block(height),
                        h -> h,
                        List.of(
                            TestValidators.key(50),
                            TestValidators.key(51),
                            TestValidators.key(52))));
    LightClient.Bisection result = new LightClient(lying, OPTIONS).bisect(MAIN.block(1), 25, NOW);
    assertThat(result.outcome()).isInstanceOf(LightVerification.Failed.class);
    assertThat(heights(result.trace())).containsExactly(1L);
  }

  @Test
  void aMissingIntermediateHeaderIsReported() {
    HeaderProvider gaps = height -> height == 25 ? Optional.of(MAIN.block(25)) : Optional.empty();
    LightClient.Bisection result = new LightClient(gaps, OPTIONS).bisect(MAIN.block(1), 25, NOW);
    assertThat(result.outcome())
        .isEqualTo(
            new LightVerification.Failed(
                LightVerification.Reason.PROVIDER_MISSING_BLOCK,
                "the header provider has no light block at height 13"));
    // a block for another height than asked counts as missing
    HeaderProvider shifted = height -> Optional.of(MAIN.block(Math.min(40, height + 1)));
    assertThat(new LightClient(shifted, OPTIONS).bisect(MAIN.block(1), 25, NOW).outcome())
        .isInstanceOfSatisfying(
            LightVerification.Failed.class,
            f -> assertThat(f.reason()).isEqualTo(LightVerification.Reason.PROVIDER_MISSING_BLOCK));
  }
}
