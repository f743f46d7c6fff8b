package io.lattice.crypto.mnemonic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Slip10Test {

  static Stream<Arguments> vectors() throws IOException {
    JsonNode root;
    try (InputStream in = Slip10Test.class.getResourceAsStream("/slip10/ed25519.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<Arguments> out = new ArrayList<>();
    for (JsonNode vector : root.get("vectors")) {
      for (JsonNode chain : vector.get("chains")) {
        out.add(
            Arguments.of(
                vector.get("name").asText(),
                vector.get("seed").asText(),
                chain.get("path").asText(),
                chain.get("chainCode").asText(),
                chain.get("private").asText(),
                chain.get("public").asText()));
      }
    }
    assertThat(out).as("SLIP-10 ed25519 chains of vectors 1 and 2").hasSize(12);
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("vectors")
  void publishedVector(
      String name, String seed, String path, String chainCode, String priv, String pub)
      throws Exception {
    Slip10.ExtendedKey key = Slip10.derive(Hex.decode(seed), DerivationPath.parse(path));
    assertThat(Hex.encode(key.chainCode())).isEqualTo(chainCode);
    assertThat(Hex.encode(key.privateKey())).isEqualTo(priv);
    byte[] publicKey =
        new Ed25519PrivateKeyParameters(key.privateKey()).generatePublicKey().getEncoded();
    assertThat("00" + Hex.encode(publicKey)).isEqualTo(pub);
  }

  @Test
  void pathParsingAcceptsAllHardenedMarkers() throws Exception {
    assertThat(DerivationPath.parse("m/44'/118'/0'/0'/0'").indices())
        .containsExactly(44, 118, 0, 0, 0);
    assertThat(DerivationPath.parse("m/44h/9000H/0'/0'/0'"))
        .isEqualTo(DerivationPath.LATTICE_DEFAULT);
    assertThat(DerivationPath.parse("m").indices()).isEmpty();
    assertThat(DerivationPath.LATTICE_DEFAULT).hasToString("m/44'/9000'/0'/0'/0'");
    assertThat(DerivationPath.parse("m/2147483647'").indices()).containsExactly(Integer.MAX_VALUE);
  }

  @Test
  void nonHardenedSegmentIsRejectedByName() throws Exception {
    assertThatThrownBy(() -> DerivationPath.parse("m/44'/118'/0/0'/0'"))
        .isInstanceOf(MnemonicException.class)
        .hasMessageContaining("segment 3 ('0')")
        .hasMessageContaining("is not hardened");
  }

  @Test
  void malformedPathsAreRejected() throws Exception {
    assertThatThrownBy(() -> DerivationPath.parse("44'/0'"))
        .hasMessageContaining("must start with 'm'");
    assertThatThrownBy(() -> DerivationPath.parse("m/44'//0'")).hasMessageContaining("is empty");
    assertThatThrownBy(() -> DerivationPath.parse("m/x'")).hasMessageContaining("is not a number");
    assertThatThrownBy(() -> DerivationPath.parse("m/-1'")).hasMessageContaining("is not a number");
    assertThatThrownBy(() -> DerivationPath.parse("m/2147483648'"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> DerivationPath.parse("m/99999999999999999999'"))
        .hasMessageContaining("out of range");
  }

  @Test
  void seedLengthIsChecked() throws Exception {
    assertThatThrownBy(() -> Slip10.master(new byte[8]))
        .isInstanceOf(MnemonicException.class)
        .hasMessage("SLIP-10 seed must be 16 to 64 bytes, got 8");
  }
}
