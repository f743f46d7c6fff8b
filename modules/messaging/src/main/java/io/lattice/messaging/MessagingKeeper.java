package io.lattice.messaging;

import com.google.protobuf.ByteString;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankSender;
import io.lattice.identity.IdentityKeeper;
import io.lattice.messaging.StateKeys.Conversation;
import io.lattice.messaging.StateKeys.EnvelopeKey;
import io.lattice.messaging.StateKeys.ExpiryKey;
import io.lattice.messaging.StateKeys.InboxKey;
import io.lattice.messaging.StateKeys.RateKey;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.messaging.v1.EncryptedPayload;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.proto.messaging.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The messaging module's state: envelopes of end-to-end encrypted direct messages, ordered per
 * conversation, with the indexes that make "conversation since sequence", "inbox since height" and
 * "expired by time" prefix scans, plus the per-sender rate-limit counters.
 *
 * <p>State layout (module prefix {@code "messaging/"}): {@code 0x01} params; {@code 0x02} (a, b) →
 * last sequence; {@code 0x03} (a, b, sequence) → {@link Envelope}; {@code 0x04} (recipient, height,
 * sender, sequence) → 0x01; {@code 0x05} (expires_at, a, b, sequence) → 0x01; {@code 0x06} (height,
 * sender) → messages sent; {@code 0x07} prune cursor (unix seconds).
 */
public final class MessagingKeeper {
  public static final String NAME = "messaging";

  public static final int CODE_INVALID_PAYLOAD = 2;
  public static final int CODE_NOT_REGISTERED = 3;
  public static final int CODE_UNKNOWN_DEVICE = 4;
  public static final int CODE_DEVICE_REVOKED = 5;
  public static final int CODE_RATE_LIMITED = 6;
  public static final int CODE_MESSAGE_TOO_LARGE = 7;
  public static final int CODE_SELF_MESSAGE = 8;
  public static final int CODE_UNKNOWN_RECIPIENT_KEY = 9;

  public static final String FEE_DENOM = "ulat";
  public static final int EPHEMERAL_KEY_BYTES = 32;
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  /** Hard upper bounds of the params (governance cannot go beyond them). */
  public static final long MAX_MESSAGE_BYTES_LIMIT = 1 << 20;

  public static final long WINDOW_BLOCKS_LIMIT = 100;
  public static final long RETENTION_LIMIT_SECONDS = 10L * 366 * 86_400;
  public static final long PRUNE_PER_BLOCK_LIMIT = 100_000;

  /** Most expiry seconds one end block looks at (catching up after a halt is spread out). */
  public static final int MAX_PRUNE_PROBES = 3600;

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder()
          .setMaxMessageBytes(16 * 1024)
          .setMaxMessagesPerWindow(30)
          .setWindowBlocks(10)
          .setMessageFee("100")
          .setRetentionPeriod(30L * 86_400)
          .setMaxPrunePerBlock(1000)
          .build();

  private final Schema schema = new Schema(NAME);
  private final Item<Params> params = schema.item(1, "params", Codecs.proto(Params.parser()));
  private final StateMap<Conversation, Long> conversations =
      schema.map(2, "conversations", StateKeys.CONVERSATION, Codecs.UINT64);
  private final StateMap<EnvelopeKey, Envelope> envelopes =
      schema.map(3, "envelopes", StateKeys.ENVELOPE, Codecs.proto(Envelope.parser()));
  private final StateMap<InboxKey, Boolean> inbox =
      schema.map(4, "inbox", StateKeys.INBOX, StateKeys.PRESENT);
  private final StateMap<ExpiryKey, Boolean> expiry =
      schema.map(5, "expiry", StateKeys.EXPIRY, StateKeys.PRESENT);
  private final StateMap<RateKey, Long> rates =
      schema.map(6, "rate_counts", StateKeys.RATE, Codecs.UINT64);
  private final Item<Long> pruneCursor = schema.item(7, "prune_cursor", Codecs.UINT64);

  private final IdentityKeeper identity;
  private final BankSender bank;

  public MessagingKeeper(IdentityKeeper identity, BankSender bank) {
    this.identity = identity;
    this.bank = bank;
  }

  public Schema schema() {
    return schema;
  }

  static TxException error(int code, String reason) {
    return new TxException(NAME, code, reason);
  }

  // ---- params ----

  public Params params(KVStore state) {
    return params.getOrDefault(state, DEFAULT_PARAMS);
  }

  /**
   * @throws IllegalArgumentException naming the invalid field; nothing is written
   */
  public void setParams(KVStore state, Params p) {
    validateParams(p);
    params.set(state, p);
  }

  /**
   * Governance's parameter change at {@code ctx.height()}: as {@link #setParams(KVStore, Params)},
   * and when the rate-limit window shrinks, drops the counters older than the new window (heights
   * below {@code h - W + 1}; the end block drops the height that leaves it after this block).
   */
  public void setParams(Context ctx, Params p) {
    validateParams(p);
    KVStore s = ctx.store();
    long oldWindow = params(s).getWindowBlocks();
    long h = ctx.height();
    if (p.getWindowBlocks() < oldWindow) {
      for (long i = Math.max(0, h - oldWindow + 1); i <= h - p.getWindowBlocks(); i++) {
        for (Map.Entry<RateKey, Long> e : rates.entriesWithKeyPrefix(s, StateKeys.prefix(i))) {
          rates.remove(s, e.getKey());
        }
      }
    }
    params.set(s, p);
  }

  static void validateParams(Params p) {
    range("max_message_bytes", p.getMaxMessageBytes(), TAG_BYTES, MAX_MESSAGE_BYTES_LIMIT);
    range("max_messages_per_window", p.getMaxMessagesPerWindow(), 1, 1_000_000);
    range("window_blocks", p.getWindowBlocks(), 1, WINDOW_BLOCKS_LIMIT);
    if (!p.getMessageFee().matches("0|[1-9][0-9]{0,76}")) {
      throw new IllegalArgumentException(
          "message_fee must be a non-negative integer amount of ulat, got '"
              + p.getMessageFee()
              + "'");
    }
    range("retention_period", p.getRetentionPeriod(), 1, RETENTION_LIMIT_SECONDS);
    range("max_prune_per_block", p.getMaxPrunePerBlock(), 1, PRUNE_PER_BLOCK_LIMIT);
  }

  private static void range(String field, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          field + " must be in " + min + ".." + max + ", got " + Long.toUnsignedString(v));
    }
  }

  // ---- sending ----

  /**
   * Checks that need no state: address formats are checked by the module; here the payload sizes.
   */
  static void checkPayload(EncryptedPayload p) throws TxException {
    if (p.getEphemeralKey().size() != EPHEMERAL_KEY_BYTES) {
      throw error(
          CODE_INVALID_PAYLOAD,
          "payload.ephemeral_key must be "
              + EPHEMERAL_KEY_BYTES
              + " bytes (X25519), got "
              + p.getEphemeralKey().size());
    }
    if (p.getNonce().size() != NONCE_BYTES) {
      throw error(
          CODE_INVALID_PAYLOAD,
          "payload.nonce must be " + NONCE_BYTES + " bytes, got " + p.getNonce().size());
    }
    if (p.getCiphertext().size() < TAG_BYTES) {
      throw error(
          CODE_INVALID_PAYLOAD,
          "payload.ciphertext must hold at least the "
              + TAG_BYTES
              + "-byte AEAD tag, got "
              + p.getCiphertext().size()
              + " bytes");
    }
    if (p.getCiphertext().size() > MAX_MESSAGE_BYTES_LIMIT) {
      throw error(
          CODE_MESSAGE_TOO_LARGE,
          "payload.ciphertext is "
              + p.getCiphertext().size()
              + " bytes, more than any max_message_bytes ("
              + MAX_MESSAGE_BYTES_LIMIT
              + ")");
    }
    if (!p.getRecipientKey().isEmpty() && p.getRecipientKey().size() != 32) {
      throw error(
          CODE_INVALID_PAYLOAD,
          "payload.recipient_key must be empty or 32 bytes, got " + p.getRecipientKey().size());
    }
  }

  /**
   * Stores a direct message after every check (sizes against params, both identities, the sender's
   * device, the recipient key, the rate limit, the fee); returns the stored envelope.
   */
  public Envelope send(Context ctx, MsgSendDirectMessage m) throws TxException {
    KVStore s = ctx.store();
    Params p = params(s);
    String sender = m.getSender();
    String recipient = m.getRecipient();
    if (sender.equals(recipient)) {
      throw error(CODE_SELF_MESSAGE, "cannot send a direct message to oneself");
    }
    checkPayload(m.getPayload());
    int size = m.getPayload().getCiphertext().size();
    if (size > p.getMaxMessageBytes()) {
      throw error(
          CODE_MESSAGE_TOO_LARGE,
          "message too large: ciphertext is "
              + size
              + " bytes, max_message_bytes is "
              + p.getMaxMessageBytes());
    }
    if (!identity.isRegistered(s, sender)) {
      throw error(CODE_NOT_REGISTERED, "sender " + sender + " has no registered identity");
    }
    EncryptionKeys recipientKeys =
        identity
            .keys(s, recipient)
            .orElseThrow(() ->
                error(
                    CODE_NOT_REGISTERED, "recipient " + recipient + " has no registered identity"));
    if (!m.getSenderDeviceId().isEmpty()) {
      Optional<Device> d = identity.device(s, sender, m.getSenderDeviceId());
      if (d.isEmpty()) {
        throw error(
            CODE_UNKNOWN_DEVICE,
            "sender " + sender + " has no device '" + printable(m.getSenderDeviceId()) + "'");
      }
      if (d.get().getRevokedHeight() != 0) {
        throw error(
            CODE_DEVICE_REVOKED,
            "device '"
                + m.getSenderDeviceId()
                + "' of "
                + sender
                + " was revoked at height "
                + d.get().getRevokedHeight());
      }
    }
    ByteString rk = m.getPayload().getRecipientKey();
    if (!rk.isEmpty() && !isKeyOf(recipientKeys, rk)) {
      throw error(
          CODE_UNKNOWN_RECIPIENT_KEY,
          "payload.recipient_key is neither the identity key nor a prekey of " + recipient);
    }
    long h = ctx.height();
    long sent = sentInWindow(s, sender, h, p.getWindowBlocks());
    if (sent >= p.getMaxMessagesPerWindow()) {
      throw error(
          CODE_RATE_LIMITED,
          "rate limit: " + sent + " messages in the last " + p.getWindowBlocks() + " blocks");
    }
    BigInteger fee = new BigInteger(p.getMessageFee());
    if (fee.signum() > 0) {
      bank.send(ctx, sender, BankKeeper.FEE_COLLECTOR, List.of(Coins.coin(FEE_DENOM, fee)));
    }

    Conversation c = Conversation.of(sender, recipient);
    long seq = conversations.get(s, c).orElse(0L) + 1;
    long time = ctx.time().getEpochSecond();
    Envelope e =
        Envelope.newBuilder()
            .setSender(sender)
            .setRecipient(recipient)
            .setSequence(seq)
            .setHeight(h)
            .setTime(time)
            .setExpiresAt(time + p.getRetentionPeriod())
            .setSenderDeviceId(m.getSenderDeviceId())
            .setPayload(m.getPayload())
            .build();
    conversations.set(s, c, seq);
    store(s, e);
    RateKey rateKey = new RateKey(h, sender);
    rates.set(s, rateKey, rates.get(s, rateKey).orElse(0L) + 1);
    ctx.emit(
        "messaging.sent",
        "sender",
        sender,
        "recipient",
        recipient,
        "sequence",
        Long.toString(seq),
        "expires_at",
        Long.toString(e.getExpiresAt()));
    return e;
  }

  private static boolean isKeyOf(EncryptionKeys keys, ByteString key) {
    return keys.getIdentityKey().equals(key) || keys.getPrekeysList().contains(key);
  }

  /** Messages {@code sender} sent in the blocks {@code h - window + 1 .. h}. */
  public long sentInWindow(KVStore state, String sender, long h, long window) {
    long total = 0;
    for (long i = Math.max(0, h - window + 1); i <= h; i++) {
      total += rates.get(state, new RateKey(i, sender)).orElse(0L);
    }
    return total;
  }

  private void store(KVStore s, Envelope e) {
    Conversation c = Conversation.of(e.getSender(), e.getRecipient());
    envelopes.set(s, new EnvelopeKey(c.a(), c.b(), e.getSequence()), e);
    inbox.set(
        s, new InboxKey(e.getRecipient(), e.getHeight(), e.getSender(), e.getSequence()), true);
    expiry.set(s, new ExpiryKey(e.getExpiresAt(), c.a(), c.b(), e.getSequence()), true);
  }

  private void delete(KVStore s, Envelope e) {
    Conversation c = Conversation.of(e.getSender(), e.getRecipient());
    envelopes.remove(s, new EnvelopeKey(c.a(), c.b(), e.getSequence()));
    inbox.remove(s, new InboxKey(e.getRecipient(), e.getHeight(), e.getSender(), e.getSequence()));
    expiry.remove(s, new ExpiryKey(e.getExpiresAt(), c.a(), c.b(), e.getSequence()));
  }

  // ---- end block ----

  /**
   * Prunes envelopes whose expiry is at or before the block time, oldest expiry first (then by
   * conversation and sequence), at most {@code max_prune_per_block}; drops the rate-limit counters
   * that left the window. Returns the number of envelopes pruned.
   */
  public int endBlock(Context ctx) {
    KVStore s = ctx.store();
    Params p = params(s);
    long h = ctx.height();
    // the next block's window is h - W + 2 .. h + 1; h - W + 1 leaves it now, and h - W is
    // dropped again in case a window change in this block came after this hook last ran
    for (long old = h - p.getWindowBlocks(); old <= h - p.getWindowBlocks() + 1; old++) {
      if (old < 0) {
        continue;
      }
      for (Map.Entry<RateKey, Long> e : rates.entriesWithKeyPrefix(s, StateKeys.prefix(old))) {
        rates.remove(s, e.getKey());
      }
    }
    long now = ctx.time().getEpochSecond();
    long cursor = pruneCursor.get(s).orElse(now);
    long budget = p.getMaxPrunePerBlock();
    int pruned = 0;
    int probes = 0;
    while (cursor <= now && budget > 0 && probes < MAX_PRUNE_PROBES) {
      probes++;
      List<Map.Entry<ExpiryKey, Boolean>> due =
          expiry.entriesWithKeyPrefix(s, StateKeys.prefix(cursor));
      int done = 0;
      for (Map.Entry<ExpiryKey, Boolean> d : due) {
        if (budget == 0) {
          break;
        }
        ExpiryKey k = d.getKey();
        Envelope e =
            envelopes
                .get(s, new EnvelopeKey(k.a(), k.b(), k.sequence()))
                .orElseThrow(() -> new IllegalStateException("expiry entry without envelope " + k));
        delete(s, e);
        ctx.emit(
            "messaging.pruned",
            "sender",
            e.getSender(),
            "recipient",
            e.getRecipient(),
            "sequence",
            Long.toString(e.getSequence()));
        budget--;
        pruned++;
        done++;
      }
      if (done < due.size()) {
        break;
      }
      cursor++;
    }
    pruneCursor.set(s, cursor);
    return pruned;
  }

  // ---- reads ----

  /** The last sequence assigned in the conversation of {@code x} and {@code y} (0 when none). */
  public long lastSequence(KVStore state, String x, String y) {
    if (x.equals(y)) {
      return 0;
    }
    return conversations.get(state, Conversation.of(x, y)).orElse(0L);
  }

  /** Stored envelopes of the conversation with sequence {@code > since}, at most {@code limit}. */
  public List<Envelope> conversation(KVStore state, String x, String y, long since, int limit) {
    List<Envelope> out = new ArrayList<>();
    if (x.equals(y)) {
      return out;
    }
    Conversation c = Conversation.of(x, y);
    for (Map.Entry<EnvelopeKey, Envelope> e :
        envelopes.entriesWithKeyPrefix(state, StateKeys.prefix(c))) {
      if (out.size() >= limit) {
        break;
      }
      if (e.getKey().sequence() > since) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  /**
   * Stored envelopes received by {@code address} at height {@code >= sinceHeight}, ascending by
   * (height, sender, sequence), at most {@code limit}.
   */
  public List<Envelope> inbox(KVStore state, String address, long sinceHeight, int limit) {
    List<Envelope> out = new ArrayList<>();
    for (Map.Entry<InboxKey, Boolean> e :
        inbox.entriesWithKeyPrefix(state, StateKeys.prefix(address))) {
      if (out.size() >= limit) {
        break;
      }
      InboxKey k = e.getKey();
      if (k.height() < sinceHeight) {
        continue;
      }
      Conversation c = Conversation.of(k.sender(), k.recipient());
      envelopes.get(state, new EnvelopeKey(c.a(), c.b(), k.sequence())).ifPresent(out::add);
    }
    return out;
  }

  /** Every conversation with its last sequence, ascending. */
  List<Map.Entry<Conversation, Long>> allConversations(KVStore state) {
    return conversations.entries(state);
  }

  /** Every stored envelope, ascending by (conversation, sequence). */
  List<Envelope> allEnvelopes(KVStore state) {
    return envelopes.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  List<Map.Entry<InboxKey, Boolean>> allInbox(KVStore state) {
    return inbox.entries(state);
  }

  List<Map.Entry<ExpiryKey, Boolean>> allExpiry(KVStore state) {
    return expiry.entries(state);
  }

  List<Map.Entry<RateKey, Long>> allRates(KVStore state) {
    return rates.entries(state);
  }

  Optional<Long> pruneCursor(KVStore state) {
    return pruneCursor.get(state);
  }

  // ---- genesis ----

  void importConversation(KVStore s, Conversation c, long last) {
    conversations.set(s, c, last);
  }

  boolean hasEnvelope(KVStore s, Conversation c, long seq) {
    return envelopes.has(s, new EnvelopeKey(c.a(), c.b(), seq));
  }

  void importEnvelope(KVStore s, Envelope e) {
    store(s, e);
  }

  void importRate(KVStore s, String address, long height, long count) {
    rates.set(s, new RateKey(height, address), count);
  }

  void importPruneCursor(KVStore s, long cursor) {
    pruneCursor.set(s, cursor);
  }

  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(s.length(), 64); i++) {
      char ch = s.charAt(i);
      sb.append(
          ch >= 0x20 && ch < 0x7f
              ? String.valueOf(ch)
              : String.format(Locale.ROOT, "\\u%04x", (int) ch));
    }
    return s.length() > 64 ? sb + "..." : sb.toString();
  }
}
