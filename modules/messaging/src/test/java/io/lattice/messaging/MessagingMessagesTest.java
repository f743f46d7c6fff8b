package io.lattice.messaging;

import static io.lattice.messaging.Chats.payload;
import static io.lattice.messaging.Chats.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.lattice.bank.BankKeeper;
import io.lattice.identity.ChatTestChain;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MessagingMessagesTest {
  private final ChatTestChain chain = Chats.chain(5, 4).init();

  private static void ok(TxResult r) {
    assertThat(r.getCode()).as(r.getLog()).isZero();
  }

  /**
   * Delivers {@code msg} signed by {@code signer}, expects a refusal naming {@code reason}, and
   * checks that the messaging state and the signer's balance (beyond the tx fee) did not change.
   */
  private static TxResult refused(
      ChatTestChain c, int signer, MsgSendDirectMessage msg, String reason) {
    JsonNode before = c.export().get("messaging");
    long balance = c.balance(signer);
    TxResult r = c.deliver(signer, msg);
    assertThat(r.getCode()).as("expected refusal '%s'", reason).isNotZero();
    assertThat(r.getLog()).contains(reason);
    JsonNode after = c.export().get("messaging");
    assertThat(after.get("envelopes")).isEqualTo(before.get("envelopes"));
    assertThat(after.get("conversations")).isEqualTo(before.get("conversations"));
    assertThat(c.balance(signer)).isIn(balance, balance - ChatTestChain.FEE);
    return r;
  }

  private String addr(int i) {
    return chain.addresses.get(i);
  }

  @Test
  void sendsOrdersAndChargesPerConversation() {
    Chats.registerAll(chain, 3);
    long before = chain.balance(0);
    long collector = chain.balance(BankKeeper.FEE_COLLECTOR);
    TxResult r = chain.deliver(0, send(chain, 0, 1, 1));
    ok(r);
    Event sent =
        r.getEventsList().stream()
            .filter(e -> e.getType().equals("messaging.sent"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.getAttributesList().stream().map(a -> a.getKey() + "=" + a.getValue()))
        .contains("sender=" + addr(0), "recipient=" + addr(1), "sequence=1");
    assertThat(chain.balance(0)).isEqualTo(before - ChatTestChain.FEE - 100);
    assertThat(chain.balance(BankKeeper.FEE_COLLECTOR)).isGreaterThanOrEqualTo(collector + 100);

    ok(chain.deliver(1, send(chain, 1, 0, 2)));
    ok(chain.deliver(0, send(chain, 0, 2, 3)));
    ok(chain.deliver(0, send(chain, 0, 1, 4)));

    JsonNode conv = chain.query("messaging/conversation", "a", addr(1), "b", addr(0));
    assertThat(conv.get("last_sequence").asText()).isEqualTo("3");
    JsonNode msgs = conv.get("messages");
    assertThat(msgs.size()).isEqualTo(3);
    assertThat(msgs.get(0).get("sequence").asText()).isEqualTo("1");
    assertThat(msgs.get(1).get("sender").asText()).isEqualTo(addr(1));
    assertThat(msgs.get(2).get("sequence").asText()).isEqualTo("3");
    JsonNode first = msgs.get(0);
    assertThat(first.get("height").asText()).isEqualTo("2");
    long time = ChatTestChain.timeOf(2).getEpochSecond();
    assertThat(first.get("time").asText()).isEqualTo(Long.toString(time));
    assertThat(first.get("expires_at").asText()).isEqualTo(Long.toString(time + 30L * 86_400));
    assertThat(first.at("/payload/ciphertext").asText())
        .isEqualTo(
            Base64.getEncoder().encodeToString(payload(1, 48).getCiphertext().toByteArray()));
    // the other conversation has its own sequence
    JsonNode other = chain.query("messaging/conversation", "a", addr(0), "b", addr(2));
    assertThat(other.get("messages").get(0).get("sequence").asText()).isEqualTo("1");

    JsonNode since =
        chain.query(
            "messaging/conversation", "a", addr(0), "b", addr(1), "since", "1", "limit", "1");
    assertThat(since.get("messages").size()).isEqualTo(1);
    assertThat(since.get("messages").get(0).get("sequence").asText()).isEqualTo("2");

    JsonNode inbox = chain.query("messaging/inbox", "address", addr(1));
    assertThat(inbox.get("messages").size()).isEqualTo(2);
    JsonNode inboxLate = chain.query("messaging/inbox", "address", addr(1), "since_height", "5");
    assertThat(inboxLate.get("messages").size()).isEqualTo(1);
    assertThat(inboxLate.get("messages").get(0).get("height").asText()).isEqualTo("5");
  }

  @Test
  void refusesUnregisteredSendersAndRecipientsAndSelf() {
    Chats.registerAll(chain, 2);
    refused(chain, 2, send(chain, 2, 0, 1), "sender " + addr(2) + " has no registered identity");
    refused(chain, 0, send(chain, 0, 3, 1), "recipient " + addr(3) + " has no registered identity");
    refused(chain, 0, send(chain, 0, 0, 1), "cannot send a direct message to oneself");
    refused(
        chain,
        0,
        send(chain, 0, 1, 1).toBuilder().setRecipient("lat1bad").build(),
        "recipient: invalid address");
    // signed by someone else than the sender
    TxResult r = chain.deliver(1, send(chain, 0, 1, 1));
    assertThat(r.getLog()).contains("public key of signer 0 belongs to");
  }

  @Test
  void refusesMalformedPayloads() {
    Chats.registerAll(chain, 2);
    MsgSendDirectMessage m = send(chain, 0, 1, 1);
    refused(
        chain,
        0,
        m.toBuilder()
            .setPayload(
                m.getPayload().toBuilder().setEphemeralKey(ByteString.copyFrom(new byte[31])))
            .build(),
        "payload.ephemeral_key must be 32 bytes (X25519), got 31");
    refused(
        chain,
        0,
        m.toBuilder()
            .setPayload(m.getPayload().toBuilder().setNonce(ByteString.copyFrom(new byte[24])))
            .build(),
        "payload.nonce must be 12 bytes, got 24");
    refused(
        chain,
        0,
        m.toBuilder()
            .setPayload(m.getPayload().toBuilder().setCiphertext(ByteString.copyFrom(new byte[15])))
            .build(),
        "at least the 16-byte AEAD tag, got 15 bytes");
    refused(
        chain,
        0,
        m.toBuilder()
            .setPayload(
                m.getPayload().toBuilder().setRecipientKey(ByteString.copyFrom(new byte[5])))
            .build(),
        "payload.recipient_key must be empty or 32 bytes, got 5");
    refused(
        chain,
        0,
        m.toBuilder()
            .setPayload(m.getPayload().toBuilder().setRecipientKey(ChatTestChain.key32(12345)))
            .build(),
        "payload.recipient_key is neither the identity key nor a prekey of " + addr(1));
    // a prekey of the recipient is fine
    ok(
        chain.deliver(
            0,
            m.toBuilder()
                .setPayload(
                    m.getPayload().toBuilder()
                        .setRecipientKey(ChatTestChain.keys(2, 2).getPrekeys(1)))
                .build()));
  }

  @Test
  void aMessageOfTheDefaultMaximumSizeFitsTheDocumentedGas() {
    Chats.registerAll(chain, 2);
    TxResult r =
        chain.deliver(
            0, send(chain, 0, 1, 1).toBuilder().setPayload(payload(1, 16 * 1024)).build());
    ok(r);
    // README: "a 16 KiB message needs a gas limit of about 750,000"
    assertThat(r.getGasUsed()).isBetween(650_000L, 800_000L);
    TxResult small = chain.deliver(0, send(chain, 0, 1, 2));
    assertThat(small.getGasUsed()).isLessThan(100_000L);
    refused(
        chain,
        0,
        send(chain, 0, 1, 3).toBuilder().setPayload(payload(1, 16 * 1024 + 1)).build(),
        "message too large: ciphertext is 16385 bytes, max_message_bytes is 16384");
  }

  @Test
  void refusesMessagesOverTheSizeParam() {
    ChatTestChain c = Chats.chain(6, 2);
    c.genesis.putObject("messaging").putObject("params").put("max_message_bytes", "64");
    c.init();
    Chats.registerAll(c, 2);
    MsgSendDirectMessage m = send(c, 0, 1, 1);
    ok(c.deliver(0, m.toBuilder().setPayload(payload(1, 64)).build()));
    refused(
        c,
        0,
        m.toBuilder().setPayload(payload(1, 65)).build(),
        "message too large: ciphertext is 65 bytes, max_message_bytes is 64");
  }

  @Test
  void refusesUnknownAndRevokedDevices() {
    Chats.registerAll(chain, 2);
    MsgSendDirectMessage m = send(chain, 0, 1, 1).toBuilder().setSenderDeviceId("phone").build();
    refused(chain, 0, m, "sender " + addr(0) + " has no device 'phone'");
    ok(
        chain.deliver(
            0,
            MsgAddDevice.newBuilder()
                .setOwner(addr(0))
                .setDeviceId("phone")
                .setPublicKey(ChatTestChain.key32(4))
                .build()));
    ok(chain.deliver(0, m));
    ok(
        chain.deliver(
            0, MsgRevokeDevice.newBuilder().setOwner(addr(0)).setDeviceId("phone").build()));
    refused(chain, 0, m, "device 'phone' of " + addr(0) + " was revoked at height 5");
    // the account key (no device) still works
    ok(chain.deliver(0, send(chain, 0, 1, 2)));
    JsonNode msgs =
        chain.query("messaging/conversation", "a", addr(0), "b", addr(1)).get("messages");
    assertThat(msgs.get(0).get("sender_device_id").asText()).isEqualTo("phone");
    assertThat(msgs.get(1).get("sender_device_id").asText()).isEmpty();
  }

  @Test
  void rateLimitsPerAccountOverTheWindow() {
    ChatTestChain c = Chats.chain(7, 3);
    c.genesis
        .putObject("messaging")
        .putObject("params")
        .put("max_messages_per_window", "3")
        .put("window_blocks", "2");
    c.init();
    Chats.registerAll(c, 3);
    // three in one block (height 2), the fourth in the same block is refused
    var fb =
        c.block(
            c.tx(0, 0, send(c, 0, 1, 1)),
            c.tx(0, 1, send(c, 0, 2, 2)),
            c.tx(0, 2, send(c, 0, 1, 3)),
            c.tx(0, 3, send(c, 0, 1, 4)),
            c.tx(1, 0, send(c, 1, 0, 5)));
    assertThat(fb.txResults().subList(0, 3)).allMatch(r -> r.getCode() == 0);
    assertThat(fb.txResults().get(3).getLog())
        .contains("rate limit: 3 messages in the last 2 blocks");
    ok(fb.txResults().get(4));
    // height 3: the window (heights 2..3) still holds three
    refused(c, 0, send(c, 0, 1, 6), "rate limit: 3 messages in the last 2 blocks");
    // height 4: window 3..4 is empty again
    ok(c.deliver(0, send(c, 0, 1, 7)));
    assertThat(
            c.query("messaging/conversation", "a", c.addresses.get(0), "b", c.addresses.get(1))
                .get("last_sequence")
                .asText())
        .isEqualTo("4");
  }

  @Test
  void refusesWithoutFundsForTheMessageFee() {
    ChatTestChain c = Chats.chain(8, 2);
    c.genesis
        .putObject("messaging")
        .putObject("params")
        .put("message_fee", Long.toString(ChatTestChain.INITIAL));
    c.init();
    Chats.registerAll(c, 2);
    refused(c, 0, send(c, 0, 1, 1), "insufficient funds");
  }
}
