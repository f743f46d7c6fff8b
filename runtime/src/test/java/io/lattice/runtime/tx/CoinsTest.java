package io.lattice.runtime.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.TxException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoinsTest {
  private static Coin c(String denom, String amount) {
    return Coin.newBuilder().setDenom(denom).setAmount(amount).build();
  }

  @Test
  void acceptsSortedPositiveCoins() {
    assertThatCode(() -> Coins.validate(List.of(c("stake", "1"), c("ulat", "99")), "fee", false))
        .doesNotThrowAnyException();
    assertThatCode(() -> Coins.validate(List.of(), "fee", true)).doesNotThrowAnyException();
  }

  @Test
  void rejectsEachMalformation() {
    assertThatThrownBy(() -> Coins.validate(List.of(), "amount", false))
        .isInstanceOf(TxException.class)
        .hasMessage("amount: no coins");
    assertThatThrownBy(() -> Coins.validate(List.of(c("u", "1")), "amount", false))
        .hasMessage("amount: invalid denom 'u'");
    assertThatThrownBy(() -> Coins.validate(List.of(c("ulat", "01")), "amount", false))
        .hasMessageContaining("invalid amount '01'");
    assertThatThrownBy(() -> Coins.validate(List.of(c("ulat", "-1")), "amount", false))
        .hasMessageContaining("invalid amount '-1'");
    assertThatThrownBy(() -> Coins.validate(List.of(c("ulat", "1.5")), "amount", false))
        .hasMessageContaining("invalid amount '1.5'");
    assertThatThrownBy(() -> Coins.validate(List.of(c("ulat", "0")), "amount", false))
        .hasMessage("amount: zero amount of ulat");
    assertThatThrownBy(
            () -> Coins.validate(List.of(c("ulat", "1"), c("stake", "1")), "amount", false))
        .hasMessage("amount: denoms must be sorted and unique, 'stake' after 'ulat'");
    assertThatThrownBy(
            () -> Coins.validate(List.of(c("ulat", "1"), c("ulat", "1")), "amount", false))
        .hasMessageContaining("sorted and unique");
  }

  @Test
  void arbitraryPrecision() throws TxException {
    String big = "9".repeat(60);
    assertThat(Coins.parseAmount(big, "x")).isEqualTo(new BigInteger(big));
    assertThat(Coins.amountOf(List.of(c("ulat", big)), "ulat")).isEqualTo(new BigInteger(big));
    assertThat(Coins.amountOf(List.of(c("ulat", big)), "stake")).isZero();
    assertThat(Coins.format(List.of(c("stake", "1"), c("ulat", "2")))).isEqualTo("1stake,2ulat");
  }
}
