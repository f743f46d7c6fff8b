package io.lattice.sdk;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.crypto.mnemonic.Mnemonic;
import io.lattice.crypto.mnemonic.Slip10;
import io.lattice.sdk.e2e.IdentityKeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * An account key: the signer of transactions, its {@code lat1…} address, and the X25519 identity
 * key derived from it for direct messages (docs/spec/messaging-e2e.md §2).
 *
 * <p>A wallet created here or restored from a mnemonic uses the same derivation as {@code lattice
 * keys add} (BIP-39 seed, SLIP-10 ed25519 at {@code m/44'/9000'/0'/0'/0'}), so the same words give
 * the same address and identity in the CLI, this SDK and the browser. {@link #toString()} shows the
 * address only.
 */
public final class Wallet {
  private final PrivateKeySigner signer;
  private final String address;
  private final IdentityKeyPair identity;
  private final Optional<String> mnemonic;

  private Wallet(PrivateKeySigner signer, Optional<String> mnemonic) {
    this.signer = signer;
    this.address = signer.publicKey().address().toString();
    this.identity = IdentityKeyPair.derive(signer);
    this.mnemonic = mnemonic;
  }

  /** A new ed25519 wallet from a fresh 24-word mnemonic (which {@link #mnemonic()} returns). */
  public static Wallet create() {
    Mnemonic words = Mnemonic.generate(new SecureRandom());
    try {
      return fromMnemonic(words.phrase());
    } catch (CryptoException e) {
      throw new IllegalStateException("a freshly generated mnemonic did not parse", e);
    }
  }

  /**
   * Restores the ed25519 wallet of a BIP-39 mnemonic (empty passphrase).
   *
   * @throws CryptoException naming the unknown word, the word count or the failed checksum
   */
  public static Wallet fromMnemonic(String phrase) throws CryptoException {
    return fromMnemonic(phrase, DerivationPath.LATTICE_DEFAULT);
  }

  /**
   * Restores the ed25519 wallet at {@code path} below a BIP-39 mnemonic (e.g. {@code
   * DerivationPath.account(0, 1)} for the second key of the first account).
   */
  public static Wallet fromMnemonic(String phrase, DerivationPath path) throws CryptoException {
    Mnemonic words = Mnemonic.parse(phrase);
    byte[] seed = words.toSeed("");
    byte[] key = null;
    try {
      key = Slip10.ed25519PrivateKey(seed, path);
      return new Wallet(
          KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, key), Optional.of(words.phrase()));
    } finally {
      Arrays.fill(seed, (byte) 0);
      if (key != null) {
        Arrays.fill(key, (byte) 0);
      }
    }
  }

  /** A wallet of an existing key (of any algorithm), e.g. from a {@code Keyring}. */
  public static Wallet fromSigner(PrivateKeySigner signer) {
    return new Wallet(signer, Optional.empty());
  }

  public PrivateKeySigner signer() {
    return signer;
  }

  /** The bech32 account address, {@code lat1…}. */
  public String address() {
    return address;
  }

  /** The X25519 identity key others seal direct messages to. */
  public IdentityKeyPair identity() {
    return identity;
  }

  /** The mnemonic, when the wallet was created or restored from one. */
  public Optional<String> mnemonic() {
    return mnemonic;
  }

  @Override
  public String toString() {
    return "Wallet[" + address + "]";
  }
}
