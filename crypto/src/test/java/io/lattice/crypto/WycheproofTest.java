package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/**
 * Every vector of the Wycheproof files in {@code ../shared/vectors/wycheproof}. Each test counts
 * the vectors it checked and asserts the count, so that a missing or empty file fails.
 */
class WycheproofTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode load(String file) throws IOException {
    return JSON.readTree(SharedVectors.wycheproof(file).toFile());
  }

  private static boolean expectedValid(JsonNode test) {
    String result = test.get("result").asText();
    assertThat(result).as("tcId %s result", test.get("tcId")).isIn("valid", "invalid");
    return result.equals("valid");
  }

  private static Optional<PublicKey> decode(KeyAlgorithm algorithm, String hex) {
    try {
      return Optional.of(PublicKey.decode(algorithm, Hex.decode(hex)));
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  @Test
  void ed25519() throws IOException {
    JsonNode root = load("ed25519_test.json");
    int checked = 0;
    for (JsonNode group : root.get("testGroups")) {
      Optional<PublicKey> key =
          decode(KeyAlgorithm.ED25519, group.get("publicKey").get("pk").asText());
      for (JsonNode test : group.get("tests")) {
        byte[] msg = Hex.decode(test.get("msg").asText());
        byte[] sig = Hex.decode(test.get("sig").asText());
        boolean actual = key.isPresent() && key.get().verify(msg, sig);
        assertThat(actual)
            .as("ed25519 tcId %s (%s)", test.get("tcId"), test.get("comment").asText())
            .isEqualTo(expectedValid(test));
        checked++;
      }
    }
    assertThat(checked).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(151);
  }

  @Test
  void mlDsa65() throws IOException, CryptoException {
    JsonNode root = load("mldsa_65_verify_test.json");
    int checked = 0;
    int withContext = 0;
    for (JsonNode group : root.get("testGroups")) {
      byte[] rawKey = Hex.decode(group.get("publicKey").asText());
      Optional<PublicKey> key = decode(KeyAlgorithm.ML_DSA_65, group.get("publicKey").asText());
      for (JsonNode test : group.get("tests")) {
        byte[] msg = Hex.decode(test.get("msg").asText());
        byte[] sig = Hex.decode(test.get("sig").asText());
        boolean expected = expectedValid(test);
        String what =
            "ml-dsa-65 tcId " + test.get("tcId") + " (" + test.get("comment").asText() + ")";
        byte[] ctx = test.has("ctx") ? Hex.decode(test.get("ctx").asText()) : new byte[0];
        if (ctx.length == 0) {
          // Lattice's own API: pure ML-DSA with the empty context.
          assertThat(key.isPresent() && key.get().verify(msg, sig)).as(what).isEqualTo(expected);
        } else {
          withContext++;
          assertThat(key).as(what + ": key must decode").isPresent();
          assertThat(MlDsaScheme.ML_DSA_65.verifyWithContext(rawKey, msg, sig, ctx))
              .as(what)
              .isEqualTo(expected);
          // Lattice signs with the empty context only, so a context-bound signature never
          // verifies through PublicKey.verify.
          assertThat(key.get().verify(msg, sig)).as(what + " without its context").isFalse();
        }
        checked++;
      }
    }
    assertThat(withContext).isPositive();
    assertThat(checked).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(210);
  }

  /**
   * Wycheproof signatures are DER. A DER signature whose r and s each fit in 32 bytes becomes
   * Lattice's 64-byte r‖s; malformed DER cannot be represented and counts as invalid. Where
   * Wycheproof calls a signature valid but its s is above n/2, Lattice rejects it (low-S rule) and
   * this test asserts exactly that, and that the same signature with s replaced by n − s verifies.
   */
  @Test
  void secp256k1WithLowSRule() throws IOException, CryptoException {
    JsonNode root = load("ecdsa_secp256k1_sha256_test.json");
    int checked = 0;
    int highSValidRejected = 0;
    int malformedDer = 0;
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("sha").asText()).isEqualTo("SHA-256");
      PublicKey key =
          PublicKey.decode(
              KeyAlgorithm.SECP256K1,
              Hex.decode(group.get("publicKey").get("uncompressed").asText()));
      for (JsonNode test : group.get("tests")) {
        byte[] msg = Hex.decode(test.get("msg").asText());
        boolean wycheproofValid = expectedValid(test);
        String what =
            "secp256k1 tcId " + test.get("tcId") + " (" + test.get("comment").asText() + ")";
        Optional<BigInteger[]> rs = StrictDer.parseSignature(Hex.decode(test.get("sig").asText()));
        checked++;
        if (rs.isEmpty()) {
          malformedDer++;
          assertThat(wycheproofValid).as(what + ": malformed DER must be invalid").isFalse();
          continue;
        }
        BigInteger r = rs.get()[0];
        BigInteger s = rs.get()[1];
        Optional<byte[]> raw = toRaw(r, s);
        if (raw.isEmpty()) {
          // r or s longer than 32 bytes: not representable as r‖s, hence rejected.
          assertThat(wycheproofValid).as(what + ": oversized r or s must be invalid").isFalse();
          continue;
        }
        boolean actual = key.verify(msg, raw.get());
        if (wycheproofValid && s.compareTo(Secp256k1Scheme.HALF_N) > 0) {
          highSValidRejected++;
          assertThat(actual)
              .as(what + ": Wycheproof accepts this high-S signature; Lattice rejects it")
              .isFalse();
          byte[] lowS = toRaw(r, Secp256k1Scheme.N.subtract(s)).orElseThrow();
          assertThat(key.verify(msg, lowS)).as(what + " normalised to low S").isTrue();
        } else {
          assertThat(actual).as(what).isEqualTo(wycheproofValid);
        }
      }
    }
    assertThat(checked).isEqualTo(root.get("numberOfTests").asInt()).isEqualTo(476);
    assertThat(highSValidRejected)
        .as("valid-per-Wycheproof but high-S signatures that Lattice rejects")
        .isPositive();
    assertThat(malformedDer).isPositive();
  }

  private static Optional<byte[]> toRaw(BigInteger r, BigInteger s) {
    if (r.bitLength() > 256 || s.bitLength() > 256) {
      return Optional.empty();
    }
    byte[] out = new byte[64];
    BigIntegers.asUnsignedByteArray(r, out, 0, 32);
    BigIntegers.asUnsignedByteArray(s, out, 32, 32);
    return Optional.of(out);
  }
}
