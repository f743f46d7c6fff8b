package io.lattice.sdk.e2e;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A sealed direct message as the chain stores it ({@code lattice.messaging.v1.EncryptedPayload}):
 * the sender's ephemeral X25519 public key (32 bytes), the ChaCha20-Poly1305 nonce (12 bytes) and
 * the ciphertext followed by its 16-byte tag. Holds copies; equal when all bytes are equal.
 */
public final class SealedMessage {
  private final byte[] ephemeralKey;
  private final byte[] nonce;
  private final byte[] ciphertext;

  public SealedMessage(byte[] ephemeralKey, byte[] nonce, byte[] ciphertext) {
    this.ephemeralKey = ephemeralKey.clone();
    this.nonce = nonce.clone();
    this.ciphertext = ciphertext.clone();
  }

  public byte[] ephemeralKey() {
    return ephemeralKey.clone();
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedMessage m
        && Arrays.equals(ephemeralKey, m.ephemeralKey)
        && Arrays.equals(nonce, m.nonce)
        && Arrays.equals(ciphertext, m.ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(ephemeralKey) + Arrays.hashCode(nonce))
        + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "SealedMessage[ephemeralKey="
        + hex.formatHex(ephemeralKey)
        + ", nonce="
        + hex.formatHex(nonce)
        + ", ciphertext="
        + ciphertext.length
        + " bytes]";
  }
}
