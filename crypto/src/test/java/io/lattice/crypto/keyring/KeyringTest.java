package io.lattice.crypto.keyring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.common.Hex;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.mnemonic.DerivationPath;
import io.lattice.crypto.mnemonic.Mnemonic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyringTest {
  private static final byte[] MESSAGE = "transfer 5 lat".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  private Keyring testKeyring() throws KeyringException {
    return Keyring.open(home, Backend.TEST, PassphraseSource.none(), ScryptParams.FOR_TESTS);
  }

  private Keyring fileKeyring(Path at, String passphrase) throws KeyringException {
    return Keyring.open(
        at, Backend.FILE, PassphraseSource.fixed(passphrase), ScryptParams.FOR_TESTS);
  }

  private static List<String> filesIn(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void addEd25519GivesAMnemonicAndAWorkingSigner() throws Exception {
    Keyring keyring = testKeyring();
    NewKey added = keyring.add("alice", KeyAlgorithm.ED25519);
    assertThat(added.mnemonic()).isPresent();
    assertThat(added.mnemonic().get().words()).hasSize(24);
    KeyInfo info = added.info();
    assertThat(info.name()).isEqualTo("alice");
    assertThat(info.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
    assertThat(info.derivationPath()).contains(DerivationPath.LATTICE_DEFAULT);
    assertThat(info.address().toString()).startsWith("lat1");

    assertThat(keyring.show("alice")).isEqualTo(info);
    assertThat(keyring.list()).containsExactly(info);
    PrivateKeySigner signer = keyring.signer("alice");
    assertThat(signer.publicKey()).isEqualTo(info.publicKey());
    assertThat(info.publicKey().verify(MESSAGE, signer.sign(MESSAGE))).isTrue();

    Path dir = home.resolve("keyring-test");
    assertThat(keyring.directory()).isEqualTo(dir);
    assertThat(filesIn(dir)).containsExactly("alice.json");
    assertThat(AtomicFiles.ownerOnly(dir.resolve("alice.json"))).isTrue();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");

    JsonNode file = JSON.readTree(dir.resolve("alice.json").toFile());
    assertThat(file.get("version").asInt()).isEqualTo(3);
    assertThat(file.get("name").asText()).isEqualTo("alice");
    assertThat(file.get("algorithm").asText()).isEqualTo("ed25519");
    assertThat(file.get("address").asText()).isEqualTo(info.address().toString());
    assertThat(file.get("derivationPath").asText()).isEqualTo("m/44'/9000'/0'/0'/0'");
    assertThat(file.get("crypto").get("cipher").asText()).isEqualTo("none");
    assertThat(file.get("crypto").get("ciphertext").asText())
        .isEqualTo(Hex.encode(signer.privateKey()));
  }

  @Test
  void recoverFromTheSameWordsGivesTheSameAddress() throws Exception {
    Keyring first = testKeyring();
    NewKey added = first.add("alice", KeyAlgorithm.ED25519);
    String words = added.mnemonic().orElseThrow().phrase();

    KeyInfo sameRing = first.recover("alice-again", words);
    assertThat(sameRing.address()).isEqualTo(added.info().address());

    Keyring elsewhere = fileKeyring(home.resolve("other-node"), "pw");
    KeyInfo recovered =
        elsewhere.recover("alice", "  " + words.toUpperCase(java.util.Locale.ROOT) + "\n");
    assertThat(recovered.address()).isEqualTo(added.info().address());
    assertThat(elsewhere.signer("alice").privateKey())
        .isEqualTo(first.signer("alice").privateKey());

    KeyInfo otherAccount = first.recover("alice-1", words, DerivationPath.account(1, 0));
    assertThat(otherAccount.address()).isNotEqualTo(added.info().address());
    assertThat(first.show("alice-1").derivationPath()).contains(DerivationPath.account(1, 0));
  }

  @Test
  void recoverGivesTheSlip10KeyOfTheBip39Seed() throws Exception {
    String words =
        "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
            + " abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
            + " abandon abandon art";
    KeyInfo info = testKeyring().recover("zero", words);
    byte[] seed = Mnemonic.parse(words).toSeed("");
    byte[] expected =
        io.lattice.crypto.mnemonic.Slip10.ed25519PrivateKey(seed, DerivationPath.LATTICE_DEFAULT);
    assertThat(testKeyring().signer("zero").privateKey()).isEqualTo(expected);
    assertThat(info.publicKey())
        .isEqualTo(
            io.lattice.crypto.KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, expected).publicKey());
  }

  @Test
  void invalidMnemonicIsNamedAndNothingIsWritten() throws Exception {
    Keyring keyring = testKeyring();
    String words =
        "abandon abandon abandon abandon abandon abandon abandonz abandon abandon abandon abandon"
            + " about";
    assertThatThrownBy(() -> keyring.recover("bob", words))
        .isInstanceOf(KeyringException.class)
        .hasMessageContaining("unknown word 'abandonz' at position 7");
    assertThat(filesIn(keyring.directory())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = KeyAlgorithm.class,
      names = {"SECP256K1", "ML_DSA_65", "HYBRID"})
  void otherAlgorithmsHaveNoMnemonic(KeyAlgorithm algorithm) throws Exception {
    Keyring keyring = fileKeyring(home, "pw");
    NewKey added = keyring.add("k", algorithm);
    assertThat(added.mnemonic()).isEmpty();
    assertThat(added.info().derivationPath()).isEmpty();
    assertThat(added.info().algorithm()).isEqualTo(algorithm);
    PrivateKeySigner signer = keyring.signer("k");
    assertThat(added.info().publicKey().verify(MESSAGE, signer.sign(MESSAGE))).isTrue();
  }

  @Test
  void fileBackendEncryptsAndRejectsAWrongPassphrase() throws Exception {
    Keyring keyring = fileKeyring(home, "s3cret");
    KeyInfo info = keyring.add("val", KeyAlgorithm.ED25519).info();
    Path file = home.resolve("keyring-file/val.json");
    JsonNode json = JSON.readTree(file.toFile());
    assertThat(json.get("crypto").get("cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(json.get("crypto").get("kdf").asText()).isEqualTo("scrypt");
    assertThat(Files.readString(file))
        .doesNotContain(Hex.encode(keyring.signer("val").privateKey()));

    Keyring wrong = fileKeyring(home, "guess");
    assertThat(wrong.show("val")).isEqualTo(info);
    assertThatThrownBy(() -> wrong.signer("val"))
        .isInstanceOf(KeyringException.class)
        .hasMessage("key 'val': wrong passphrase (MAC mismatch)");
  }

  @Test
  void passphraseIsAskedWithThePurpose() throws Exception {
    AtomicInteger newKey = new AtomicInteger();
    AtomicInteger unlock = new AtomicInteger();
    PassphraseSource counting =
        (name, purpose) -> {
          assertThat(name).isEqualTo("carol");
          (purpose == PassphraseSource.Purpose.NEW_KEY ? newKey : unlock).incrementAndGet();
          return "pw".toCharArray();
        };
    Keyring keyring = Keyring.open(home, Backend.FILE, counting, ScryptParams.FOR_TESTS);
    keyring.add("carol", KeyAlgorithm.SECP256K1);
    keyring.signer("carol");
    keyring.show("carol");
    keyring.list();
    assertThat(newKey).hasValue(1);
    assertThat(unlock).hasValue(1);
    assertThat(Keyring.open(home, Backend.TEST, counting).list()).isEmpty();
  }

  @Test
  void duplicateAndMissingNames() throws Exception {
    Keyring keyring = testKeyring();
    keyring.add("alice", KeyAlgorithm.ED25519);
    byte[] before = Files.readAllBytes(keyring.directory().resolve("alice.json"));
    assertThatThrownBy(() -> keyring.add("alice", KeyAlgorithm.SECP256K1))
        .isInstanceOf(KeyringException.class)
        .hasMessage("a key named 'alice' already exists in the test keyring");
    assertThatThrownBy(() -> keyring.recover("alice", Mnemonic.fromEntropy(new byte[32]).phrase()))
        .hasMessage("a key named 'alice' already exists in the test keyring");
    assertThat(Files.readAllBytes(keyring.directory().resolve("alice.json"))).isEqualTo(before);

    assertThatThrownBy(() -> keyring.show("bob"))
        .isInstanceOf(KeyringException.class)
        .hasMessage("no key named 'bob' in the test keyring");
    assertThat(keyring.find("bob")).isEmpty();
    assertThatThrownBy(() -> keyring.signer("bob"))
        .hasMessage("no key named 'bob' in the test keyring");
    assertThatThrownBy(() -> keyring.delete("bob"))
        .hasMessage("no key named 'bob' in the test keyring");
    assertThatThrownBy(() -> keyring.exportArmored("bob", "x".toCharArray()))
        .hasMessage("no key named 'bob' in the test keyring");
    assertThat(filesIn(keyring.directory())).containsExactly("alice.json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a/b",
        "../evil",
        "white space",
        "ünicode",
        "x2345678901234567890123456789012345678901234567890123456789012345"
      })
  void invalidNamesAreRefused(String name) throws Exception {
    Keyring keyring = testKeyring();
    assertThatThrownBy(() -> keyring.add(name, KeyAlgorithm.ED25519))
        .isInstanceOf(KeyringException.class)
        .hasMessageStartingWith("invalid key name '" + name + "'")
        .hasMessageContaining("1 to 64 characters");
    assertThatThrownBy(() -> keyring.show(name)).hasMessageStartingWith("invalid key name");
    assertThat(filesIn(keyring.directory())).isEmpty();
  }

  @Test
  void validNameCharacters() throws Exception {
    Keyring keyring = testKeyring();
    String longest = "a".repeat(64);
    keyring.add("Val_1.node-A", KeyAlgorithm.ED25519);
    keyring.add(longest, KeyAlgorithm.SECP256K1);
    assertThat(keyring.list()).extracting(KeyInfo::name).containsExactly("Val_1.node-A", longest);
  }

  @Test
  void exportThenImportElsewhere() throws Exception {
    Keyring source = fileKeyring(home, "node-pass");
    KeyInfo info = source.add("alice", KeyAlgorithm.ED25519).info();
    String armored = source.exportArmored("alice", "export-pass".toCharArray());
    JsonNode json = JSON.readTree(armored);
    assertThat(json.get("name").asText()).isEqualTo("alice");
    assertThat(json.get("crypto").get("kdf").asText()).isEqualTo("scrypt");

    Keyring target = fileKeyring(home.resolve("laptop"), "laptop-pass");
    assertThatThrownBy(() -> target.importArmored("a2", armored, "wrong".toCharArray()))
        .isInstanceOf(KeyringException.class)
        .hasMessage("armored key: wrong passphrase (MAC mismatch)");
    assertThat(target.list()).isEmpty();

    KeyInfo imported = target.importArmored("a2", armored, "export-pass".toCharArray());
    assertThat(imported.name()).isEqualTo("a2");
    assertThat(imported.address()).isEqualTo(info.address());
    assertThat(imported.derivationPath()).contains(DerivationPath.LATTICE_DEFAULT);
    assertThat(target.signer("a2").privateKey()).isEqualTo(source.signer("alice").privateKey());

    // Opened with the default cost: exports use scrypt n = 2^18, r = 8, p = 1.
    Keyring testRing = Keyring.open(home, Backend.TEST, PassphraseSource.none());
    testRing.add("t", KeyAlgorithm.ML_DSA_65);
    String fromTest = testRing.exportArmored("t", "e".toCharArray());
    JsonNode exported = JSON.readTree(fromTest).get("crypto");
    assertThat(exported.get("cipher").asText()).isEqualTo("aes-128-ctr");
    assertThat(exported.get("kdfparams").get("n").asInt()).isEqualTo(1 << 18);
    assertThat(exported.get("kdfparams").get("r").asInt()).isEqualTo(8);
    assertThat(exported.get("kdfparams").get("p").asInt()).isEqualTo(1);
    assertThat(target.importArmored("t", fromTest, "e".toCharArray()).address())
        .isEqualTo(testRing.show("t").address());
  }

  @Test
  void importsThePublishedWeb3KeystoreAsSecp256k1() throws Exception {
    Keyring keyring = testKeyring();
    String armored = KeystoreV3Test.vector("web3-v3-scrypt.json").toString();
    KeyInfo info = keyring.importArmored("eth", armored, "testpassword".toCharArray());
    assertThat(info.algorithm()).isEqualTo(KeyAlgorithm.SECP256K1);
    assertThat(Hex.encode(keyring.signer("eth").privateKey()))
        .isEqualTo(KeystoreV3Test.PUBLISHED_SECRET);
  }

  @Test
  void importRefusesBadInput() throws Exception {
    Keyring keyring = testKeyring();
    assertThatThrownBy(() -> keyring.importArmored("x", "not json", "p".toCharArray()))
        .hasMessageStartingWith("armored key is not valid JSON");
    assertThatThrownBy(() -> keyring.importArmored("x", "{\"version\":3}", "p".toCharArray()))
        .hasMessage("armored key: field 'crypto' is missing");
    keyring.add("plain", KeyAlgorithm.ED25519);
    String plainFile = Files.readString(keyring.directory().resolve("plain.json"));
    assertThatThrownBy(() -> keyring.importArmored("x", plainFile, "p".toCharArray()))
        .hasMessage("armored key is not encrypted; refusing to import it");

    // An armored key whose stated public key is not the one of its private key.
    Keyring other = testKeyring();
    other.add("y", KeyAlgorithm.ED25519);
    ObjectNode a = (ObjectNode) JSON.readTree(keyring.exportArmored("plain", "p".toCharArray()));
    ObjectNode b = (ObjectNode) JSON.readTree(other.exportArmored("y", "p".toCharArray()));
    a.set("publicKey", b.get("publicKey"));
    a.set("address", b.get("address"));
    assertThatThrownBy(() -> keyring.importArmored("x", a.toString(), "p".toCharArray()))
        .hasMessage("armored key: the private key does not match the stored public key");
    assertThat(keyring.find("x")).isEmpty();
  }

  @Test
  void deleteRemovesTheFile() throws Exception {
    Keyring keyring = testKeyring();
    keyring.add("gone", KeyAlgorithm.ED25519);
    keyring.add("kept", KeyAlgorithm.ED25519);
    keyring.delete("gone");
    assertThat(keyring.list()).extracting(KeyInfo::name).containsExactly("kept");
    assertThatThrownBy(() -> keyring.show("gone")).hasMessageContaining("no key named 'gone'");
    assertThat(filesIn(keyring.directory())).containsExactly("kept.json");
  }

  @Test
  void tamperedFilesAreRefusedByName() throws Exception {
    Keyring keyring = testKeyring();
    keyring.add("a", KeyAlgorithm.ED25519);
    keyring.add("b", KeyAlgorithm.ED25519);
    Path a = keyring.directory().resolve("a.json");
    Path b = keyring.directory().resolve("b.json");
    ObjectNode ja = (ObjectNode) JSON.readTree(a.toFile());
    ObjectNode jb = (ObjectNode) JSON.readTree(b.toFile());

    ObjectNode swappedAddress = ja.deepCopy();
    swappedAddress.set("address", jb.get("address"));
    Files.writeString(a, swappedAddress.toString());
    assertThatThrownBy(() -> keyring.show("a"))
        .hasMessageContaining("key file " + a)
        .hasMessageContaining("does not match its public key");

    ObjectNode swappedKey = ja.deepCopy();
    swappedKey.set("address", jb.get("address"));
    swappedKey.set("publicKey", jb.get("publicKey"));
    Files.writeString(a, swappedKey.toString());
    assertThatThrownBy(() -> keyring.signer("a"))
        .hasMessage("key 'a': the private key does not match the stored public key");

    Files.writeString(a, jb.toString());
    assertThatThrownBy(() -> keyring.show("a")).hasMessageContaining("names the key 'b', not 'a'");

    Files.writeString(a, "{");
    assertThatThrownBy(() -> keyring.list()).hasMessageContaining("is not valid JSON");

    // The file backend never reads an unencrypted key.
    Files.writeString(a, ja.toString());
    Keyring asFile =
        Keyring.open(home, Backend.FILE, PassphraseSource.fixed("x"), ScryptParams.FOR_TESTS);
    Files.createDirectories(asFile.directory());
    Files.copy(a, asFile.directory().resolve("a.json"));
    assertThatThrownBy(() -> asFile.signer("a"))
        .hasMessageContaining("stored unencrypted, which the file backend never writes");
  }

  @Test
  void strayTemporaryFilesAreIgnored() throws Exception {
    Keyring keyring = testKeyring();
    keyring.add("a", KeyAlgorithm.ED25519);
    // What a crash between writing the temporary file and linking it leaves behind.
    Files.writeString(keyring.directory().resolve(".b.json.123.tmp"), "{\"partial\":");
    assertThat(keyring.list()).extracting(KeyInfo::name).containsExactly("a");
    keyring.add("b", KeyAlgorithm.ED25519);
    assertThat(keyring.list()).extracting(KeyInfo::name).containsExactly("a", "b");
  }

  @Test
  void backendIds() throws Exception {
    assertThat(Backend.fromId("file")).isEqualTo(Backend.FILE);
    assertThat(Backend.fromId("test")).isEqualTo(Backend.TEST);
    assertThatThrownBy(() -> Backend.fromId("os"))
        .hasMessage("unknown keyring backend 'os'; expected one of file, test");
  }
}
