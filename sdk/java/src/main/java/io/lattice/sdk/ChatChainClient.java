package io.lattice.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lattice.crypto.Address;
import io.lattice.crypto.CryptoException;
import io.lattice.proto.channels.v1.MsgCreateChannel;
import io.lattice.proto.channels.v1.MsgJoinChannel;
import io.lattice.proto.channels.v1.MsgLeaveChannel;
import io.lattice.proto.channels.v1.MsgPost;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.sdk.e2e.E2eException;
import io.lattice.sdk.e2e.Payloads;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat chain ({@code lattice-chat-1}): usernames, end-to-end encrypted direct messages,
 * channels and reputation. Direct messages are sealed and opened here, on the client
 * (docs/spec/messaging-e2e.md); the node only ever receives ciphertext. Every transaction method
 * signs with the given wallet, waits for the block and returns its result, or throws {@link
 * TxRejectedException} / {@link TxFailedException} with the node's reason.
 */
public final class ChatChainClient {
  private static final int PAGE = 100;

  private final TxSender sender;

  /** A client of the chat chain's API node, e.g. {@code http://127.0.0.1:8545}. */
  public ChatChainClient(String nodeUrl) {
    this(new NodeClient(nodeUrl), FeePolicy.DEFAULT);
  }

  public ChatChainClient(NodeClient node, FeePolicy fees) {
    this.sender = new TxSender(node, fees);
  }

  public NodeClient node() {
    return sender.node();
  }

  public TxSender txSender() {
    return sender;
  }

  /**
   * Registers {@code username} for the wallet's account, publishing the wallet's X25519 identity
   * key ({@code identity.MsgRegister}; the chain charges its registration fee). To register with a
   * stake on the currency chain atomically, use {@link CrossChainBridge#registerUserWithStake}.
   */
  public TxResult registerUser(Wallet owner, String username) throws LatticeException {
    MsgRegister msg =
        MsgRegister.newBuilder()
            .setOwner(owner.address())
            .setUsername(username)
            .setKeys(encryptionKeys(owner))
            .build();
    return sender.send(owner, List.of(msg));
  }

  /** The encryption keys a wallet publishes: its identity key, no prekeys. */
  public static EncryptionKeys encryptionKeys(Wallet wallet) {
    return EncryptionKeys.newBuilder()
        .setIdentityKey(ByteString.copyFrom(wallet.identity().publicKey()))
        .build();
  }

  /** The identity registered under {@code username} (case-insensitive). */
  public Optional<Identity> getUser(String username) throws NodeException {
    return sender
        .node()
        .findQuery("identity", "name", Map.of("name", username))
        .map(ChatChainClient::identity);
  }

  /** The identity owned by {@code address}. */
  public Optional<Identity> getUserByAddress(String address) throws NodeException {
    return sender
        .node()
        .findQuery("identity", "owner", Map.of("address", Addresses.check("address", address)))
        .map(ChatChainClient::identity);
  }

  /**
   * Encrypts {@code text} to {@code recipient} (a username or a {@code lat1…} address of a
   * registered identity) and sends it ({@code messaging.MsgSendDirectMessage}).
   *
   * @throws LatticeException when the recipient has no identity, or its key cannot be sealed to
   */
  public TxResult sendDirectMessage(Wallet from, String recipient, String text)
      throws LatticeException {
    Identity to = resolve(recipient);
    EncryptedPayload payload =
        Payloads.seal(
            from.identity(),
            Addresses.parse("sender", from.address()),
            Addresses.parse("recipient", to.owner()),
            to.identityKey(),
            text.getBytes(StandardCharsets.UTF_8));
    MsgSendDirectMessage msg =
        MsgSendDirectMessage.newBuilder()
            .setSender(from.address())
            .setRecipient(to.owner())
            .setPayload(payload)
            .build();
    return sender.send(from, List.of(msg));
  }

  /**
   * The messages between {@code me} and {@code peer} (username or address) with sequence above
   * {@code sinceSequence}, oldest first, each decrypted with the wallet's identity key. A message
   * that cannot be opened is returned with its {@code error} instead of failing the whole read.
   */
  public List<DirectMessage> readConversation(Wallet me, String peer, long sinceSequence)
      throws LatticeException {
    Identity other = resolve(peer);
    Address myAddress = Addresses.parse("me", me.address());
    List<DirectMessage> out = new ArrayList<>();
    for (Envelope env : conversation(me.address(), other.owner(), sinceSequence)) {
      Optional<String> text = Optional.empty();
      Optional<String> error = Optional.empty();
      try {
        byte[] plain =
            Payloads.open(me.identity(), myAddress, env, Optional.of(other.identityKey()));
        text = Optional.of(utf8(plain));
      } catch (E2eException e) {
        error = Optional.of(e.getMessage());
      }
      out.add(
          new DirectMessage(
              env.getSender(),
              env.getRecipient(),
              env.getSequence(),
              env.getHeight(),
              Instant.ofEpochSecond(env.getTime()),
              text,
              error));
    }
    return out;
  }

  /**
   * The stored envelopes between two addresses with sequence above {@code sinceSequence}, oldest
   * first, as the chain holds them (ciphertext only): {@code GET /v1/query/messaging/conversation},
   * page by page.
   */
  public List<Envelope> conversation(String a, String b, long sinceSequence) throws NodeException {
    String x = Addresses.check("a", a);
    String y = Addresses.check("b", b);
    List<Envelope> out = new ArrayList<>();
    long since = sinceSequence;
    while (true) {
      JsonNode res =
          sender
              .node()
              .query(
                  "messaging",
                  "conversation",
                  Map.of(
                      "a",
                      x,
                      "b",
                      y,
                      "since",
                      Long.toString(since),
                      "limit",
                      Integer.toString(PAGE)));
      JsonNode page = res.path("messages");
      for (JsonNode e : page) {
        Envelope env = envelope(e);
        out.add(env);
        since = Math.max(since, env.getSequence());
      }
      if (page.size() < PAGE) {
        return out;
      }
    }
  }

  /** Creates a channel owned by {@code owner} ({@code channels.MsgCreateChannel}). */
  public TxResult createChannel(Wallet owner, String name, boolean inviteOnly, String description)
      throws LatticeException {
    MsgCreateChannel msg =
        MsgCreateChannel.newBuilder()
            .setCreator(owner.address())
            .setName(name)
            .setInviteOnly(inviteOnly)
            .setDescription(description)
            .build();
    return sender.send(owner, List.of(msg));
  }

  /** A public channel without description. */
  public TxResult createChannel(Wallet owner, String name) throws LatticeException {
    return createChannel(owner, name, false, "");
  }

  public TxResult joinChannel(Wallet member, String channel) throws LatticeException {
    return sender.send(
        member,
        List.of(
            MsgJoinChannel.newBuilder().setMember(member.address()).setChannel(channel).build()));
  }

  public TxResult leaveChannel(Wallet member, String channel) throws LatticeException {
    return sender.send(
        member,
        List.of(
            MsgLeaveChannel.newBuilder().setMember(member.address()).setChannel(channel).build()));
  }

  /** Posts UTF-8 text to a channel the author is a member of ({@code channels.MsgPost}). */
  public TxResult postToChannel(Wallet author, String channel, String content)
      throws LatticeException {
    return sender.send(
        author,
        List.of(
            MsgPost.newBuilder()
                .setAuthor(author.address())
                .setChannel(channel)
                .setContent(content)
                .build()));
  }

  /**
   * Posts of {@code channel} with id above {@code sinceId}, oldest first, at most {@code limit}
   * (1..1000).
   */
  public List<ChannelPost> getChannelPosts(String channel, long sinceId, int limit)
      throws NodeException {
    JsonNode res =
        sender
            .node()
            .query(
                "channels",
                "posts",
                Map.of(
                    "channel", channel,
                    "since", Long.toString(sinceId),
                    "limit", Integer.toString(limit)));
    List<ChannelPost> out = new ArrayList<>();
    for (JsonNode p : res.path("posts")) {
      out.add(
          new ChannelPost(
              p.path("channel").asText(),
              p.path("id").asLong(),
              p.path("author").asText(),
              p.path("content").asText(),
              p.path("height").asLong(),
              Instant.ofEpochSecond(p.path("time").asLong())));
    }
    return out;
  }

  /** The reputation score of {@code address}, 0..100 (50 for an account never adjusted). */
  public long getReputation(String address) throws NodeException {
    return sender
        .node()
        .query("reputation", "score", Map.of("address", Addresses.check("address", address)))
        .path("score")
        .asLong();
  }

  /** Transactions that involve {@code address}, newest first (at most {@code limit}). */
  public List<TxResult> getTransactionHistory(String address, int limit) throws NodeException {
    return sender.node().accountTxs(Addresses.check("address", address), limit);
  }

  /**
   * @see NodeClient#waitForConfirmation
   */
  public TxResult waitForConfirmation(String txHash, int blocks, Duration timeout)
      throws LatticeException {
    return sender.node().waitForConfirmation(txHash, blocks, timeout);
  }

  private Identity resolve(String who) throws LatticeException {
    if (who == null || who.isEmpty()) {
      throw new IllegalArgumentException("recipient: username or address is missing");
    }
    boolean isAddress = isAddress(who);
    Optional<Identity> id = isAddress ? getUserByAddress(who) : getUser(who);
    return id.orElseThrow(() ->
        new LatticeException(
            (isAddress ? "address " : "username ")
                + who
                + " has no registered identity on the chat chain"));
  }

  private static boolean isAddress(String text) {
    try {
      Address.parse(text);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  static Identity identity(JsonNode o) {
    return new Identity(
        o.path("username").asText(),
        o.path("owner").asText(),
        o.path("keys").path("identity_key").asText(),
        o.path("registered_height").asLong());
  }

  static Envelope envelope(JsonNode e) {
    JsonNode p = e.path("payload");
    return Envelope.newBuilder()
        .setSender(e.path("sender").asText())
        .setRecipient(e.path("recipient").asText())
        .setSequence(e.path("sequence").asLong())
        .setHeight(e.path("height").asLong())
        .setTime(e.path("time").asLong())
        .setExpiresAt(e.path("expires_at").asLong())
        .setSenderDeviceId(e.path("sender_device_id").asText())
        .setPayload(
            EncryptedPayload.newBuilder()
                .setEphemeralKey(b64(p, "ephemeral_key"))
                .setNonce(b64(p, "nonce"))
                .setCiphertext(b64(p, "ciphertext"))
                .setRecipientKey(b64(p, "recipient_key")))
        .build();
  }

  private static ByteString b64(JsonNode o, String field) {
    String text = o.path(field).asText("");
    try {
      return ByteString.copyFrom(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return ByteString.EMPTY;
    }
  }

  private static String utf8(byte[] b) throws E2eException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new E2eException("message decrypted but is not UTF-8 text", e);
    }
  }
}
