package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.consensus.v1.ValidatorSetState;
import io.lattice.proto.types.v1.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proposer rotation against priorities computed by hand with the rules of docs/spec/consensus.md
 * ("Proposer selection"). Validators A, B, C have powers 1, 2, 3 and ascending addresses.
 */
class ProposerSelectionTest {
  private final Fixture f = new Fixture(1, 2, 3);

  private static long[] priorities(ValidatorSet s) {
    long[] p = new long[s.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = s.priority(i);
    }
    return p;
  }

  @Test
  void rotationFollowsHandComputedPriorities() {
    // step by step: add power, highest (ties: lower address) proposes and loses the total (6)
    long[][] expected = {
      {1, 2, -3}, // genesis: (0,0,0) + (1,2,3) → C proposes
      {2, -2, 0}, // (2,4,0) → B
      {-3, 0, 3}, // (3,0,3): A and C tie, A has the lower address
      {-2, 2, 0}, // (-2,2,6) → C
      {-1, -2, 3}, // (-1,4,3) → B
      {0, 0, 0}, // (0,0,6) → C
    };
    int[] proposers = {2, 1, 0, 2, 1, 2};
    ValidatorSet s = f.validators;
    for (int step = 0; step < expected.length; step++) {
      assertThat(priorities(s))
          .as("priorities after step %d", step)
          .containsExactly(expected[step]);
      assertThat(s.proposer().address())
          .as("proposer of step %d", step)
          .isEqualTo(f.address(proposers[step]));
      assertThat(f.validators.proposer(step).address()).isEqualTo(f.address(proposers[step]));
      s = s.incrementPriority(1);
    }
  }

  @Test
  void proposalsAreProportionalToPower() {
    int[] count = new int[3];
    for (int r = 0; r < 600; r++) {
      count[f.validators.indexOf(f.validators.proposer(r).address())]++;
    }
    assertThat(count).containsExactly(100, 200, 300);
  }

  @Test
  void largeSpreadIsScaledDownWithTruncation() {
    ValidatorSetState state =
        f.validators.toState().toBuilder()
            .setPriorities(0, 100)
            .setPriorities(1, -100)
            .setPriorities(2, 0)
            .build();
    ValidatorSet s = ValidatorSet.fromState(state).incrementPriority(1);
    // spread 200 > 2 * 6: divide by ceil(200 / 12) = 17 → (5, -5, 0); + power → (6, -3, 3): A
    assertThat(priorities(s)).containsExactly(0, -3, 3);
    assertThat(s.proposer().address()).isEqualTo(f.address(0));
  }

  @Test
  void newValidatorStartsBehindAndPrioritiesAreCentred() {
    var d =
        Fixture.sortedKeys(4).stream()
            .filter(k -> f.validators.indexOf(k.publicKey().address()) < 0)
            .findFirst()
            .orElseThrow();
    ValidatorSet updated = f.validators.withUpdates(List.of(Fixture.validator(d, 4)));
    // (1, 2, -3) + D at -(10 + 10/8) = -11; mean floor(-11 / 4) = -3 subtracted
    assertThat(priorities(updated)).containsExactly(4, 5, 0, -8);
    ValidatorSet next = updated.incrementPriority(1);
    // mean floor(1 / 4) = 0; + power → (5, 7, 3, -4) → B proposes → (5, -3, 3, -4)
    assertThat(priorities(next)).containsExactly(5, -3, 3, -4);
    assertThat(next.proposer().address()).isEqualTo(f.address(1));
  }

  @Test
  void removalsAndPowerChanges() {
    Validator removeA = Fixture.validator(f.keys.get(0), 0);
    Validator bTo5 = Fixture.validator(f.keys.get(1), 5);
    ValidatorSet s = f.validators.withUpdates(List.of(removeA, bTo5));
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.totalPower()).isEqualTo(8);
    assertThat(s.members().get(0).address()).isEqualTo(f.address(1));
    assertThatThrownBy(() -> s.withUpdates(List.of(removeA)))
        .hasMessageContaining("not a validator");
    assertThatThrownBy(() -> f.validators.withUpdates(List.of(bTo5, bTo5)))
        .hasMessageContaining("changed twice");
  }

  @Test
  void stateRoundTripsAndHashExcludesPriorities() {
    ValidatorSet s = f.validators.incrementPriority(3);
    assertThat(ValidatorSet.fromState(s.toState())).isEqualTo(s);
    assertThat(s.hash()).isEqualTo(f.validators.hash());
  }

  @Test
  void invalidSetsAreRefusedWithAReason() {
    var empty = io.lattice.proto.types.v1.ValidatorSet.getDefaultInstance();
    assertThatThrownBy(() -> ValidatorSet.genesis(empty)).hasMessageContaining("empty");
    Validator zero = Fixture.validator(f.keys.get(0), 0);
    assertThatThrownBy(() ->
            ValidatorSet.genesis(
                io.lattice.proto.types.v1.ValidatorSet.newBuilder().addValidators(zero).build()))
        .hasMessageContaining("voting power 0");
    Validator a = Fixture.validator(f.keys.get(0), 1);
    assertThatThrownBy(() ->
            ValidatorSet.genesis(
                io.lattice.proto.types.v1.ValidatorSet.newBuilder()
                    .addValidators(a)
                    .addValidators(a)
                    .build()))
        .hasMessageContaining("appears twice");
    Validator wrongAddress =
        a.toBuilder().setAddress(f.validators.toProto().getValidators(1).getAddress()).build();
    assertThatThrownBy(() ->
            ValidatorSet.genesis(
                io.lattice.proto.types.v1.ValidatorSet.newBuilder()
                    .addValidators(wrongAddress)
                    .build()))
        .hasMessageContaining("does not match its key");
  }
}
