package io.lattice.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.NewKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice keys}: manage the keys of a local keyring. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage keys in the local keyring (<home>/keyring-<backend>).",
    subcommands = {
      KeysCommand.Add.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Show.class,
      KeysCommand.Export.class,
      KeysCommand.Import.class,
      KeysCommand.Delete.class
    })
public final class KeysCommand {

  /** Common options of the keys subcommands. */
  abstract static class KeysSubcommand extends CliCommand {
    @Mixin KeyringOptions keyring = new KeyringOptions();

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "Output format: text or json (default: ${DEFAULT-VALUE})")
    String output = "text";

    Stdin stdin;

    @Override
    final int run() throws CliException {
      checkOutput(output);
      stdin = new Stdin(err());
      try {
        return run(keyring.open(stdin), output.equals("json"));
      } catch (KeyringException e) {
        throw new CliException(e.getMessage());
      }
    }

    abstract int run(Keyring ring, boolean json) throws CliException, KeyringException;

    static ObjectNode describe(KeyInfo key) {
      ObjectNode o = JSON.createObjectNode();
      o.put("name", key.name());
      o.put("algorithm", key.algorithm().id());
      o.put("address", key.address().toString());
      o.put("pubkey", Base64.getEncoder().encodeToString(key.publicKey().encoded()));
      return o;
    }

    void printKeyText(KeyInfo key) {
      out().println("- name: " + key.name());
      out().println("  algorithm: " + key.algorithm().id());
      out().println("  address: " + key.address());
      out().println("  pubkey: " + Base64.getEncoder().encodeToString(key.publicKey().encoded()));
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Create a key (or restore one with --recover) and print its address.",
        "A new ed25519 key comes with a 24-word mnemonic: write it down, it is shown once.",
        "--recover reads the mnemonic from standard input. The file backend reads the",
        "passphrase from the terminal or, without one, from the next line of standard input."
      })
  static final class Add extends KeysSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--algo",
        defaultValue = "ed25519",
        description =
            "Key algorithm: ed25519, secp256k1, ml-dsa-44, ml-dsa-65, ml-dsa-87, falcon-512,"
                + " falcon-1024, slh-dsa-sha2-128f, hybrid (default: ${DEFAULT-VALUE})")
    String algo = "ed25519";

    @Option(names = "--recover", description = "Restore an ed25519 key from its mnemonic")
    boolean recover;

    @Override
    int run(Keyring ring, boolean json) throws CliException, KeyringException {
      KeyAlgorithm algorithm;
      try {
        algorithm = KeyAlgorithm.fromId(algo);
      } catch (CryptoException e) {
        throw CliException.badInput(e.getMessage());
      }
      if (recover) {
        if (algorithm != KeyAlgorithm.ED25519) {
          throw CliException.badInput(
              "--recover restores ed25519 keys only (mnemonics derive ed25519 keys); got --algo "
                  + algo);
        }
        Keyring.checkName(name);
        if (ring.find(name).isPresent()) {
          throw new CliException("key '" + name + "' already exists");
        }
        String words = stdin.line("Enter your bip39 mnemonic: ", "mnemonic").trim();
        KeyInfo info = ring.recover(name, words);
        if (json) {
          printJson(describe(info));
        } else {
          printKeyText(info);
        }
        return 0;
      }
      NewKey created = ring.add(name, algorithm);
      if (json) {
        ObjectNode o = describe(created.info());
        created.mnemonic().ifPresent(m -> o.put("mnemonic", m.phrase()));
        printJson(o);
        return 0;
      }
      printKeyText(created.info());
      if (created.mnemonic().isPresent()) {
        out().println();
        out()
            .println(
                "**Important** write this mnemonic phrase in a safe place. It is the only way to"
                    + " recover your account if you lose this keyring; anyone who has it controls the"
                    + " account.");
        out().println();
        out().println(created.mnemonic().get().phrase());
      } else {
        out().println();
        out()
            .println(
                "No mnemonic for "
                    + algorithm.id()
                    + " keys: back this key up with 'lattice keys export "
                    + name
                    + "'.");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List all keys.")
  static final class ListKeys extends KeysSubcommand {
    @Override
    int run(Keyring ring, boolean json) throws KeyringException {
      List<KeyInfo> keys = ring.list();
      if (json) {
        ArrayNode arr = JSON.createArrayNode();
        keys.forEach(k -> arr.add(describe(k)));
        printJson(arr);
      } else if (keys.isEmpty()) {
        out().println("No keys in " + ring.directory());
      } else {
        keys.forEach(this::printKeyText);
      }
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one key.")
  static final class Show extends KeysSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = {"-a", "--address"},
        description = "Print only the address")
    boolean addressOnly;

    @Override
    int run(Keyring ring, boolean json) throws KeyringException {
      KeyInfo key = ring.show(name);
      if (addressOnly) {
        out().println(key.address());
      } else if (json) {
        printJson(describe(key));
      } else {
        printKeyText(key);
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Print a key as an encrypted (Web3 Secret Storage v3) JSON document.",
        "Reads the export passphrase first, then, for the file backend, the key's passphrase",
        "(from the terminal, or one line each from standard input)."
      })
  static final class Export extends KeysSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    int run(Keyring ring, boolean json) throws CliException, KeyringException {
      ring.show(name);
      char[] passphrase = stdin.newSecret("Export passphrase: ", "export passphrase");
      try {
        out().println(ring.exportArmored(name, passphrase));
      } finally {
        Arrays.fill(passphrase, '\0');
      }
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import a key exported with 'keys export' (or an Ethereum v3 keystore) under NAME.",
        "Reads the file's passphrase, then, for the file backend, the new key's passphrase."
      })
  static final class Import extends KeysSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Override
    int run(Keyring ring, boolean json) throws CliException, KeyringException {
      Keyring.checkName(name);
      if (ring.find(name).isPresent()) {
        throw new CliException("key '" + name + "' already exists");
      }
      String armored;
      try {
        armored = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.badInput("cannot read " + file + ": " + e.getMessage());
      }
      char[] passphrase = stdin.secret("Passphrase of " + file + ": ", "import passphrase");
      KeyInfo info;
      try {
        info = ring.importArmored(name, armored, passphrase);
      } finally {
        Arrays.fill(passphrase, '\0');
      }
      if (json) {
        printJson(describe(info));
      } else {
        printKeyText(info);
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a key for good (asks for confirmation unless --yes).")
  static final class Delete extends KeysSubcommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = {"-y", "--yes"},
        description = "Do not ask for confirmation")
    boolean yes;

    @Override
    int run(Keyring ring, boolean json) throws CliException, KeyringException {
      KeyInfo key = ring.show(name);
      if (!yes
          && !stdin.confirm(
              "Delete key '" + name + "' (" + key.address() + ")? It cannot be undone")) {
        throw new CliException("aborted: key '" + name + "' was not deleted");
      }
      ring.delete(name);
      if (json) {
        printJson(JSON.createObjectNode().put("deleted", name));
      } else {
        out().println("Key '" + name + "' deleted");
      }
      return 0;
    }
  }
}
