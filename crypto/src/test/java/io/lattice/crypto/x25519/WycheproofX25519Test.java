package io.lattice.crypto.x25519;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.common.Hex;
import io.lattice.crypto.CryptoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every vector of Wycheproof's {@code x25519_test.json} (shared/vectors/wycheproof, found by
 * walking up from the working directory). "valid" and "acceptable" vectors alike must give the
 * published shared secret from the raw function; the key agreement must give it too, except for the
 * all-zero results of low-order public keys, which it rejects (RFC 7748 section 6.1).
 */
class WycheproofX25519Test {

  static Path vectorFile() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/vectors/wycheproof/x25519_test.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "shared/vectors/wycheproof/x25519_test.json not found above "
            + Path.of("").toAbsolutePath());
  }

  @Test
  void everyVector() throws IOException, CryptoException {
    JsonNode root = new ObjectMapper().readTree(vectorFile().toFile());
    assertThat(root.get("algorithm").asText()).isEqualTo("XDH");
    int declared = root.get("numberOfTests").asInt();
    int run = 0;
    int zeroRejected = 0;
    List<String> failures = new ArrayList<>();
    for (JsonNode group : root.get("testGroups")) {
      assertThat(group.get("curve").asText()).isEqualTo("curve25519");
      for (JsonNode t : group.get("tests")) {
        run++;
        int id = t.get("tcId").asInt();
        String result = t.get("result").asText();
        byte[] priv = Hex.decode(t.get("private").asText());
        byte[] pub = Hex.decode(t.get("public").asText());
        byte[] expected = Hex.decode(t.get("shared").asText());
        if (result.equals("invalid")) {
          // x25519_test.json has none today; an invalid vector must not produce its secret.
          try {
            if (Arrays.equals(X25519.sharedSecret(priv, pub), expected)) {
              failures.add("tcId " + id + ": invalid vector accepted");
            }
          } catch (CryptoException expectedRejection) {
            // rejected, as it should be
          }
          continue;
        }
        byte[] raw = X25519.scalarMult(priv, pub);
        if (!Arrays.equals(raw, expected)) {
          failures.add("tcId " + id + " (" + t.get("comment").asText() + "): wrong result");
          continue;
        }
        boolean zero = Arrays.equals(expected, new byte[32]);
        if (zero) {
          assertThatThrownBy(() -> X25519.sharedSecret(priv, pub))
              .as("tcId %d", id)
              .isInstanceOf(CryptoException.class)
              .hasMessageContaining("low-order point");
          zeroRejected++;
        } else {
          assertThat(X25519.sharedSecret(priv, pub)).as("tcId %d", id).isEqualTo(expected);
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(run).as("vectors run").isEqualTo(declared).isGreaterThan(500);
    // The ZeroSharedSecret vectors are all there and all rejected by the key agreement.
    assertThat(zeroRejected).isGreaterThan(20);
  }
}
