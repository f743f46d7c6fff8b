package io.lattice.crypto.keyring;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Where and how a keyring keeps its private keys. */
public enum Backend {
  /** Each key encrypted with scrypt + AES-128-CTR + Keccak-256 MAC under its own passphrase. */
  FILE("file"),
  /**
   * Keys stored unencrypted (files readable by the owner only), no passphrase: for local and test
   * networks only, like Cosmos's {@code --keyring-backend test}.
   */
  TEST("test");

  private final String id;

  Backend(String id) {
    this.id = id;
  }

  /** The name used on the command line and in the directory name {@code keyring-<id>}. */
  public String id() {
    return id;
  }

  public String directoryName() {
    return "keyring-" + id;
  }

  public static Backend fromId(String id) throws KeyringException {
    for (Backend b : values()) {
      if (b.id.equals(id)) {
        return b;
      }
    }
    throw new KeyringException(
        "unknown keyring backend '"
            + id
            + "'; expected one of "
            + Arrays.stream(values()).map(Backend::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
