package io.lattice.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.KeyInfo;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.sdk.e2e.E2eException;
import io.lattice.sdk.e2e.IdentityKeyPair;
import io.lattice.sdk.e2e.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lattice tx messaging send} and {@code lattice query messaging conversation}: direct
 * messages, sealed and opened here with the Java SDK's end-to-end encryption ({@code
 * lattice-dm-v1}); the chain only ever sees ciphertext.
 */
public final class MessagingCommand {
  private MessagingCommand() {}

  @Command(
      name = "messaging",
      mixinStandardHelpOptions = true,
      description = "Messaging module transactions (chat chain).",
      subcommands = {Send.class})
  static final class Tx {}

  @Command(
      name = "messaging",
      mixinStandardHelpOptions = true,
      description = "Messaging module queries (chat chain).",
      subcommands = {Conversation.class})
  static final class Query {}

  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description = {
        "Send MESSAGE to RECIPIENT (a username or a lat1… address of a registered identity),",
        "encrypted here to the recipient's identity key; both must be registered identities."
      })
  static final class Send extends SignedTx.Chat {
    @Parameters(index = "0", paramLabel = "RECIPIENT")
    String recipient;

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "The text, UTF-8")
    String message;

    @Option(
        names = "--device-id",
        defaultValue = "",
        description = "An active device of the sender (default: the account key)")
    String deviceId = "";

    private String recipientAddress;

    @Override
    void parseArguments() throws CliException {
      if (message.isEmpty()) {
        throw CliException.badInput("MESSAGE is empty");
      }
    }

    @Override
    List<Message> messages(Signing signing) throws CliException {
      JsonNode identity = ModuleApi.identity(signing.client(), recipient);
      recipientAddress = identity.path("owner").asText();
      Address to = parse("the recipient's owner", recipientAddress);
      EncryptedPayload payload;
      try {
        payload =
            Payloads.seal(
                IdentityKeyPair.derive(signing.signer()),
                signing.signerAddress(),
                to,
                ModuleApi.identityKey(identity),
                message.getBytes(StandardCharsets.UTF_8));
      } catch (E2eException e) {
        throw new CliException("cannot encrypt to " + recipient + ": " + e.getMessage());
      }
      return List.of(
          MsgSendDirectMessage.newBuilder()
              .setSender(signing.address())
              .setRecipient(recipientAddress)
              .setSenderDeviceId(deviceId)
              .setPayload(payload)
              .build());
    }

    @Override
    String summary(String signer) {
      return "Send an encrypted message of "
          + message.getBytes(StandardCharsets.UTF_8).length
          + " bytes from "
          + signer
          + " to "
          + recipient
          + " ("
          + recipientAddress
          + ")";
    }

    @Override
    int report(ObjectNode committed, NodeClient client, boolean json) {
      committed.put("recipient", recipientAddress);
      return reportWithEventNumber(committed, "messaging.sent", "sequence", "sequence", json);
    }
  }

  @Command(
      name = "conversation",
      mixinStandardHelpOptions = true,
      description = {
        "The direct messages between A and B (usernames or addresses), oldest first.",
        "With --decrypt --from KEY (one of the two sides) each message is opened here."
      })
  static final class Conversation extends QueryCommand.NodeQuery {
    @Parameters(index = "0", paramLabel = "A")
    String a;

    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Option(
        names = "--since",
        defaultValue = "0",
        description = "Show messages after this sequence (default 0: all)")
    long since;

    @Option(names = "--limit", description = "At most this many messages (node default 100)")
    Long limit;

    @Option(names = "--decrypt", description = "Open each message with the key of --from")
    boolean decrypt;

    @Option(names = "--from", description = "Key name or address in the keyring (with --decrypt)")
    String from;

    @Mixin KeyringOptions keyring = new KeyringOptions();

    @Override
    int run() throws CliException {
      ModuleApi.chatByDefault(this, node);
      boolean json = node.json();
      if (since < 0 || (limit != null && limit < 1)) {
        throw CliException.badInput("--since must be >= 0 and --limit >= 1");
      }
      if (decrypt && from == null) {
        throw CliException.badInput("--decrypt needs --from KEY (one side of the conversation)");
      }
      NodeClient client = node.client();
      String addrA = owner(client, a);
      String addrB = owner(client, b);
      Map<String, String> params = new LinkedHashMap<>();
      params.put("a", addrA);
      params.put("b", addrB);
      params.put("since", Long.toString(since));
      if (limit != null) {
        params.put("limit", Long.toString(limit));
      }
      JsonNode result = ModuleApi.query(client, "messaging", "conversation", params);
      ObjectNode out = JSON.createObjectNode();
      out.put("a", addrA);
      out.put("b", addrB);
      out.set("last_sequence", result.path("last_sequence"));
      ArrayNode msgs = out.putArray("messages");
      Optional<Opener> opener =
          decrypt ? Optional.of(opener(client, addrA, addrB)) : Optional.empty();
      for (JsonNode e : result.path("messages")) {
        ObjectNode m = msgs.addObject();
        m.put("sequence", e.path("sequence").asText());
        m.put("sender", e.path("sender").asText());
        m.put("recipient", e.path("recipient").asText());
        m.put("height", e.path("height").asText());
        m.put("time", e.path("time").asText());
        if (opener.isPresent()) {
          try {
            m.put("text", opener.get().open(envelope(e)));
          } catch (E2eException ex) {
            m.putNull("text");
            m.put("error", ex.getMessage());
          }
        } else {
          m.set("payload", e.path("payload"));
        }
      }
      if (json) {
        printJson(out);
      } else {
        printText(out, opener.isPresent());
      }
      return 0;
    }

    private void printText(ObjectNode out, boolean decrypted) {
      out().println("conversation " + out.path("a").asText() + " / " + out.path("b").asText());
      for (JsonNode m : out.path("messages")) {
        String body;
        if (!decrypted) {
          body =
              "(encrypted, "
                  + Base64.getDecoder().decode(m.path("payload").path("ciphertext").asText()).length
                  + " bytes)";
        } else if (m.path("text").isNull()) {
          body = "(cannot decrypt: " + m.path("error").asText() + ")";
        } else {
          body = m.path("text").asText();
        }
        out()
            .println(
                "#"
                    + m.path("sequence").asText()
                    + " h"
                    + m.path("height").asText()
                    + " "
                    + m.path("sender").asText()
                    + ": "
                    + body);
      }
    }

    /** Who opens the messages: the --from key, which must be A or B. */
    record Opener(IdentityKeyPair me, Address myAddress, byte[] peerKey) {
      String open(Envelope e) throws E2eException {
        return new String(
            Payloads.open(me, myAddress, e, Optional.of(peerKey)), StandardCharsets.UTF_8);
      }
    }

    private Opener opener(NodeClient client, String addrA, String addrB) throws CliException {
      Keyring ring = keyring.open(new Stdin(err()));
      KeyInfo key = TxCommand.resolveKey(ring, from);
      String mine = key.address().toString();
      if (!mine.equals(addrA) && !mine.equals(addrB)) {
        throw CliException.badInput(
            "--from " + from + " (" + mine + ") is neither side of this conversation");
      }
      String peer = mine.equals(addrA) ? addrB : addrA;
      PrivateKeySigner signer = TxCommand.signer(ring, key);
      byte[] peerKey = ModuleApi.identityKey(ModuleApi.identity(client, peer));
      return new Opener(IdentityKeyPair.derive(signer), parse("--from", mine), peerKey);
    }

    /** An address as given, or the owner of the username. */
    private static String owner(NodeClient client, String nameOrAddress) throws CliException {
      if (nameOrAddress.startsWith(Address.HRP + "1")) {
        return TxCommand.parseAddress("address", nameOrAddress);
      }
      return ModuleApi.identity(client, nameOrAddress).path("owner").asText();
    }
  }

  static Envelope envelope(JsonNode e) throws CliException {
    JsonNode p = e.path("payload");
    try {
      return Envelope.newBuilder()
          .setSender(e.path("sender").asText())
          .setRecipient(e.path("recipient").asText())
          .setSequence(Long.parseUnsignedLong(e.path("sequence").asText("0")))
          .setSenderDeviceId(e.path("sender_device_id").asText(""))
          .setPayload(
              EncryptedPayload.newBuilder()
                  .setEphemeralKey(bytes(p, "ephemeral_key"))
                  .setNonce(bytes(p, "nonce"))
                  .setCiphertext(bytes(p, "ciphertext"))
                  .setRecipientKey(bytes(p, "recipient_key")))
          .build();
    } catch (IllegalArgumentException ex) {
      throw new CliException("the node returned a malformed envelope: " + ex.getMessage());
    }
  }

  private static ByteString bytes(JsonNode payload, String field) {
    return ByteString.copyFrom(Base64.getDecoder().decode(payload.path(field).asText("")));
  }

  static Address parse(String what, String address) throws CliException {
    try {
      return Address.parse(address);
    } catch (CryptoException e) {
      throw new CliException(what + ": " + e.getMessage());
    }
  }
}
