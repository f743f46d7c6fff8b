package io.lattice.crypto.x25519;

import java.util.HexFormat;

/** An X25519 private key and its public key (32 bytes each). {@link #toString()} hides the key. */
public final class X25519KeyPair {
  private final byte[] privateKey;
  private final byte[] publicKey;

  X25519KeyPair(byte[] privateKey, byte[] publicKey) {
    this.privateKey = privateKey.clone();
    this.publicKey = publicKey.clone();
  }

  public byte[] privateKey() {
    return privateKey.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "X25519KeyPair[public=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
