package io.lattice.crypto;

import io.lattice.common.Bech32;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 20-byte account address: the first 20 bytes of {@code SHA-256(utf8(algorithm id) || 0x00 || raw
 * public key)}. Its text form is BIP-173 bech32 (not bech32m) with human-readable part {@value
 * #HRP}. Ordered by unsigned lexicographic comparison of the bytes.
 */
public final class Address implements Comparable<Address> {
  public static final String HRP = "lat";
  public static final int LENGTH = 20;

  private final byte[] bytes;

  private Address(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Address of(PublicKey key) {
    return key.address();
  }

  static Address derive(KeyAlgorithm algorithm, byte[] rawPublicKey) {
    byte[] digest =
        Hashes.sha256(
            algorithm.id().getBytes(StandardCharsets.UTF_8), new byte[] {0}, rawPublicKey);
    return new Address(Arrays.copyOf(digest, LENGTH));
  }

  /** Wraps 20 raw address bytes (as stored in state). */
  public static Address fromBytes(byte[] bytes) throws CryptoException {
    if (bytes == null || bytes.length != LENGTH) {
      throw new CryptoException(
          "address must be "
              + LENGTH
              + " bytes, got "
              + (bytes == null ? "none" : String.valueOf(bytes.length)));
    }
    return new Address(bytes.clone());
  }

  /**
   * Parses the bech32 text form.
   *
   * @throws CryptoException for a wrong human-readable part, bad checksum or character, mixed case,
   *     or a payload that is not 20 bytes
   */
  public static Address parse(String text) throws CryptoException {
    if (text == null || text.isEmpty()) {
      throw new CryptoException("address is empty");
    }
    Bech32.Decoded decoded;
    try {
      decoded = Bech32.decode(text);
    } catch (IllegalArgumentException e) {
      throw new CryptoException("invalid address '" + text + "': " + e.getMessage(), e);
    }
    if (!decoded.hrp().equals(HRP)) {
      throw new CryptoException(
          "invalid address '"
              + text
              + "': human-readable part is '"
              + decoded.hrp()
              + "', expected '"
              + HRP
              + "'");
    }
    byte[] data = decoded.data();
    if (data.length != LENGTH) {
      throw new CryptoException(
          "invalid address '"
              + text
              + "': payload is "
              + data.length
              + " bytes, expected "
              + LENGTH);
    }
    return new Address(data);
  }

  /** A copy of the 20 address bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public int compareTo(Address o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The bech32 form, e.g. {@code lat1...}. */
  @Override
  public String toString() {
    return Bech32.encode(HRP, bytes);
  }
}
