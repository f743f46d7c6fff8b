package io.lattice.crypto.keyring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.Hashes;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The {@code crypto} object of the Web3 Secret Storage Definition, version 3.
 *
 * <p>Encryption: {@code DK = scrypt(passphrase, salt, n, r, p, dklen = 32)}; {@code ciphertext =
 * AES-128-CTR(key = DK[0..16), iv, secret)}; {@code mac = Keccak-256(DK[16..32) || ciphertext)}.
 * Decryption also accepts {@code kdf = "pbkdf2"} (PBKDF2-HMAC-SHA256), which the definition
 * requires readers to support. The passphrase is the UTF-8 encoding of its NFKC normalization
 * (identical to the raw UTF-8 for ASCII passphrases).
 *
 * <p>The {@code test} keyring backend writes the same object with {@code cipher} and {@code kdf}
 * {@code "none"}: the ciphertext is then the private key itself and the mac its Keccak-256, which
 * detects a damaged file but protects nothing.
 */
public final class KeystoreV3 {
  public static final String CIPHER = "aes-128-ctr";
  public static final String NONE = "none";
  static final int DKLEN = 32;
  private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
  private static final HexFormat HEX = HexFormat.of();

  private KeystoreV3() {}

  /** Encrypts {@code secret} under {@code passphrase} with scrypt and fresh random salt and iv. */
  public static ObjectNode encrypt(
      byte[] secret, char[] passphrase, ScryptParams params, SecureRandom random) {
    byte[] salt = new byte[32];
    byte[] iv = new byte[16];
    random.nextBytes(salt);
    random.nextBytes(iv);
    byte[] password = passwordBytes(passphrase);
    byte[] dk = Scrypt.derive(password, salt, params.n(), params.r(), params.p(), DKLEN);
    Arrays.fill(password, (byte) 0);
    try {
      byte[] ciphertext = aesCtr(dk, iv, secret);
      ObjectNode crypto = JsonNodeFactory.instance.objectNode();
      crypto.put("cipher", CIPHER);
      crypto.putObject("cipherparams").put("iv", HEX.formatHex(iv));
      crypto.put("ciphertext", HEX.formatHex(ciphertext));
      crypto.put("kdf", "scrypt");
      ObjectNode kdf = crypto.putObject("kdfparams");
      kdf.put("dklen", DKLEN);
      kdf.put("n", params.n());
      kdf.put("r", params.r());
      kdf.put("p", params.p());
      kdf.put("salt", HEX.formatHex(salt));
      crypto.put("mac", HEX.formatHex(mac(dk, ciphertext)));
      return crypto;
    } finally {
      Arrays.fill(dk, (byte) 0);
    }
  }

  /** The unencrypted form used by the {@code test} backend. */
  public static ObjectNode plaintext(byte[] secret) {
    ObjectNode crypto = JsonNodeFactory.instance.objectNode();
    crypto.put("cipher", NONE);
    crypto.put("ciphertext", HEX.formatHex(secret));
    crypto.put("kdf", NONE);
    crypto.put("mac", HEX.formatHex(Hashes.keccak256(secret)));
    return crypto;
  }

  /** Whether {@code crypto} is encrypted (as opposed to the {@code test} backend's plain form). */
  public static boolean isEncrypted(JsonNode crypto) throws KeyringException {
    String cipher = text(crypto, "cipher");
    return !cipher.equals(NONE);
  }

  /**
   * Decrypts a {@code crypto} object (scrypt or pbkdf2, aes-128-ctr; or the plain form, for which
   * the passphrase is ignored).
   *
   * @throws KeyringException {@code "wrong passphrase (MAC mismatch)"} when the MAC does not match,
   *     or naming the missing, malformed or unsupported field
   */
  public static byte[] decrypt(JsonNode crypto, char[] passphrase) throws KeyringException {
    if (crypto == null || !crypto.isObject()) {
      throw new KeyringException("'crypto' object is missing");
    }
    String cipher = text(crypto, "cipher");
    byte[] ciphertext = hex(crypto, "ciphertext");
    byte[] mac = hex(crypto, "mac");
    if (cipher.equals(NONE)) {
      if (!MessageDigest.isEqual(Hashes.keccak256(ciphertext), mac)) {
        throw new KeyringException("unencrypted key is damaged (MAC mismatch)");
      }
      return ciphertext;
    }
    if (!cipher.equals(CIPHER)) {
      throw new KeyringException("unsupported cipher '" + cipher + "'; expected " + CIPHER);
    }
    JsonNode cipherParams = object(crypto, "cipherparams");
    byte[] iv = hex(cipherParams, "iv");
    if (iv.length != 16) {
      throw new KeyringException("cipherparams.iv must be 16 bytes, got " + iv.length);
    }
    byte[] dk = deriveKey(crypto, passphrase);
    try {
      if (!MessageDigest.isEqual(mac(dk, ciphertext), mac)) {
        throw new KeyringException("wrong passphrase (MAC mismatch)");
      }
      return aesCtr(dk, iv, ciphertext);
    } finally {
      Arrays.fill(dk, (byte) 0);
    }
  }

  private static byte[] deriveKey(JsonNode crypto, char[] passphrase) throws KeyringException {
    String kdf = text(crypto, "kdf");
    JsonNode params = object(crypto, "kdfparams");
    int dklen = integer(params, "dklen");
    if (dklen < DKLEN || dklen > 64) {
      throw new KeyringException("kdfparams.dklen must be 32 to 64, got " + dklen);
    }
    byte[] salt = hex(params, "salt");
    byte[] password = passwordBytes(passphrase);
    try {
      switch (kdf) {
        case "scrypt" -> {
          ScryptParams cost;
          try {
            cost =
                new ScryptParams(integer(params, "n"), integer(params, "r"), integer(params, "p"));
          } catch (IllegalArgumentException e) {
            throw new KeyringException("invalid kdfparams: " + e.getMessage(), e);
          }
          return Scrypt.derive(password, salt, cost.n(), cost.r(), cost.p(), dklen);
        }
        case "pbkdf2" -> {
          String prf = text(params, "prf");
          if (!prf.equals("hmac-sha256")) {
            throw new KeyringException(
                "unsupported pbkdf2 prf '" + prf + "'; expected hmac-sha256");
          }
          int c = integer(params, "c");
          if (c < 1 || c > MAX_PBKDF2_ITERATIONS) {
            throw new KeyringException(
                "kdfparams.c must be 1 to " + MAX_PBKDF2_ITERATIONS + ", got " + c);
          }
          PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
          gen.init(password, salt, c);
          return ((KeyParameter) gen.generateDerivedParameters(dklen * 8)).getKey();
        }
        default ->
            throw new KeyringException("unsupported kdf '" + kdf + "'; expected scrypt or pbkdf2");
      }
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  static byte[] passwordBytes(char[] passphrase) {
    return Normalizer.normalize(CharBuffer.wrap(passphrase), Normalizer.Form.NFKC)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mac(byte[] dk, byte[] ciphertext) {
    byte[] body = new byte[16 + ciphertext.length];
    System.arraycopy(dk, 16, body, 0, 16);
    System.arraycopy(ciphertext, 0, body, 16, ciphertext.length);
    byte[] mac = Hashes.keccak256(body);
    Arrays.fill(body, (byte) 0);
    return mac;
  }

  private static byte[] aesCtr(byte[] dk, byte[] iv, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(dk, 0, 16, "AES"), new IvParameterSpec(iv));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-128-CTR unavailable", e);
    }
  }

  private static JsonNode object(JsonNode parent, String field) throws KeyringException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new KeyringException("field '" + field + "' is missing or not an object");
    }
    return node;
  }

  private static String text(JsonNode parent, String field) throws KeyringException {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw new KeyringException("field '" + field + "' is missing or not a string");
    }
    return node.asText();
  }

  private static int integer(JsonNode parent, String field) throws KeyringException {
    JsonNode node = parent.get(field);
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
      throw new KeyringException("field '" + field + "' is missing or not a 32-bit integer");
    }
    return node.asInt();
  }

  private static byte[] hex(JsonNode parent, String field) throws KeyringException {
    String s = text(parent, field);
    try {
      return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
    } catch (IllegalArgumentException e) {
      throw new KeyringException("field '" + field + "' is not valid hex", e);
    }
  }
}
