package io.lattice.crypto.keyring;

/**
 * Supplies passphrases to the {@link Backend#FILE file} backend: a terminal prompt in the CLI, a
 * fixed value in tests and scripts. The keyring zeroes the returned array after use, so return a
 * fresh array each time.
 */
@FunctionalInterface
public interface PassphraseSource {

  /** Why a passphrase is asked for. */
  enum Purpose {
    /** A new key is being stored: a prompt should ask twice. */
    NEW_KEY,
    /** An existing key is being decrypted. */
    UNLOCK
  }

  /**
   * The passphrase for key {@code keyName}.
   *
   * @throws KeyringException when none can be obtained (no terminal, cancelled)
   */
  char[] passphrase(String keyName, Purpose purpose) throws KeyringException;

  /** Always the same passphrase. */
  static PassphraseSource fixed(String passphrase) {
    return (name, purpose) -> passphrase.toCharArray();
  }

  /** For the {@link Backend#TEST test} backend, which never asks. */
  static PassphraseSource none() {
    return (name, purpose) -> {
      throw new KeyringException("no passphrase source configured; key '" + name + "' needs one");
    };
  }
}
