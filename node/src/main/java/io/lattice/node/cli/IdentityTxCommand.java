package io.lattice.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.common.Hex;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.sdk.e2e.IdentityKeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lattice tx identity}: usernames, their encryption keys and devices (chat chain). */
@Command(
    name = "identity",
    mixinStandardHelpOptions = true,
    description = "Identity module transactions (chat chain).",
    subcommands = {
      IdentityTxCommand.Register.class,
      IdentityTxCommand.AddDevice.class,
      IdentityTxCommand.RevokeDevice.class
    })
public final class IdentityTxCommand {
  static final int KEY_BYTES = 32;
  static final int MAX_PREKEYS = 16;

  private IdentityTxCommand() {}

  /** A 32-byte key given in hex. */
  static byte[] key32(String what, String hex) throws CliException {
    byte[] key;
    try {
      key = Hex.decode(hex.startsWith("0x") ? hex.substring(2) : hex);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(what + ": invalid hex: " + e.getMessage());
    }
    if (key.length != KEY_BYTES) {
      throw CliException.badInput(
          what + ": must be " + KEY_BYTES + " bytes (64 hex digits), got " + key.length);
    }
    return key;
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description = {
        "Register USERNAME for --from with its end-to-end encryption keys.",
        "The X25519 identity key is derived from the signing key as the Java SDK derives it",
        "(docs/spec/messaging-e2e.md §2), so the SDK and this CLI read the same messages;",
        "--identity-key replaces it."
      })
  static final class Register extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Option(
        names = "--identity-key",
        description = "X25519 identity public key, hex (default: derived from the signing key)")
    String identityKey;

    @Option(
        names = "--prekey",
        description = "An X25519 prekey, hex (repeatable, at most " + MAX_PREKEYS + ")")
    List<String> prekeys = new ArrayList<>();

    @Option(names = "--device-id", description = "Id of a first device to add")
    String deviceId;

    @Option(names = "--device-key", description = "That device's 32-byte public key, hex")
    String deviceKey;

    @Option(names = "--device-label", defaultValue = "", description = "That device's label")
    String deviceLabel = "";

    private byte[] published;

    @Override
    void parseArguments() throws CliException {
      if (identityKey != null) {
        published = key32("--identity-key", identityKey);
      }
      if (prekeys.size() > MAX_PREKEYS) {
        throw CliException.badInput(
            "--prekey: at most " + MAX_PREKEYS + " prekeys, got " + prekeys.size());
      }
      for (String p : prekeys) {
        key32("--prekey", p);
      }
      if ((deviceId == null) != (deviceKey == null)) {
        throw CliException.badInput("--device-id and --device-key go together");
      }
      if (deviceKey != null) {
        key32("--device-key", deviceKey);
      }
    }

    @Override
    List<Message> messages(Signing signing) throws CliException {
      if (published == null) {
        published = IdentityKeyPair.derive(signing.signer()).publicKey();
      }
      EncryptionKeys.Builder keys =
          EncryptionKeys.newBuilder().setIdentityKey(ByteString.copyFrom(published));
      for (String p : prekeys) {
        keys.addPrekeys(ByteString.copyFrom(key32("--prekey", p)));
      }
      MsgRegister.Builder m =
          MsgRegister.newBuilder().setOwner(signing.address()).setUsername(username).setKeys(keys);
      if (deviceId != null) {
        m.setDevice(
            Device.newBuilder()
                .setDeviceId(deviceId)
                .setPublicKey(ByteString.copyFrom(key32("--device-key", deviceKey)))
                .setLabel(deviceLabel));
      }
      return List.of(m.build());
    }

    @Override
    String summary(String signer) {
      return "Register username '" + username + "' for " + signer;
    }

    @Override
    int report(ObjectNode committed, NodeClient client, boolean json) throws CliException {
      committed.put("username", username);
      committed.put("identity_key", Base64.getEncoder().encodeToString(published));
      committed.remove("events");
      return super.report(committed, client, json);
    }
  }

  @Command(
      name = "add-device",
      mixinStandardHelpOptions = true,
      description = "Add a device key to the identity of --from.")
  static final class AddDevice extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "DEVICE_ID")
    String deviceId;

    @Parameters(index = "1", paramLabel = "PUBKEY", description = "32-byte public key, hex")
    String publicKey;

    @Option(names = "--label", defaultValue = "", description = "Free text, at most 64 bytes")
    String label = "";

    @Override
    void parseArguments() throws CliException {
      key32("PUBKEY", publicKey);
    }

    @Override
    List<Message> messages(Signing signing) throws CliException {
      return List.of(
          MsgAddDevice.newBuilder()
              .setOwner(signing.address())
              .setDeviceId(deviceId)
              .setPublicKey(ByteString.copyFrom(key32("PUBKEY", publicKey)))
              .setLabel(label)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Add device '" + deviceId + "' to the identity of " + signer;
    }
  }

  @Command(
      name = "revoke-device",
      mixinStandardHelpOptions = true,
      description = "Revoke a device of the identity of --from (its id is never reused).")
  static final class RevokeDevice extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "DEVICE_ID")
    String deviceId;

    @Override
    List<Message> messages(Signing signing) {
      return List.of(
          MsgRevokeDevice.newBuilder().setOwner(signing.address()).setDeviceId(deviceId).build());
    }

    @Override
    String summary(String signer) {
      return "Revoke device '" + deviceId + "' of the identity of " + signer;
    }
  }
}
