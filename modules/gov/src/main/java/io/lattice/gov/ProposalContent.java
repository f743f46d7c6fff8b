package io.lattice.gov;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.tx.v1.Any;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.KVStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a proposal carries — param changes and governance-only messages — checked against the
 * chain's modules at submission and applied when the proposal passes. Both run every change and
 * message in order in one cache layer over the caller's state: the check discards it, the execution
 * writes it only when everything succeeded.
 */
final class ProposalContent {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** The largest params_json accepted, in characters. */
  static final int MAX_PARAMS_JSON = 16_384;

  private final Map<String, Module> modules = new TreeMap<>();
  private final Map<String, MsgType<?>> msgTypes = new TreeMap<>();
  private boolean set;

  /**
   * Installs the chain's modules (once, while composing the app).
   *
   * @throws IllegalStateException when called twice
   */
  void setModules(List<Module> all) {
    if (set) {
      throw new IllegalStateException("gov's modules are already set");
    }
    for (Module m : all) {
      modules.put(m.name(), m);
      for (MsgType<?> t : m.messages()) {
        msgTypes.put(t.typeUrl(), t);
      }
    }
    set = true;
  }

  private void requireSet() {
    if (!set) {
      throw new IllegalStateException(
          "gov has no modules: the chain composition must call GovKeeper.setModules");
    }
  }

  /** A message of a proposal, decoded, with its type. */
  private record Decoded(MsgType<?> type, Message msg) {}

  /**
   * Checks a proposal's content without changing {@code ctx}'s state: every change names a module
   * with params, its JSON is an object whose merge over the current params the module accepts;
   * every message is of a known type other than gov's own, decodes, passes its stateless check and
   * is signed by the gov module account only.
   *
   * @throws TxException {@link GovKeeper#CODE_INVALID_CONTENT} naming the change or message
   */
  void check(Context ctx, List<ParamChange> changes, List<Any> messages) throws TxException {
    requireSet();
    for (int i = 0; i < messages.size(); i++) {
      decode(messages.get(i), i);
    }
    CacheStore scratch = new CacheStore(ctx.store());
    Context dry = new Context(scratch, ctx.gas(), ctx.chainId(), ctx.height(), ctx.time());
    for (int i = 0; i < changes.size(); i++) {
      try {
        applyChange(dry, changes.get(i));
      } catch (IllegalArgumentException e) {
        throw invalid("changes[" + i + "] (" + changes.get(i).getModule() + "): " + e.getMessage());
      }
    }
  }

  /**
   * Applies a passed proposal's content in one cache layer over {@code ctx}; writes it and re-emits
   * its events only when every change and message succeeded and {@code postCheck} finds nothing
   * wrong with the resulting state.
   *
   * @return empty on success, else why nothing was applied
   */
  Optional<String> execute(
      Context ctx,
      List<ParamChange> changes,
      List<Any> messages,
      Function<KVStore, Optional<String>> postCheck) {
    requireSet();
    CacheStore cache = new CacheStore(ctx.store());
    Context sub = new Context(cache, ctx.gas(), ctx.chainId(), ctx.height(), ctx.time());
    for (int i = 0; i < changes.size(); i++) {
      String what = "changes[" + i + "] (" + changes.get(i).getModule() + ")";
      try {
        applyChange(sub, changes.get(i));
      } catch (RuntimeException e) {
        return Optional.of(what + ": " + e.getMessage());
      }
    }
    for (int i = 0; i < messages.size(); i++) {
      String what = "messages[" + i + "] (" + messages.get(i).getTypeUrl() + ")";
      try {
        Decoded d = decode(messages.get(i), i);
        d.type().handleUntyped(sub, d.msg());
      } catch (TxException e) {
        return Optional.of(what + ": " + e.codespace() + " " + e.code() + ": " + e.reason());
      } catch (RuntimeException e) {
        return Optional.of(what + ": " + e.getMessage());
      }
    }
    Optional<String> refused = postCheck.apply(cache);
    if (refused.isPresent()) {
      return refused;
    }
    cache.write();
    sub.events().forEach(ctx::emit);
    return Optional.empty();
  }

  /** Merges a change over its module's current params and hands the result to the module. */
  private void applyChange(Context ctx, ParamChange change) {
    Module m = modules.get(change.getModule());
    if (m == null) {
      throw new IllegalArgumentException("unknown module '" + change.getModule() + "'");
    }
    if (change.getParamsJson().length() > MAX_PARAMS_JSON) {
      throw new IllegalArgumentException(
          "params_json longer than " + MAX_PARAMS_JSON + " characters");
    }
    JsonNode patch;
    try {
      patch = JSON.readTree(change.getParamsJson());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "params_json is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (patch == null || !patch.isObject() || patch.isEmpty()) {
      throw new IllegalArgumentException("params_json must be a non-empty JSON object");
    }
    JsonNode current = m.params(ctx.store());
    if (!current.isObject()) {
      throw new IllegalArgumentException("module " + m.name() + " has no params object");
    }
    ObjectNode merged = ((ObjectNode) current).deepCopy();
    for (Map.Entry<String, JsonNode> f : patch.properties()) {
      if (!merged.has(f.getKey())) {
        throw new IllegalArgumentException(m.name() + ".params has no field '" + f.getKey() + "'");
      }
      merged.set(f.getKey(), f.getValue());
    }
    m.setParams(ctx, merged);
  }

  private Decoded decode(Any any, int i) throws TxException {
    String what = "messages[" + i + "]";
    MsgType<?> type = msgTypes.get(any.getTypeUrl());
    if (type == null) {
      throw invalid(what + ": unknown message type '" + any.getTypeUrl() + "'");
    }
    if (any.getTypeUrl().startsWith(GovModule.TYPE_URL_PREFIX)) {
      throw invalid(what + ": gov's own messages cannot be proposed");
    }
    Message msg;
    try {
      msg = type.parser().parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw invalid(what + ": cannot decode " + any.getTypeUrl() + ": " + e.getMessage());
    }
    try {
      type.checkUntyped(msg);
    } catch (TxException e) {
      throw invalid(what + ": " + e.reason());
    }
    List<String> signers = type.signersUntyped(msg);
    if (signers.isEmpty()) {
      throw invalid(what + ": the message has no signer");
    }
    for (String s : signers) {
      if (!s.equals(GovKeeper.AUTHORITY)) {
        throw invalid(
            what
                + ": signer "
                + s
                + " is not the gov module account "
                + GovKeeper.AUTHORITY
                + " (proposals may only carry messages governance signs)");
      }
    }
    return new Decoded(type, msg);
  }

  private static TxException invalid(String reason) {
    return new TxException(GovKeeper.NAME, GovKeeper.CODE_INVALID_CONTENT, reason);
  }
}
