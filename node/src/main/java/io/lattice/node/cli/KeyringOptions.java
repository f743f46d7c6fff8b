package io.lattice.node.cli;

import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --home} and {@code --keyring-backend}, shared by the commands that use keys. */
final class KeyringOptions {
  @Option(
      names = "--home",
      defaultValue = "${sys:user.home}/.lattice",
      description = "Node and keyring home directory (default: ${DEFAULT-VALUE})")
  Path home;

  @Option(
      names = "--keyring-backend",
      defaultValue = "file",
      description =
          "Keyring backend: file (encrypted, asks a passphrase) or test (unencrypted, for local"
              + " networks only) (default: ${DEFAULT-VALUE})")
  String backend = "file";

  Keyring open(Stdin stdin) throws CliException {
    try {
      Backend b = Backend.fromId(backend);
      PassphraseSource source =
          b == Backend.TEST ? PassphraseSource.none() : stdin.passphraseSource();
      return Keyring.open(home, b, source);
    } catch (KeyringException e) {
      throw CliException.badInput(e.getMessage());
    }
  }
}
