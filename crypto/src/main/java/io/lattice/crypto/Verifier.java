package io.lattice.crypto;

/**
 * The verification port: checks a signature against a public key. {@link #STANDARD} verifies with
 * the key's own algorithm; a caller may wrap it (to meter or count checks, for instance).
 * Implementations are thread-safe and never throw on malformed signatures: they return false.
 */
@FunctionalInterface
public interface Verifier {
  Verifier STANDARD = PublicKey::verify;

  boolean verify(PublicKey key, byte[] message, byte[] signature);
}
