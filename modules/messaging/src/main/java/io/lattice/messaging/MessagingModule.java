package io.lattice.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.messaging.StateKeys.Conversation;
import io.lattice.messaging.StateKeys.ExpiryKey;
import io.lattice.messaging.StateKeys.InboxKey;
import io.lattice.messaging.StateKeys.RateKey;
import io.lattice.proto.messaging.v1.Envelope;
import io.lattice.proto.messaging.v1.MsgSendDirectMessage;
import io.lattice.proto.messaging.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The messaging module: direct messages, genesis, params, queries and invariants. */
public final class MessagingModule implements Module {
  public static final String MSG_SEND_DIRECT_MESSAGE = "/lattice.messaging.v1.MsgSendDirectMessage";

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private static final Set<String> GENESIS_FIELDS =
      Set.of("params", "conversations", "envelopes", "rate_counts", "prune_cursor");
  private static final Set<String> PARAM_FIELDS =
      Set.of(
          "max_message_bytes",
          "max_messages_per_window",
          "window_blocks",
          "message_fee",
          "retention_period",
          "max_prune_per_block");
  private static final Set<String> CONVERSATION_FIELDS = Set.of("a", "b", "last_sequence");
  private static final Set<String> RATE_FIELDS = Set.of("address", "height", "count");

  private final MessagingKeeper keeper;

  public MessagingModule(MessagingKeeper keeper) {
    this.keeper = keeper;
  }

  public MessagingKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public List<MsgType<?>> messages() {
    return List.of(
        new MsgType<>(
            MSG_SEND_DIRECT_MESSAGE,
            MsgSendDirectMessage.class,
            MsgSendDirectMessage.parser(),
            m -> List.of(m.getSender()),
            MessagingModule::checkSend,
            (ctx, m) -> keeper.send(ctx, m)));
  }

  static void checkSend(MsgSendDirectMessage m) throws TxException {
    Addresses.check(m.getSender(), "sender");
    Addresses.check(m.getRecipient(), "recipient");
    if (m.getSender().equals(m.getRecipient())) {
      throw MessagingKeeper.error(
          MessagingKeeper.CODE_SELF_MESSAGE, "cannot send a direct message to oneself");
    }
    if (m.getSenderDeviceId().length() > 64) {
      throw MessagingKeeper.error(
          MessagingKeeper.CODE_UNKNOWN_DEVICE, "sender_device_id is longer than 64 characters");
    }
    MessagingKeeper.checkPayload(m.getPayload());
  }

  @Override
  public void endBlock(Context ctx) {
    keeper.endBlock(ctx);
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "messaging", GENESIS_FIELDS);
    Params params =
        genesis.has("params")
            ? paramsFromJson(
                genesis.get("params"), MessagingKeeper.DEFAULT_PARAMS, "messaging.params")
            : MessagingKeeper.DEFAULT_PARAMS;
    KVStore s = ctx.store();
    keeper.setParams(s, params);

    Map<Conversation, Long> lastOf = new HashMap<>();
    ArrayNode convs = GenesisJson.optionalArray(genesis, "conversations", "messaging");
    for (int i = 0; i < convs.size(); i++) {
      String path = "messaging.conversations[" + i + "]";
      JsonNode c = GenesisJson.requireObject(convs.get(i), path, CONVERSATION_FIELDS);
      String a = GenesisJson.requireString(c, "a", path);
      String b = GenesisJson.requireString(c, "b", path);
      address(a, path + ".a");
      address(b, path + ".b");
      if (a.compareTo(b) >= 0) {
        throw new IllegalArgumentException(path + ": a must sort before b");
      }
      long last = GenesisJson.uint64(c, "last_sequence", path, 0);
      if (last < 1) {
        throw new IllegalArgumentException(path + ".last_sequence must be at least 1");
      }
      Conversation conv = new Conversation(a, b);
      if (lastOf.put(conv, last) != null) {
        throw new IllegalArgumentException(path + ": duplicate conversation " + a + ", " + b);
      }
      keeper.importConversation(s, conv, last);
    }

    long cursor = GenesisJson.uint64(genesis, "prune_cursor", "messaging", 0);
    long minExpiry = Long.MAX_VALUE;
    ArrayNode envs = GenesisJson.optionalArray(genesis, "envelopes", "messaging");
    for (int i = 0; i < envs.size(); i++) {
      String path = "messaging.envelopes[" + i + "]";
      Envelope e = MessagingJson.fromJson(envs.get(i), path);
      address(e.getSender(), path + ".sender");
      address(e.getRecipient(), path + ".recipient");
      if (e.getSender().equals(e.getRecipient())) {
        throw new IllegalArgumentException(path + ": sender and recipient are the same");
      }
      try {
        MessagingKeeper.checkPayload(e.getPayload());
      } catch (TxException x) {
        throw new IllegalArgumentException(path + ": " + x.reason(), x);
      }
      Conversation conv = Conversation.of(e.getSender(), e.getRecipient());
      Long last = lastOf.get(conv);
      if (last == null) {
        throw new IllegalArgumentException(path + ": its conversation is not in conversations");
      }
      if (e.getSequence() < 1 || e.getSequence() > last) {
        throw new IllegalArgumentException(
            path + ".sequence " + e.getSequence() + " is outside 1.." + last);
      }
      if (keeper.hasEnvelope(s, conv, e.getSequence())) {
        throw new IllegalArgumentException(path + ": duplicate sequence " + e.getSequence());
      }
      if (e.getExpiresAt() <= e.getTime()) {
        throw new IllegalArgumentException(path + ".expires_at must be after time");
      }
      if (cursor > 0 && e.getExpiresAt() < cursor) {
        throw new IllegalArgumentException(
            path + ".expires_at " + e.getExpiresAt() + " is before prune_cursor " + cursor);
      }
      minExpiry = Math.min(minExpiry, e.getExpiresAt());
      keeper.importEnvelope(s, e);
    }

    ArrayNode rates = GenesisJson.optionalArray(genesis, "rate_counts", "messaging");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rates.size(); i++) {
      String path = "messaging.rate_counts[" + i + "]";
      JsonNode r = GenesisJson.requireObject(rates.get(i), path, RATE_FIELDS);
      String a = GenesisJson.requireString(r, "address", path);
      address(a, path + ".address");
      long height = GenesisJson.uint64(r, "height", path, 0);
      long count = GenesisJson.uint64(r, "count", path, 0);
      if (count < 1) {
        throw new IllegalArgumentException(path + ".count must be at least 1");
      }
      if (!seen.add(height + "/" + a)) {
        throw new IllegalArgumentException(path + ": duplicate (address, height)");
      }
      keeper.importRate(s, a, height, count);
    }

    if (cursor > 0) {
      keeper.importPruneCursor(s, cursor);
    } else if (minExpiry != Long.MAX_VALUE) {
      keeper.importPruneCursor(s, minExpiry);
    }
  }

  private static void address(String a, String path) {
    try {
      Addresses.check(a, path);
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    KVStore s = ctx.store();
    ObjectNode out = GenesisJson.object();
    out.set("params", params(s));
    ArrayNode convs = out.putArray("conversations");
    for (Map.Entry<Conversation, Long> e : keeper.allConversations(s)) {
      convs
          .addObject()
          .put("a", e.getKey().a())
          .put("b", e.getKey().b())
          .put("last_sequence", GenesisJson.uint64Text(e.getValue()));
    }
    ArrayNode envs = out.putArray("envelopes");
    for (Envelope e : keeper.allEnvelopes(s)) {
      envs.add(MessagingJson.toJson(e));
    }
    ArrayNode rates = out.putArray("rate_counts");
    for (Map.Entry<RateKey, Long> e : keeper.allRates(s)) {
      rates
          .addObject()
          .put("address", e.getKey().sender())
          .put("height", GenesisJson.uint64Text(e.getKey().height()))
          .put("count", GenesisJson.uint64Text(e.getValue()));
    }
    out.put("prune_cursor", GenesisJson.uint64Text(keeper.pruneCursor(s).orElse(0L)));
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", paramsToJson(MessagingKeeper.DEFAULT_PARAMS));
    out.putArray("conversations");
    out.putArray("envelopes");
    return out;
  }

  // ---- params ----

  static ObjectNode paramsToJson(Params p) {
    return GenesisJson.object()
        .put("max_message_bytes", GenesisJson.uint64Text(p.getMaxMessageBytes()))
        .put("max_messages_per_window", GenesisJson.uint64Text(p.getMaxMessagesPerWindow()))
        .put("window_blocks", GenesisJson.uint64Text(p.getWindowBlocks()))
        .put("message_fee", p.getMessageFee())
        .put("retention_period", GenesisJson.uint64Text(p.getRetentionPeriod()))
        .put("max_prune_per_block", GenesisJson.uint64Text(p.getMaxPrunePerBlock()));
  }

  /** Params from JSON; absent fields keep their value in {@code base}. */
  static Params paramsFromJson(JsonNode node, Params base, String path) {
    GenesisJson.requireObject(node, path, PARAM_FIELDS);
    Params.Builder b =
        base.toBuilder()
            .setMaxMessageBytes(
                GenesisJson.uint64(node, "max_message_bytes", path, base.getMaxMessageBytes()))
            .setMaxMessagesPerWindow(
                GenesisJson.uint64(
                    node, "max_messages_per_window", path, base.getMaxMessagesPerWindow()))
            .setWindowBlocks(
                GenesisJson.uint64(node, "window_blocks", path, base.getWindowBlocks()))
            .setRetentionPeriod(
                GenesisJson.uint64(node, "retention_period", path, base.getRetentionPeriod()))
            .setMaxPrunePerBlock(
                GenesisJson.uint64(node, "max_prune_per_block", path, base.getMaxPrunePerBlock()));
    if (node.has("message_fee")) {
      JsonNode f = node.get("message_fee");
      if (!(f.isTextual() || f.isIntegralNumber())) {
        throw new IllegalArgumentException(path + ".message_fee must be a decimal string");
      }
      b.setMessageFee(f.asText());
    }
    Params p = b.build();
    try {
      MessagingKeeper.validateParams(p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + "." + e.getMessage(), e);
    }
    return p;
  }

  @Override
  public JsonNode params(KVStore state) {
    return paramsToJson(keeper.params(state));
  }

  /** Fields absent from {@code params} keep their current values. */
  @Override
  public void setParams(Context ctx, JsonNode params) {
    Params p = paramsFromJson(params, keeper.params(ctx.store()), "messaging.params");
    keeper.setParams(ctx, p);
    ctx.emit("messaging.params_changed", "params", paramsToJson(p).toString());
  }

  // ---- queries ----

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "conversation",
            (state, req) -> {
              String a = GenesisJson.requireString(req, "a", "request");
              String b = GenesisJson.requireString(req, "b", "request");
              long since = GenesisJson.uint64(req, "since", "request", 0);
              int limit = limit(req);
              ObjectNode out = GenesisJson.object();
              out.put("last_sequence", GenesisJson.uint64Text(keeper.lastSequence(state, a, b)));
              ArrayNode msgs = out.putArray("messages");
              for (Envelope e : keeper.conversation(state, a, b, since, limit)) {
                msgs.add(MessagingJson.toJson(e));
              }
              return out;
            }),
        new QueryRoute(
            "inbox",
            (state, req) -> {
              String address = GenesisJson.requireString(req, "address", "request");
              long since = GenesisJson.uint64(req, "since_height", "request", 0);
              int limit = limit(req);
              ObjectNode out = GenesisJson.object();
              ArrayNode msgs = out.putArray("messages");
              for (Envelope e : keeper.inbox(state, address, since, limit)) {
                msgs.add(MessagingJson.toJson(e));
              }
              return out;
            }),
        new QueryRoute("params", (state, req) -> params(state)));
  }

  private static int limit(JsonNode req) {
    long limit = GenesisJson.uint64(req, "limit", "request", DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "request.limit must be in 1.." + MAX_LIMIT + ", got " + limit);
    }
    return (int) limit;
  }

  // ---- invariants ----

  @Override
  public List<Invariant> invariants() {
    return List.of(new Invariant("envelope-indexes", this::indexesBroken));
  }

  /**
   * Every envelope has exactly its inbox and expiry entries, sits in a conversation at a sequence
   * no higher than the conversation's last, and expires no earlier than the prune cursor.
   */
  private Optional<String> indexesBroken(KVStore state) {
    Map<Conversation, Long> last = new HashMap<>();
    for (Map.Entry<Conversation, Long> e : keeper.allConversations(state)) {
      last.put(e.getKey(), e.getValue());
    }
    List<Envelope> all = keeper.allEnvelopes(state);
    Set<InboxKey> inboxWant = new HashSet<>();
    Set<ExpiryKey> expiryWant = new HashSet<>();
    long cursor = keeper.pruneCursor(state).orElse(0L);
    for (Envelope e : all) {
      Conversation c = Conversation.of(e.getSender(), e.getRecipient());
      Long l = last.get(c);
      if (l == null || e.getSequence() < 1 || e.getSequence() > l) {
        return Optional.of(
            "envelope "
                + e.getSequence()
                + " of "
                + c
                + " is outside its conversation's sequences (last "
                + l
                + ")");
      }
      if (e.getExpiresAt() < cursor) {
        return Optional.of(
            "envelope " + e.getSequence() + " of " + c + " expired before the prune cursor");
      }
      inboxWant.add(new InboxKey(e.getRecipient(), e.getHeight(), e.getSender(), e.getSequence()));
      expiryWant.add(new ExpiryKey(e.getExpiresAt(), c.a(), c.b(), e.getSequence()));
    }
    Set<InboxKey> inboxHave = new HashSet<>();
    keeper.allInbox(state).forEach(e -> inboxHave.add(e.getKey()));
    if (!inboxHave.equals(inboxWant)) {
      return Optional.of(
          "inbox index has " + inboxHave.size() + " entries for " + all.size() + " envelopes");
    }
    Set<ExpiryKey> expiryHave = new HashSet<>();
    keeper.allExpiry(state).forEach(e -> expiryHave.add(e.getKey()));
    if (!expiryHave.equals(expiryWant)) {
      return Optional.of(
          "expiry index has " + expiryHave.size() + " entries for " + all.size() + " envelopes");
    }
    return Optional.empty();
  }
}
