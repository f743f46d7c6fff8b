package io.lattice.crypto.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScryptTest {

  /** RFC 7914 section 12 test vectors. */
  @ParameterizedTest
  @CsvSource({
    "'', '', 16, 1, 1,"
        + " 77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906",
    "password, NaCl, 1024, 8, 16,"
        + " fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
    "pleaseletmein, SodiumChloride, 16384, 8, 1,"
        + " 7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"
  })
  void rfc7914(String password, String salt, int n, int r, int p, String expected) {
    byte[] dk =
        Scrypt.derive(
            password.getBytes(StandardCharsets.US_ASCII),
            salt.getBytes(StandardCharsets.US_ASCII),
            n,
            r,
            p,
            64);
    assertThat(Hex.encode(dk)).isEqualTo(expected);
  }

  @Test
  void agreesWithBouncyCastleWhereItApplies() {
    Random random = new Random(1914);
    for (int i = 0; i < 20; i++) {
      byte[] password = new byte[random.nextInt(20)];
      byte[] salt = new byte[random.nextInt(40)];
      random.nextBytes(password);
      random.nextBytes(salt);
      int n = 1 << (1 + random.nextInt(9));
      int r = 1 + random.nextInt(4);
      int p = 1 + random.nextInt(3);
      int len = 1 + random.nextInt(80);
      assertThat(Scrypt.derive(password, salt, n, r, p, len))
          .as("n=%d r=%d p=%d", n, r, p)
          .isEqualTo(SCrypt.generate(password, salt, n, r, p, len));
    }
  }

  @Test
  void publishedWeb3IntermediateOutsideTheRfcRange() {
    // Web3 Secret Storage scrypt vector: n = 2^18 with r = 1, which RFC 7914 implementations
    // refuse.
    byte[] dk =
        Scrypt.derive(
            "testpassword".getBytes(StandardCharsets.US_ASCII),
            Hex.decode("ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"),
            262144,
            1,
            8,
            32);
    assertThat(Hex.encode(dk))
        .isEqualTo("fac192ceb5fd772906bea3e118a69e8bbb5cc24229e20d8766fd298291bba6bd");
  }
}
