package io.lattice.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  /** BIP-39 test mnemonic (all-zero entropy, 24 words). */
  static final String MNEMONIC =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
          + " abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
          + " abandon abandon art";

  @TempDir Path home;

  CliRun keys(String stdin, String... args) {
    String[] full = new String[args.length + 5];
    full[0] = "keys";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--home";
    full[args.length + 2] = home.toString();
    full[args.length + 3] = "--keyring-backend";
    full[args.length + 4] = "test";
    return CliRun.withStdin(stdin, full);
  }

  @Test
  void addShowsMnemonicAndRecoverRestoresTheSameAddress() throws Exception {
    CliRun add = keys("", "add", "alice");
    assertThat(add.exitCode()).as(add.toString()).isZero();
    assertThat(add.out()).contains("address: lat1").contains("**Important**");
    List<String> lines = add.out().strip().lines().toList();
    String mnemonic = lines.getLast().strip();
    assertThat(mnemonic.chars().filter(c -> c == ' ').count()).isEqualTo(23);

    String address = keys("", "show", "alice", "--address").outLine();
    assertThat(address).startsWith("lat1");

    CliRun recovered = keys(mnemonic + "\n", "add", "alice2", "--recover", "--output", "json");
    assertThat(recovered.exitCode()).as(recovered.toString()).isZero();
    assertThat(CliCommand.JSON.readTree(recovered.out()).get("address").asText())
        .isEqualTo(address);

    CliRun dup = keys("", "add", "alice");
    assertThat(dup.exitCode()).isNotZero();
    assertThat(dup.err()).contains("alice");
  }

  @Test
  void recoverIsDeterministicAndRejectsBadMnemonics() throws Exception {
    CliRun a = keys(MNEMONIC + "\n", "add", "a", "--recover", "--output", "json");
    assertThat(a.exitCode()).as(a.toString()).isZero();
    JsonNode key = CliCommand.JSON.readTree(a.out());
    assertThat(key.get("algorithm").asText()).isEqualTo("ed25519");

    CliRun bad = keys("abandon abandon nope\n", "add", "b", "--recover");
    assertThat(bad.exitCode()).isNotZero();
    assertThat(bad.err()).startsWith("Error: ").doesNotContain("Exception");
    assertThat(keys("", "show", "b").exitCode()).isNotZero();

    CliRun noInput = keys("", "add", "c", "--recover");
    assertThat(noInput.exitCode()).isNotZero();
    assertThat(noInput.err()).contains("mnemonic");
  }

  @Test
  void listShowExportImportDelete() throws Exception {
    assertThat(keys("", "add", "pq", "--algo", "ml-dsa-65").exitCode()).isZero();
    assertThat(keys("", "add", "k1", "--algo", "secp256k1").exitCode()).isZero();
    CliRun badAlgo = keys("", "add", "x", "--algo", "rsa");
    assertThat(badAlgo.exitCode()).isEqualTo(2);
    assertThat(badAlgo.err()).contains("unknown key algorithm");

    JsonNode list = CliCommand.JSON.readTree(keys("", "list", "--output", "json").out());
    assertThat(list).hasSize(2);
    assertThat(list.get(0).get("name").asText()).isEqualTo("k1");
    assertThat(list.get(1).get("algorithm").asText()).isEqualTo("ml-dsa-65");
    String address = keys("", "show", "k1", "--address").outLine();

    CliRun export = keys("secret-pass\n", "export", "k1");
    assertThat(export.exitCode()).as(export.toString()).isZero();
    Path file = home.resolve("k1.json");
    Files.writeString(file, export.out());

    CliRun wrong = keys("wrong-pass\n", "import", "k1copy", file.toString());
    assertThat(wrong.exitCode()).isNotZero();
    assertThat(wrong.err()).contains("passphrase");
    CliRun imported =
        keys("secret-pass\n", "import", "k1copy", file.toString(), "--output", "json");
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(CliCommand.JSON.readTree(imported.out()).get("address").asText()).isEqualTo(address);

    CliRun declined = keys("n\n", "delete", "k1");
    assertThat(declined.exitCode()).isNotZero();
    assertThat(keys("", "show", "k1").exitCode()).isZero();
    assertThat(keys("", "delete", "k1", "--yes").exitCode()).isZero();
    CliRun gone = keys("", "show", "k1");
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.err()).contains("k1");
  }

  @Test
  void fileBackendReadsPassphrasesFromStdin() throws Exception {
    String[] common = {"--home", home.toString(), "--keyring-backend", "file"};
    CliRun empty = CliRun.withStdin("\n", concat(new String[] {"keys", "add", "f"}, common));
    assertThat(empty.exitCode()).isNotZero();
    assertThat(empty.err()).contains("passphrase must not be empty");

    CliRun add = CliRun.withStdin("pw-one\n", concat(new String[] {"keys", "add", "f"}, common));
    assertThat(add.exitCode()).as(add.toString()).isZero();
    assertThat(home.resolve("keyring-file").resolve("f.json")).exists();
    assertThat(Files.readString(home.resolve("keyring-file").resolve("f.json"))).contains("scrypt");

    CliRun wrong =
        CliRun.withStdin("exp\nnot-it\n", concat(new String[] {"keys", "export", "f"}, common));
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).contains("wrong passphrase");
    CliRun right =
        CliRun.withStdin("exp\npw-one\n", concat(new String[] {"keys", "export", "f"}, common));
    assertThat(right.exitCode()).as(right.toString()).isZero();
    assertThat(right.out()).contains("\"crypto\"");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
