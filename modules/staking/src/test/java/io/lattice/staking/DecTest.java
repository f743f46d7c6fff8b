package io.lattice.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecTest {
  @Test
  void parsesAndPrintsEighteenDecimals() {
    assertThat(Dec.parse("0.05", "x").toString()).isEqualTo("0.050000000000000000");
    assertThat(Dec.parse("1", "x")).isEqualTo(Dec.ONE);
    assertThat(Dec.parse("0.000000000000000001", "x").units()).isEqualTo(BigInteger.ONE);
    assertThat(Dec.parse("12.5", "x").units()).isEqualTo(new BigInteger("12500000000000000000"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-0.1", "1e3", ".5", "0.", "01", "0.0000000000000000001", " 1", "abc"})
  void rejectsMalformedText(String text) {
    assertThatThrownBy(() -> Dec.parse(text, "rate"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
  }

  @Test
  void multiplicationTruncatesOrRoundsUp() {
    Dec third = Dec.ratio(1, 3);
    assertThat(third.mulTruncate(BigInteger.valueOf(100))).isEqualTo(BigInteger.valueOf(33));
    assertThat(third.mulCeil(BigInteger.valueOf(100))).isEqualTo(BigInteger.valueOf(34));
    Dec tenth = Dec.parse("0.1", "x");
    assertThat(tenth.mulTruncate(BigInteger.valueOf(1225))).isEqualTo(BigInteger.valueOf(122));
    assertThat(tenth.mulCeil(BigInteger.valueOf(1220))).isEqualTo(BigInteger.valueOf(122));
  }

  @Test
  void arithmeticStaysNonNegative() {
    Dec a = Dec.parse("0.3", "x");
    Dec b = Dec.parse("0.5", "x");
    assertThat(b.subtract(a)).isEqualTo(Dec.parse("0.2", "x"));
    assertThat(a.distance(b)).isEqualTo(Dec.parse("0.2", "x"));
    assertThat(a.add(b).compareTo(Dec.parse("0.8", "x"))).isZero();
    assertThatThrownBy(() -> a.subtract(b)).isInstanceOf(IllegalArgumentException.class);
  }
}
