package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Bech32;
import io.lattice.common.Hex;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AddressTest {
  /**
   * Golden vectors computed once outside Java (Python hashlib + an independent bech32 encoder):
   * SHA-256(id || 0x00 || key)[0..20] in bech32 with HRP "lat".
   */
  @Test
  void goldenAddresses() throws CryptoException {
    PublicKey ed =
        PublicKey.decode(
            KeyAlgorithm.ED25519,
            Hex.decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    assertThat(Hex.encode(ed.address().bytes()))
        .isEqualTo("40302329e41f3cc765c446cc3902ec77056e35ec");
    assertThat(ed.address()).hasToString("lat1gqczx20yru7vwewygmxrjqhvwuzkud0vkkn60k");

    PublicKey k1 =
        PublicKey.decode(
            KeyAlgorithm.SECP256K1,
            Hex.decode("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));
    assertThat(Address.of(k1)).hasToString("lat1hy44f72schc2yea2gppw7smkwsdsjd6m0u33zs");
  }

  @Test
  void sameKeyBytesUnderAnotherAlgorithmGiveAnotherAddress() throws CryptoException {
    PrivateKeySigner ed = KeyPairs.generate(KeyAlgorithm.ED25519, TestData.seededRandom(5));
    PublicKey asSlh = PublicKey.decode(KeyAlgorithm.SLH_DSA_SHA2_128F, new byte[32]);
    PublicKey sameBytesAsSlh =
        PublicKey.decode(KeyAlgorithm.SLH_DSA_SHA2_128F, ed.publicKey().encoded());
    assertThat(sameBytesAsSlh.address()).isNotEqualTo(ed.publicKey().address());
    assertThat(asSlh.address()).isNotEqualTo(sameBytesAsSlh.address());
  }

  @Test
  void parseRoundTripsAndAcceptsUpperCase() throws CryptoException {
    Address a =
        KeyPairs.generate(KeyAlgorithm.ED25519, TestData.seededRandom(6)).publicKey().address();
    assertThat(Address.parse(a.toString())).isEqualTo(a);
    assertThat(Address.parse(a.toString().toUpperCase(Locale.ROOT))).isEqualTo(a);
    assertThat(Address.fromBytes(a.bytes())).isEqualTo(a).hasSameHashCodeAs(a);
  }

  @Test
  void parseRejectionsNameTheirCause() {
    String good = "lat1gqczx20yru7vwewygmxrjqhvwuzkud0vkkn60k";
    assertThatThrownBy(() -> Address.parse(Bech32.encode("cosmos", new byte[20])))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("human-readable part is 'cosmos', expected 'lat'");
    String badChecksum = good.substring(0, good.length() - 1) + "q";
    assertThatThrownBy(() -> Address.parse(badChecksum)).hasMessageContaining("checksum");
    String mixed = "LAT1" + good.substring(4);
    assertThatThrownBy(() -> Address.parse(mixed)).hasMessageContaining("mixed case");
    assertThatThrownBy(() -> Address.parse(Bech32.encode("lat", new byte[21])))
        .hasMessageContaining("payload is 21 bytes, expected 20");
    assertThatThrownBy(() -> Address.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Address.fromBytes(new byte[19])).hasMessageContaining("got 19");
  }

  @Test
  void orderingIsUnsignedLexicographic() throws CryptoException {
    byte[] low = new byte[20];
    byte[] high = new byte[20];
    high[0] = (byte) 0x80;
    assertThat(Address.fromBytes(low)).isLessThan(Address.fromBytes(high));
  }
}
