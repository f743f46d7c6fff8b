package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.tx.v1.Coin;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoinArgsTest {
  static String show(List<Coin> coins) {
    return CoinArgs.format(coins);
  }

  @Test
  void parsesAndSortsByDenom() throws Exception {
    assertThat(show(CoinArgs.parse("1000ulat", "AMOUNT"))).isEqualTo("1000ulat");
    assertThat(show(CoinArgs.parse("7uatom, 0005ulat", "AMOUNT"))).isEqualTo("7uatom,5ulat");
    assertThat(show(CoinArgs.parse("3zzz,2aaa", "AMOUNT"))).isEqualTo("2aaa,3zzz");
    assertThat(show(CoinArgs.parse("1ibc/ABCDEF", "AMOUNT"))).isEqualTo("1ibc/ABCDEF");
  }

  @Test
  void rejectsMalformedAmountsNamingTheArgument() {
    for (String bad :
        new String[] {
          "", "ulat", "10", "-5ulat", "1.5ulat", "5u", "0ulat", "1ulat,2ulat", "1ulat,"
        }) {
      assertThatThrownBy(() -> CoinArgs.parse(bad, "--fees"))
          .as(bad)
          .isInstanceOf(CliException.class)
          .hasMessageContaining("--fees")
          .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    }
  }

  @Test
  void feeFromGasPriceRoundsUp() throws Exception {
    assertThat(show(CoinArgs.feeFromGasPrice("0.01ulat", 200_000))).isEqualTo("2000ulat");
    assertThat(show(CoinArgs.feeFromGasPrice("0.015ulat", 3))).isEqualTo("1ulat");
    assertThat(show(CoinArgs.feeFromGasPrice("2ulat", 10))).isEqualTo("20ulat");
    assertThat(CoinArgs.feeFromGasPrice("0ulat", 10)).isEmpty();
    assertThatThrownBy(() -> CoinArgs.feeFromGasPrice("0.01", 10))
        .hasMessageContaining("--gas-prices");
    assertThatThrownBy(() -> CoinArgs.feeFromGasPrice("-1ulat", 10))
        .hasMessageContaining("--gas-prices");
  }
}
