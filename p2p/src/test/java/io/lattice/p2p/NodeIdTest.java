package io.lattice.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Hex;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import org.junit.jupiter.api.Test;

class NodeIdTest {
  @Test
  void idIsHexOfFirstTwentyBytesOfSha256OfTheKey() throws Exception {
    // RFC 8032 §7.1 test 1 public key; expected value from Python's hashlib.sha256(pk)[:20]
    PublicKey key =
        PublicKey.decode(
            KeyAlgorithm.ED25519,
            Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    assertThat(NodeId.of(key).hex()).isEqualTo("21fe31dfa154a261626bf854046fd2271b7bed4b");
  }

  @Test
  void malformedIdsAreRefusedWithTheCause() {
    assertThatThrownBy(() -> NodeId.parse("abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("40 lower-case hex");
    assertThatThrownBy(() -> NodeId.parse("A".repeat(40)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyEd25519KeysNameNodes() throws Exception {
    PublicKey secp =
        io.lattice.crypto.KeyPairs.generate(
                KeyAlgorithm.SECP256K1, new java.security.SecureRandom())
            .publicKey();
    assertThatThrownBy(() -> NodeId.of(secp)).hasMessageContaining("ed25519");
  }
}
