package io.lattice.p2p;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import java.util.Arrays;

/** Deterministic ed25519 node keys for tests. */
public final class TestKeys {
  private TestKeys() {}

  public static PrivateKeySigner key(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x40 + i));
    try {
      return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, seed);
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  public static NodeId id(int i) {
    return NodeId.of(key(i).publicKey());
  }
}
