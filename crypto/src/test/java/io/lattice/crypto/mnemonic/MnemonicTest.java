package io.lattice.crypto.mnemonic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MnemonicTest {

  static Stream<Arguments> trezorVectors() throws IOException {
    JsonNode root;
    try (InputStream in = MnemonicTest.class.getResourceAsStream("/bip39/trezor-english.json")) {
      root = new ObjectMapper().readTree(in);
    }
    String passphrase = root.get("passphrase").asText();
    List<Arguments> out = new ArrayList<>();
    for (JsonNode v : root.get("vectors")) {
      out.add(Arguments.of(v.get(0).asText(), v.get(1).asText(), passphrase, v.get(2).asText()));
    }
    assertThat(out).as("BIP-39 Trezor English vectors").hasSize(24);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trezorVectors")
  void trezorVector(String entropyHex, String phrase, String passphrase, String seedHex)
      throws Exception {
    Mnemonic fromEntropy = Mnemonic.fromEntropy(Hex.decode(entropyHex));
    assertThat(fromEntropy.phrase()).isEqualTo(phrase);

    Mnemonic parsed = Mnemonic.parse(phrase);
    assertThat(parsed).isEqualTo(fromEntropy);
    assertThat(Hex.encode(parsed.entropy())).isEqualTo(entropyHex);
    assertThat(Hex.encode(parsed.toSeed(passphrase))).isEqualTo(seedHex);
  }

  @Test
  void wordlistIsTheCanonicalEnglishList() throws IOException {
    byte[] raw;
    try (InputStream in = Wordlist.class.getResourceAsStream("english.txt")) {
      raw = in.readAllBytes();
    }
    assertThat(Wordlist.sha256Hex(raw)).isEqualTo(Wordlist.ENGLISH_SHA256);
    List<String> words = new String(raw, StandardCharsets.US_ASCII).lines().toList();
    assertThat(words).hasSize(2048).isSorted().doesNotHaveDuplicates();
    assertThat(words.get(0)).isEqualTo("abandon");
    assertThat(words.get(2047)).isEqualTo("zoo");
    assertThat(Wordlist.english().words()).isEqualTo(words);
    // BIP-39: the first four letters identify a word uniquely.
    assertThat(words.stream().map(w -> w.substring(0, Math.min(4, w.length()))).distinct())
        .hasSize(2048);
  }

  @Test
  void generatesTwentyFourValidWords() throws Exception {
    Mnemonic m = Mnemonic.generate(new SecureRandom());
    assertThat(m.words()).hasSize(24);
    assertThat(m.entropy()).hasSize(32);
    assertThat(Mnemonic.parse(m.phrase())).isEqualTo(m);
    assertThat(Mnemonic.generate(new SecureRandom())).isNotEqualTo(m);
  }

  @Test
  void seededRoundTripsThroughEntropy() throws Exception {
    Random random = new Random(20261121L);
    for (int i = 0; i < 200; i++) {
      byte[] entropy = new byte[16 + 4 * random.nextInt(5)];
      random.nextBytes(entropy);
      Mnemonic m = Mnemonic.fromEntropy(entropy);
      assertThat(m.entropy()).isEqualTo(entropy);
      assertThat(Mnemonic.parse(m.phrase())).isEqualTo(m);
    }
  }

  @Test
  void acceptsCapitalsAndExtraWhitespace() throws Exception {
    String phrase = "legal winner thank year wave sausage worth useful legal winner thank yellow";
    Mnemonic m =
        Mnemonic.parse(
            "  LEGAL winner\tthank year  wave sausage\nworth useful legal winner thank Yellow ");
    assertThat(m.phrase()).isEqualTo(phrase);
  }

  @Test
  void unknownWordNamesItAndItsPosition() throws Exception {
    String phrase =
        "abandon abandon abandon abandon abandon abandon abandonx abandon abandon abandon abandon"
            + " about";
    assertThatThrownBy(() -> Mnemonic.parse(phrase))
        .isInstanceOf(MnemonicException.class)
        .hasMessageContaining("unknown word 'abandonx' at position 7");
  }

  @Test
  void wrongWordCountIsRejected() throws Exception {
    assertThatThrownBy(
            () -> Mnemonic.parse("abandon abandon abandon abandon abandon abandon about"))
        .isInstanceOf(MnemonicException.class)
        .hasMessage("mnemonic has 7 words; expected 12, 15, 18, 21 or 24");
    assertThatThrownBy(() -> Mnemonic.parse("   "))
        .isInstanceOf(MnemonicException.class)
        .hasMessage("mnemonic is empty");
  }

  @Test
  void badChecksumIsRejected() throws Exception {
    // Last word changed from "about" (checksum 0011) to "abandon".
    String phrase =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
            + " abandon";
    assertThatThrownBy(() -> Mnemonic.parse(phrase))
        .isInstanceOf(MnemonicException.class)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void everySingleWordSubstitutionOfAGeneratedPhraseIsCaughtOrChangesTheEntropy() throws Exception {
    Random random = new Random(7);
    byte[] entropy = new byte[32];
    random.nextBytes(entropy);
    Mnemonic m = Mnemonic.fromEntropy(entropy);
    int rejected = 0;
    for (int i = 0; i < 24; i++) {
      List<String> words = new ArrayList<>(m.words());
      words.set(i, Wordlist.english().word(random.nextInt(2048)));
      if (words.equals(m.words())) {
        continue;
      }
      try {
        assertThat(Mnemonic.parse(String.join(" ", words)).entropy()).isNotEqualTo(entropy);
      } catch (MnemonicException e) {
        assertThat(e).hasMessageContaining("checksum mismatch");
        rejected++;
      }
    }
    // With an 8-bit checksum nearly every substitution is caught.
    assertThat(rejected).isGreaterThan(18);
  }

  @Test
  void entropyLengthIsChecked() throws Exception {
    assertThatThrownBy(() -> Mnemonic.fromEntropy(new byte[15]))
        .isInstanceOf(MnemonicException.class)
        .hasMessage("entropy must be 16, 20, 24, 28 or 32 bytes, got 15");
  }

  @Test
  void toStringHidesTheWords() throws Exception {
    Mnemonic m = Mnemonic.fromEntropy(new byte[32]);
    assertThat(m.toString()).isEqualTo("Mnemonic[24 words]").doesNotContain("abandon");
  }

  @Test
  void randomInputOnlyEverFailsWithMnemonicException() throws Exception {
    Random r = new Random(39);
    List<String> words = Wordlist.english().words();
    int accepted = 0;
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(26);
      for (int w = 0; w < n; w++) {
        sb.append(
            r.nextInt(20) == 0
                ? Character.toString(r.nextInt(0x2FFFF))
                : words.get(r.nextInt(words.size())));
        sb.append(r.nextInt(10) == 0 ? "\t " : " ");
      }
      try {
        Mnemonic.parse(sb.toString());
        accepted++;
      } catch (MnemonicException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    // Random valid-length word sequences pass the checksum about 1 time in 16 to 256.
    assertThat(accepted).isLessThan(100);
  }

  @Test
  void randomPathsOnlyEverFailWithMnemonicException() {
    Random r = new Random(44);
    String alphabet = "m/'hH0123456789x -";
    for (int i = 0; i < 3000; i++) {
      StringBuilder sb = new StringBuilder(r.nextBoolean() ? "m" : "");
      int n = r.nextInt(20);
      for (int c = 0; c < n; c++) {
        sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      try {
        DerivationPath p = DerivationPath.parse(sb.toString());
        assertThat(DerivationPath.parse(p.toString())).isEqualTo(p);
      } catch (MnemonicException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
