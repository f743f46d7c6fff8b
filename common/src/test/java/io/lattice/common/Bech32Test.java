package io.lattice.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** BIP-173 test vectors plus round-trip properties. */
class Bech32Test {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl"
      })
  void bip173ValidStringsDecodeAndReencodeToTheirLowerCaseForm(String valid) {
    Bech32.Decoded decoded = Bech32.decodeWords(valid);
    assertThat(Bech32.encodeWords(decoded.hrp(), decoded.data()))
        .isEqualTo(valid.toLowerCase(Locale.ROOT));
  }

  static Stream<Arguments> bip173Invalid() {
    return Stream.of(
        Arguments.of("\u00201nwldj5", "out of range"),
        Arguments.of("\u007f1axkwrx", "out of range"),
        Arguments.of("\u00801eym55h", "out of range"),
        Arguments.of(
            "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
            "more than 90"),
        Arguments.of("pzry9x0s0muk", "no separator"),
        Arguments.of("1pzry9x0s0muk", "human-readable part is empty"),
        Arguments.of("x1b4n0q5v", "invalid bech32 character 'b'"),
        Arguments.of("li1dgmt3", "shorter than the 6-character checksum"),
        Arguments.of("de1lg7wt\u00ff", "out of range"),
        Arguments.of("A1G7SGD8", "checksum mismatch"),
        Arguments.of("10a06t8", "human-readable part is empty"),
        Arguments.of("1qzzfhee", "human-readable part is empty"),
        Arguments.of("a12UEL5L", "mixed case"),
        Arguments.of("A12uEL5L", "mixed case"));
  }

  @ParameterizedTest
  @MethodSource("bip173Invalid")
  void bip173InvalidStringsAreRejectedWithTheirReason(String invalid, String reason) {
    assertThatThrownBy(() -> Bech32.decodeWords(invalid))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void abcdefVectorCarriesTheBytesOfItsFiveBitValues() {
    Bech32.Decoded decoded = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw");
    assertThat(decoded.hrp()).isEqualTo("abcdef");
    assertThat(Hex.encode(decoded.data())).isEqualTo("00443214c74254b635cf84653a56d7c675be77df");
  }

  @Test
  void segwitVersionZeroExampleFromBip173() {
    Bech32.Decoded decoded = Bech32.decodeWords("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4");
    assertThat(decoded.hrp()).isEqualTo("bc");
    byte[] words = decoded.data();
    assertThat(words[0]).isZero();
    byte[] program = Bech32.convertBits(Arrays.copyOfRange(words, 1, words.length), 5, 8, false);
    assertThat(Hex.encode(program)).isEqualTo("751e76e8199196d454941c45d1b3a323f1433bd6");
    byte[] reencoded = new byte[words.length];
    System.arraycopy(words, 0, reencoded, 0, words.length);
    assertThat(Bech32.encodeWords("bc", reencoded))
        .isEqualTo("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
  }

  @Test
  void bytesRoundTripForEveryLengthUpToTheLimit() {
    Random random = new Random(173);
    for (int length = 0; length <= 50; length++) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      String encoded = Bech32.encode("lat", data);
      assertThat(encoded).isLowerCase().startsWith("lat1");
      Bech32.Decoded decoded = Bech32.decode(encoded);
      assertThat(decoded.hrp()).isEqualTo("lat");
      assertThat(decoded.data()).isEqualTo(data);
      assertThat(Bech32.decode(encoded.toUpperCase(Locale.ROOT)).data()).isEqualTo(data);
    }
  }

  @Test
  void everySingleCharacterSubstitutionIsDetected() {
    String encoded = Bech32.encode("lat", new byte[20]);
    String charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    for (int i = 4; i < encoded.length(); i++) {
      for (char c : charset.toCharArray()) {
        if (c == encoded.charAt(i)) {
          continue;
        }
        String corrupted = encoded.substring(0, i) + c + encoded.substring(i + 1);
        assertThatThrownBy(() -> Bech32.decode(corrupted))
            .as("substitution at %d", i)
            .hasMessageContaining("checksum mismatch");
      }
    }
  }

  @Test
  void encodingTooLongOrInvalidInputIsRefused() {
    assertThatThrownBy(() -> Bech32.encode("lat", new byte[60]))
        .hasMessageContaining("more than 90");
    assertThatThrownBy(() -> Bech32.encode("", new byte[1]))
        .hasMessageContaining("1 to 83 characters");
    assertThatThrownBy(() -> Bech32.encodeWords("lat", new byte[] {32}))
        .hasMessageContaining("not 5-bit");
    assertThatThrownBy(() -> Bech32.encode("LaT", new byte[1])).hasMessageContaining("mixed case");
  }

  @Test
  void decodingRejectsNonZeroOrExcessPadding() {
    // Two 5-bit groups = 10 bits: one byte plus 2 padding bits, which must be zero.
    String nonZeroPadding = Bech32.encodeWords("lat", new byte[] {0, 1});
    assertThatThrownBy(() -> Bech32.decode(nonZeroPadding))
        .hasMessageContaining("non-zero padding");
    // A lone 5-bit group cannot be part of any byte.
    String excess = Bech32.encodeWords("lat", new byte[] {0});
    assertThatThrownBy(() -> Bech32.decode(excess)).hasMessageContaining("excess padding");
    assertThat(Bech32.decode(Bech32.encodeWords("lat", new byte[] {0, 0})).data())
        .containsExactly(0);
  }
}
