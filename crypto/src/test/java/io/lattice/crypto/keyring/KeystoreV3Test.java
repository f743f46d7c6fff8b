package io.lattice.crypto.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.crypto.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

/** The published Web3 Secret Storage v3 vectors, and the layout of what we write. */
class KeystoreV3Test {
  static final String PUBLISHED_SECRET =
      "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
  static final char[] PUBLISHED_PASSWORD = "testpassword".toCharArray();

  static JsonNode vector(String file) throws IOException {
    try (InputStream in = KeystoreV3Test.class.getResourceAsStream("/keystore/" + file)) {
      return new ObjectMapper().readTree(in);
    }
  }

  @Test
  void publishedPbkdf2Vector() throws Exception {
    JsonNode v = vector("web3-v3-pbkdf2.json");
    assertThat(v.get("crypto").get("kdf").asText()).isEqualTo("pbkdf2");
    assertThat(Hex.encode(KeystoreV3.decrypt(v.get("crypto"), PUBLISHED_PASSWORD)))
        .isEqualTo(PUBLISHED_SECRET);
  }

  @Test
  void publishedScryptVector() throws Exception {
    JsonNode v = vector("web3-v3-scrypt.json");
    assertThat(v.get("crypto").get("kdf").asText()).isEqualTo("scrypt");
    assertThat(Hex.encode(KeystoreV3.decrypt(v.get("crypto"), PUBLISHED_PASSWORD)))
        .isEqualTo(PUBLISHED_SECRET);
  }

  @Test
  void wrongPassphraseIsAMacMismatch() throws Exception {
    JsonNode v = vector("web3-v3-pbkdf2.json");
    assertThatThrownBy(() -> KeystoreV3.decrypt(v.get("crypto"), "testpassword!".toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessage("wrong passphrase (MAC mismatch)");
  }

  @Test
  void writtenLayoutFollowsTheDefinition() throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    char[] pass = "correct horse".toCharArray();
    ObjectNode crypto =
        KeystoreV3.encrypt(secret, pass, ScryptParams.FOR_TESTS, new SecureRandom());
    assertThat(crypto.get("cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(crypto.get("kdf").asText()).isEqualTo("scrypt");
    JsonNode kdf = crypto.get("kdfparams");
    assertThat(kdf.get("n").asInt()).isEqualTo(4096);
    assertThat(kdf.get("r").asInt()).isEqualTo(8);
    assertThat(kdf.get("p").asInt()).isEqualTo(1);
    assertThat(kdf.get("dklen").asInt()).isEqualTo(32);

    // Recompute the MAC independently: keccak256(DK[16..32] || ciphertext).
    byte[] dk =
        SCrypt.generate(
            "correct horse".getBytes(StandardCharsets.UTF_8),
            Hex.decode(kdf.get("salt").asText()),
            4096,
            8,
            1,
            32);
    byte[] ciphertext = Hex.decode(crypto.get("ciphertext").asText());
    byte[] body = new byte[16 + ciphertext.length];
    System.arraycopy(dk, 16, body, 0, 16);
    System.arraycopy(ciphertext, 0, body, 16, ciphertext.length);
    assertThat(crypto.get("mac").asText()).isEqualTo(Hex.encode(Hashes.keccak256(body)));
    assertThat(ciphertext).isNotEqualTo(secret);

    assertThat(KeystoreV3.decrypt(crypto, pass)).isEqualTo(secret);
  }

  @Test
  void tamperedCiphertextIsRejected() throws Exception {
    ObjectNode crypto =
        KeystoreV3.encrypt(
            new byte[32], "pw".toCharArray(), ScryptParams.FOR_TESTS, new SecureRandom());
    byte[] ct = Hex.decode(crypto.get("ciphertext").asText());
    ct[5] ^= 1;
    crypto.put("ciphertext", Hex.encode(ct));
    assertThatThrownBy(() -> KeystoreV3.decrypt(crypto, "pw".toCharArray()))
        .hasMessage("wrong passphrase (MAC mismatch)");
  }

  @Test
  void plaintextFormDetectsDamage() throws Exception {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    ObjectNode crypto = KeystoreV3.plaintext(secret);
    assertThat(KeystoreV3.isEncrypted(crypto)).isFalse();
    assertThat(KeystoreV3.decrypt(crypto, new char[0])).isEqualTo(secret);
    crypto.put("ciphertext", Hex.encode(new byte[32]));
    assertThatThrownBy(() -> KeystoreV3.decrypt(crypto, new char[0]))
        .hasMessage("unencrypted key is damaged (MAC mismatch)");
  }

  @Test
  void unsupportedOrHostileParametersAreNamed() throws Exception {
    ObjectNode crypto =
        KeystoreV3.encrypt(
            new byte[32], "pw".toCharArray(), ScryptParams.FOR_TESTS, new SecureRandom());
    ObjectNode cipher = crypto.deepCopy();
    cipher.put("cipher", "aes-128-cbc");
    assertThatThrownBy(() -> KeystoreV3.decrypt(cipher, "pw".toCharArray()))
        .hasMessage("unsupported cipher 'aes-128-cbc'; expected aes-128-ctr");
    ObjectNode kdf = crypto.deepCopy();
    kdf.put("kdf", "argon2");
    assertThatThrownBy(() -> KeystoreV3.decrypt(kdf, "pw".toCharArray()))
        .hasMessage("unsupported kdf 'argon2'; expected scrypt or pbkdf2");
    ObjectNode huge = crypto.deepCopy();
    ((ObjectNode) huge.get("kdfparams")).put("n", 1 << 24);
    assertThatThrownBy(() -> KeystoreV3.decrypt(huge, "pw".toCharArray()))
        .hasMessageContaining("exceed the 1 GiB memory limit");
    ObjectNode notPow2 = crypto.deepCopy();
    ((ObjectNode) notPow2.get("kdfparams")).put("n", 1000);
    assertThatThrownBy(() -> KeystoreV3.decrypt(notPow2, "pw".toCharArray()))
        .hasMessageContaining("power of two");
    ObjectNode noSalt = crypto.deepCopy();
    ((ObjectNode) noSalt.get("kdfparams")).remove("salt");
    assertThatThrownBy(() -> KeystoreV3.decrypt(noSalt, "pw".toCharArray()))
        .hasMessage("field 'salt' is missing or not a string");
    ObjectNode badHex = crypto.deepCopy();
    badHex.put("mac", "zz");
    assertThatThrownBy(() -> KeystoreV3.decrypt(badHex, "pw".toCharArray()))
        .hasMessage("field 'mac' is not valid hex");
  }
}
