package io.lattice.crypto.keyring;

import com.fasterxml.jackson.databind.JsonNode;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.crypto.mnemonic.Mnemonic;
import io.lattice.crypto.mnemonic.Slip10;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named signing keys stored in {@code <home>/keyring-<backend>/<name>.json}.
 *
 * <p>ed25519 keys are made from a fresh 24-word BIP-39 mnemonic and SLIP-10 derivation along {@link
 * DerivationPath#LATTICE_DEFAULT} (no BIP-39 passphrase), so {@link #recover} restores the same
 * key, and hence the same address, from the same words. Keys of other algorithms are drawn from
 * {@link SecureRandom} and have no mnemonic; they are backed up with {@link #exportArmored}.
 *
 * <p>Every change is written crash-safely (temporary file, fsync, atomic link or rename); a refused
 * operation changes nothing. Instances are thread-safe; two processes adding the same name at once
 * cannot both succeed.
 */
public final class Keyring {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final Backend backend;
  private final PassphraseSource passphrases;
  private final ScryptParams scrypt;
  private final SecureRandom random = new SecureRandom();

  private Keyring(Path dir, Backend backend, PassphraseSource passphrases, ScryptParams scrypt) {
    this.dir = dir;
    this.backend = backend;
    this.passphrases = passphrases;
    this.scrypt = scrypt;
  }

  /**
   * Opens the keyring of {@code home} with the default scrypt cost ({@link ScryptParams#DEFAULT}).
   */
  public static Keyring open(Path home, Backend backend, PassphraseSource passphrases)
      throws KeyringException {
    return open(home, backend, passphrases, ScryptParams.DEFAULT);
  }

  /**
   * Opens (creating if needed, owner-only) the directory {@code home/keyring-<backend>}.
   *
   * @param scrypt the cost of newly encrypted keys; existing files keep the cost they were written
   *     with
   */
  public static Keyring open(
      Path home, Backend backend, PassphraseSource passphrases, ScryptParams scrypt)
      throws KeyringException {
    Path dir = home.resolve(backend.directoryName());
    try {
      AtomicFiles.createPrivateDirectory(dir);
    } catch (IOException e) {
      throw new KeyringException("cannot create keyring directory " + dir + ": " + e, e);
    }
    return new Keyring(dir, backend, passphrases, scrypt);
  }

  public Path directory() {
    return dir;
  }

  public Backend backend() {
    return backend;
  }

  /**
   * Creates a key. For ed25519 the result carries the 24-word mnemonic that restores it.
   *
   * @throws KeyringException for an invalid or taken name
   */
  public synchronized NewKey add(String name, KeyAlgorithm algorithm) throws KeyringException {
    checkName(name);
    checkAbsent(name);
    if (algorithm == KeyAlgorithm.ED25519) {
      Mnemonic mnemonic = Mnemonic.generate(random);
      KeyInfo info = storeDerived(name, mnemonic, DerivationPath.LATTICE_DEFAULT);
      return new NewKey(info, Optional.of(mnemonic));
    }
    PrivateKeySigner signer = KeyPairs.generate(algorithm, random);
    return new NewKey(store(name, signer, Optional.empty()), Optional.empty());
  }

  /** Restores an ed25519 key from its mnemonic along {@link DerivationPath#LATTICE_DEFAULT}. */
  public KeyInfo recover(String name, String mnemonic) throws KeyringException {
    return recover(name, mnemonic, DerivationPath.LATTICE_DEFAULT);
  }

  /**
   * Restores an ed25519 key from its mnemonic along {@code path}.
   *
   * @throws KeyringException for an invalid or taken name, or an invalid mnemonic (naming the
   *     unknown word and its position, the word count, or the checksum)
   */
  public synchronized KeyInfo recover(String name, String mnemonic, DerivationPath path)
      throws KeyringException {
    checkName(name);
    checkAbsent(name);
    Mnemonic words;
    try {
      words = Mnemonic.parse(mnemonic);
    } catch (CryptoException e) {
      throw new KeyringException("cannot recover key '" + name + "': " + e.getMessage(), e);
    }
    return storeDerived(name, words, path);
  }

  /** Every key, sorted by name. */
  public synchronized List<KeyInfo> list() throws KeyringException {
    List<KeyInfo> keys = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - SUFFIX.length());
        if (NAME.matcher(name).matches()) {
          keys.add(read(name).info());
        }
      }
    } catch (IOException e) {
      throw new KeyringException("cannot list keyring directory " + dir + ": " + e, e);
    }
    keys.sort(Comparator.comparing(KeyInfo::name));
    return keys;
  }

  /** The key named {@code name}, or empty. */
  public synchronized Optional<KeyInfo> find(String name) throws KeyringException {
    checkName(name);
    if (!Files.exists(file(name))) {
      return Optional.empty();
    }
    return Optional.of(read(name).info());
  }

  /**
   * The key named {@code name}.
   *
   * @throws KeyringException when there is none
   */
  public KeyInfo show(String name) throws KeyringException {
    return find(name).orElseThrow(() -> missing(name));
  }

  /**
   * A signer for the key, decrypting it (the {@code file} backend asks the passphrase source).
   *
   * @throws KeyringException for a missing key, a wrong passphrase ({@code "wrong passphrase (MAC
   *     mismatch)"}) or a key file whose private key does not match its public key
   */
  public synchronized PrivateKeySigner signer(String name) throws KeyringException {
    checkName(name);
    KeyFile file = read(name);
    byte[] secret = decryptStored(file);
    try {
      return restore(file.info(), secret, "key '" + name + "'");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The key as a Web3 Secret Storage v3 JSON document (with the Lattice fields) encrypted under
   * {@code exportPassphrase} with this keyring's scrypt cost.
   */
  public synchronized String exportArmored(String name, char[] exportPassphrase)
      throws KeyringException {
    checkName(name);
    KeyFile file = read(name);
    byte[] secret = decryptStored(file);
    try {
      JsonNode crypto = KeystoreV3.encrypt(secret, exportPassphrase, scrypt, random);
      return new String(new KeyFile(file.info(), crypto).toJson(), StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Imports an exported key under a (possibly different) name. A plain Web3 Secret Storage file
   * without the Lattice {@code algorithm} field is taken as a secp256k1 key, as Ethereum's are.
   *
   * @throws KeyringException for an invalid or taken name, data that is not an encrypted v3
   *     document, a wrong passphrase, or a private key that does not match the stated public key
   */
  public synchronized KeyInfo importArmored(String name, String armored, char[] passphrase)
      throws KeyringException {
    checkName(name);
    checkAbsent(name);
    String what = "armored key";
    JsonNode root = KeyFile.readTree(armored.getBytes(StandardCharsets.UTF_8), what);
    JsonNode crypto = root.get("crypto");
    if (crypto == null || !crypto.isObject()) {
      throw new KeyringException(what + ": field 'crypto' is missing");
    }
    if (!KeystoreV3.isEncrypted(crypto)) {
      throw new KeyringException(what + " is not encrypted; refusing to import it");
    }
    byte[] secret;
    try {
      secret = KeystoreV3.decrypt(crypto, passphrase);
    } catch (KeyringException e) {
      throw new KeyringException(what + ": " + e.getMessage(), e);
    }
    try {
      PrivateKeySigner signer;
      Optional<DerivationPath> path = Optional.empty();
      if (root.has("algorithm")) {
        KeyFile parsed = KeyFile.parse(root, what);
        signer = restore(parsed.info(), secret, what);
        path = parsed.info().derivationPath();
      } else {
        signer = fromPrivateKey(KeyAlgorithm.SECP256K1, secret, what);
      }
      return store(name, signer, path);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * Removes a key for good.
   *
   * @throws KeyringException when there is no such key
   */
  public synchronized void delete(String name) throws KeyringException {
    checkName(name);
    try {
      AtomicFiles.delete(file(name));
    } catch (NoSuchFileException e) {
      throw missing(name);
    } catch (IOException e) {
      throw new KeyringException("cannot delete key '" + name + "': " + e, e);
    }
  }

  private KeyInfo storeDerived(String name, Mnemonic mnemonic, DerivationPath path)
      throws KeyringException {
    byte[] seed = mnemonic.toSeed("");
    byte[] privateKey;
    try {
      privateKey = Slip10.ed25519PrivateKey(seed, path);
    } catch (CryptoException e) {
      throw new KeyringException("cannot derive key '" + name + "': " + e.getMessage(), e);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    try {
      PrivateKeySigner signer = fromPrivateKey(KeyAlgorithm.ED25519, privateKey, "derived key");
      return store(name, signer, Optional.of(path));
    } finally {
      Arrays.fill(privateKey, (byte) 0);
    }
  }

  private KeyInfo store(String name, PrivateKeySigner signer, Optional<DerivationPath> path)
      throws KeyringException {
    KeyInfo info = new KeyInfo(name, signer.algorithm(), signer.publicKey(), path);
    byte[] secret = signer.privateKey();
    JsonNode crypto;
    try {
      if (backend == Backend.TEST) {
        crypto = KeystoreV3.plaintext(secret);
      } else {
        char[] passphrase = passphrases.passphrase(name, PassphraseSource.Purpose.NEW_KEY);
        try {
          crypto = KeystoreV3.encrypt(secret, passphrase, scrypt, random);
        } finally {
          Arrays.fill(passphrase, '\0');
        }
      }
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    try {
      AtomicFiles.createNew(file(name), new KeyFile(info, crypto).toJson());
    } catch (FileAlreadyExistsException e) {
      throw exists(name);
    } catch (IOException e) {
      throw new KeyringException("cannot write key '" + name + "': " + e, e);
    }
    return info;
  }

  private byte[] decryptStored(KeyFile file) throws KeyringException {
    String name = file.info().name();
    boolean encrypted = KeystoreV3.isEncrypted(file.crypto());
    if (backend == Backend.FILE && !encrypted) {
      throw new KeyringException(
          "key '"
              + name
              + "' is stored unencrypted, which the file backend never writes; refusing it");
    }
    if (!encrypted) {
      return decrypt(file, new char[0]);
    }
    char[] passphrase = passphrases.passphrase(name, PassphraseSource.Purpose.UNLOCK);
    try {
      return decrypt(file, passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private static byte[] decrypt(KeyFile file, char[] passphrase) throws KeyringException {
    try {
      return KeystoreV3.decrypt(file.crypto(), passphrase);
    } catch (KeyringException e) {
      throw new KeyringException("key '" + file.info().name() + "': " + e.getMessage(), e);
    }
  }

  private static PrivateKeySigner restore(KeyInfo info, byte[] secret, String what)
      throws KeyringException {
    PrivateKeySigner signer = fromPrivateKey(info.algorithm(), secret, what);
    if (!signer.publicKey().equals(info.publicKey())) {
      throw new KeyringException(what + ": the private key does not match the stored public key");
    }
    return signer;
  }

  private static PrivateKeySigner fromPrivateKey(KeyAlgorithm algorithm, byte[] secret, String what)
      throws KeyringException {
    try {
      return KeyPairs.fromPrivateKey(algorithm, secret);
    } catch (CryptoException e) {
      throw new KeyringException(what + ": " + e.getMessage(), e);
    }
  }

  private KeyFile read(String name) throws KeyringException {
    Path path = file(name);
    byte[] json;
    try {
      json = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw missing(name);
    } catch (IOException e) {
      throw new KeyringException("cannot read key '" + name + "': " + e, e);
    }
    String what = "key file " + path;
    KeyFile file = KeyFile.parse(KeyFile.readTree(json, what), what);
    if (!file.info().name().equals(name)) {
      throw new KeyringException(
          what + " names the key '" + file.info().name() + "', not '" + name + "'");
    }
    return file;
  }

  private Path file(String name) {
    return dir.resolve(name + SUFFIX);
  }

  private void checkAbsent(String name) throws KeyringException {
    if (Files.exists(file(name))) {
      throw exists(name);
    }
  }

  private KeyringException exists(String name) {
    return new KeyringException(
        "a key named '" + name + "' already exists in the " + backend + " keyring");
  }

  private KeyringException missing(String name) {
    return new KeyringException("no key named '" + name + "' in the " + backend + " keyring");
  }

  /** Checks a key name: 1 to 64 of {@code a-z A-Z 0-9 _ . -}. */
  public static void checkName(String name) throws KeyringException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new KeyringException(
          "invalid key name '"
              + name
              + "': use 1 to 64 characters from a-z, A-Z, 0-9, '_', '.', '-'");
    }
  }
}
