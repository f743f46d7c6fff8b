package io.lattice.sdk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 7748 sections 5.2 and 6.1, low-order points, and BouncyCastle as a second implementation. */
class X25519Test {
  private static final HexFormat HEX = HexFormat.of();

  private static String mul(String k, String u) throws E2eException {
    return HEX.formatHex(X25519.multiply(HEX.parseHex(k), HEX.parseHex(u)));
  }

  @Test
  void rfc7748Section52Vectors() throws E2eException {
    assertThat(
            mul(
                "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"))
        .isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
    // The u-coordinate of this vector has its top bit set: it must be masked, not rejected.
    assertThat(
            mul(
                "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"))
        .isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  }

  @Test
  void rfc7748IteratedOnceAndAThousandTimes() throws E2eException {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int i = 1; i <= 1000; i++) {
      byte[] r = X25519.multiply(k, u);
      u = k;
      k = r;
      if (i == 1) {
        assertThat(HEX.formatHex(k))
            .isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
      }
    }
    assertThat(HEX.formatHex(k))
        .isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  }

  @Test
  void rfc7748Section61DiffieHellman() throws E2eException {
    byte[] alice = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    byte[] bob = HEX.parseHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    byte[] alicePub = X25519.publicKey(alice);
    byte[] bobPub = X25519.publicKey(bob);
    assertThat(HEX.formatHex(alicePub))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(HEX.formatHex(bobPub))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(HEX.formatHex(X25519.sharedSecret(alice, bobPub))).isEqualTo(shared);
    assertThat(HEX.formatHex(X25519.sharedSecret(bob, alicePub))).isEqualTo(shared);
  }

  @Test
  void lowOrderPointsAreRefusedForKeyAgreement() {
    byte[] k = HEX.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    String[] lowOrder = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    for (String u : lowOrder) {
      assertThatThrownBy(() -> X25519.sharedSecret(k, HEX.parseHex(u)))
          .as(u)
          .isInstanceOf(E2eException.class)
          .hasMessageContaining("low order");
    }
  }

  @Test
  void refusesKeysOfTheWrongSize() {
    assertThatThrownBy(() -> X25519.sharedSecret(new byte[31], new byte[32]))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("scalar must be 32 bytes, got 31");
    assertThatThrownBy(() -> X25519.sharedSecret(new byte[32], null))
        .isInstanceOf(E2eException.class)
        .hasMessageContaining("u-coordinate must be 32 bytes, got none");
  }

  @Test
  void agreesWithBouncyCastleOnRandomInputs() throws Exception {
    Random random = new Random(7748);
    for (int i = 0; i < 200; i++) {
      byte[] k = new byte[32];
      byte[] u = new byte[32];
      random.nextBytes(k);
      random.nextBytes(u);
      if (i % 10 == 0) {
        // Non-canonical encodings: u in [p, 2^255) and with the top bit set.
        java.util.Arrays.fill(u, (byte) 0xff);
        u[0] = (byte) (0xed + i % 18);
      }
      assertThat(X25519.multiply(k, u))
          .as("k=%s u=%s", HEX.formatHex(k), HEX.formatHex(u))
          .isEqualTo(io.lattice.crypto.x25519.X25519.scalarMult(k, u));
    }
    var pair = io.lattice.crypto.x25519.X25519.generate(new SecureRandom());
    assertThat(X25519.publicKey(pair.privateKey())).isEqualTo(pair.publicKey());
  }
}
