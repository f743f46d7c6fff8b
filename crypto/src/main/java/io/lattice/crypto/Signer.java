package io.lattice.crypto;

/**
 * Produces signatures under one key. Implementations are thread-safe; {@link #sign} never returns a
 * signature that its own {@link #publicKey()} would reject.
 */
public interface Signer {
  PublicKey publicKey();

  /** Signs {@code message} (the whole message; any hashing is part of the algorithm). */
  byte[] sign(byte[] message);
}
