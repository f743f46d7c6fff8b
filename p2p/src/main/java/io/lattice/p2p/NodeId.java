package io.lattice.p2p;

import io.lattice.common.Hex;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A node's identity on the network: lower-case hex of the first 20 bytes of SHA-256 over the raw
 * 32-byte ed25519 public key (the CometBFT rule), 40 characters.
 */
public record NodeId(String hex) implements Comparable<NodeId> {
  private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{40}");

  public NodeId {
    if (hex == null || !FORMAT.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "node id must be 40 lower-case hex characters, got \"" + hex + "\"");
    }
  }

  /** The id of an ed25519 key. */
  public static NodeId of(PublicKey key) {
    if (key.algorithm() != KeyAlgorithm.ED25519) {
      throw new IllegalArgumentException(
          "node keys are ed25519, got " + key.algorithm().id() + " key");
    }
    return new NodeId(Hex.encode(Arrays.copyOf(Hashes.sha256(key.encoded()), 20)));
  }

  /** Parses a node id, naming the cause when it is malformed. */
  public static NodeId parse(String hex) {
    return new NodeId(hex);
  }

  @Override
  public int compareTo(NodeId other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
