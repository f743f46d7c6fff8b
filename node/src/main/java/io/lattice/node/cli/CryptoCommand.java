package io.lattice.node.cli;

import io.lattice.common.Hex;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.PublicKey;
import java.security.SecureRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lattice crypto}: raw signature operations. Keys and signatures are hex in each algorithm's
 * standard raw encoding (see {@link KeyPairs}). Exit codes: 0 success (or {@code valid}), 1 {@code
 * invalid}, 2 malformed input.
 */
@Command(
    name = "crypto",
    mixinStandardHelpOptions = true,
    description = {
      "Sign and verify with raw keys (hex, each algorithm's standard encoding).",
      "Exit codes: 0 ok/valid, 1 invalid signature, 2 malformed input."
    },
    subcommands = {
      CryptoCommand.Sign.class,
      CryptoCommand.Verify.class,
      CryptoCommand.Keygen.class
    })
public final class CryptoCommand {
  static final String ALGORITHMS =
      "ed25519, secp256k1, ml-dsa-44, ml-dsa-65, ml-dsa-87, falcon-512, falcon-1024,"
          + " slh-dsa-sha2-128f, hybrid";

  static KeyAlgorithm algorithm(String id) throws CliException {
    try {
      return KeyAlgorithm.fromId(id);
    } catch (CryptoException e) {
      throw CliException.badInput(e.getMessage());
    }
  }

  static byte[] hex(String option, String text) throws CliException {
    try {
      return Hex.decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(option + ": invalid hex: " + e.getMessage());
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = "Sign MSG with a private key; prints the signature as hex.")
  static final class Sign extends CliCommand {
    @Option(names = "--algo", required = true, description = "One of: " + ALGORITHMS)
    String algo;

    @Option(names = "--privkey", required = true, description = "Private key, hex")
    String privateKey;

    @Option(names = "--msg", required = true, description = "Message, hex")
    String message;

    @Override
    int run() throws CliException {
      KeyAlgorithm a = algorithm(algo);
      byte[] priv = hex("--privkey", privateKey);
      byte[] msg = hex("--msg", message);
      PrivateKeySigner signer;
      try {
        signer = KeyPairs.fromPrivateKey(a, priv);
      } catch (CryptoException e) {
        throw CliException.badInput("--privkey: " + e.getMessage());
      }
      out().println(Hex.encode(signer.sign(msg)));
      return 0;
    }
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify SIG over MSG; prints valid (exit 0) or invalid (exit 1).")
  static final class Verify extends CliCommand {
    @Option(names = "--algo", required = true, description = "One of: " + ALGORITHMS)
    String algo;

    @Option(names = "--pubkey", required = true, description = "Public key, hex")
    String publicKey;

    @Option(names = "--msg", required = true, description = "Message, hex")
    String message;

    @Option(names = "--sig", required = true, description = "Signature, hex")
    String signature;

    @Override
    int run() throws CliException {
      KeyAlgorithm a = algorithm(algo);
      byte[] pub = hex("--pubkey", publicKey);
      byte[] msg = hex("--msg", message);
      byte[] sig = hex("--sig", signature);
      PublicKey key;
      try {
        key = PublicKey.decode(a, pub);
      } catch (CryptoException e) {
        throw CliException.badInput("--pubkey: " + e.getMessage());
      }
      if (key.verify(msg, sig)) {
        out().println("valid");
        return 0;
      }
      out().println("invalid");
      return 1;
    }
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = "Generate a fresh key pair; prints the private key, public key and address.")
  static final class Keygen extends CliCommand {
    @Option(
        names = "--algo",
        defaultValue = "ed25519",
        description = "One of: " + ALGORITHMS + " (default: ${DEFAULT-VALUE})")
    String algo = "ed25519";

    @Option(
        names = {"-o", "--output"},
        defaultValue = "text",
        description = "Output format: text or json (default: ${DEFAULT-VALUE})")
    String output = "text";

    @Override
    int run() throws CliException {
      checkOutput(output);
      PrivateKeySigner key = KeyPairs.generate(algorithm(algo), new SecureRandom());
      String priv = Hex.encode(key.privateKey());
      String pub = Hex.encode(key.publicKey().encoded());
      String address = key.publicKey().address().toString();
      if (output.equals("json")) {
        printJson(
            JSON.createObjectNode()
                .put("algorithm", algo)
                .put("privkey", priv)
                .put("pubkey", pub)
                .put("address", address));
      } else {
        out().println("algorithm: " + algo);
        out().println("privkey: " + priv);
        out().println("pubkey: " + pub);
        out().println("address: " + address);
      }
      return 0;
    }
  }
}
