package io.lattice.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HashesTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void sha256KnownAnswers() {
    // FIPS 180-4 examples
    assertThat(Hex.encode(Hashes.sha256(utf8(""))))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hex.encode(Hashes.sha256(utf8("abc"))))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hashes.sha256(utf8("a"), utf8("b"), utf8("c")))
        .isEqualTo(Hashes.sha256(utf8("abc")));
  }

  @Test
  void keccak256IsEthereumKeccakNotSha3() {
    assertThat(Hex.encode(Hashes.keccak256(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    // Ethereum's Transfer event topic
    assertThat(Hex.encode(Hashes.keccak256(utf8("Transfer(address,address,uint256)"))))
        .isEqualTo("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
  }
}
