package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void aFullBlockMustFitInAProposal() {
    CoreConfig core = CoreConfig.defaults("c");
    assertThat(new TendermintConfig(core, 1, Fixture.T0, 4 * 1024 * 1024, -1, Path.of("w")))
        .isNotNull();
    assertThatThrownBy(
            () -> new TendermintConfig(core, 1, Fixture.T0, 5 * 1024 * 1024, -1, Path.of("w")))
        .hasMessageContaining("cannot carry a full block of 5242880 bytes");
  }

  @Test
  void timeoutsGrowPerRoundAndRefuseNonsense() {
    TimeoutConfig t = TimeoutConfig.defaults();
    assertThat(t.of(Step.PROPOSE, 0)).isEqualTo(Duration.ofSeconds(3));
    assertThat(t.of(Step.PROPOSE, 4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.of(Step.PREVOTE, 2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.of(Step.PRECOMMIT, 1)).isEqualTo(Duration.ofMillis(1500));
    assertThat(t.of(Step.COMMIT, 9)).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() ->
            new TimeoutConfig(
                Duration.ZERO,
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ZERO))
        .hasMessageContaining("must be > 0");
    assertThatThrownBy(() -> new CoreConfig(" ", t, 1, 1)).hasMessageContaining("chain id");
  }
}
