package io.lattice.xchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.common.Hex;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.store.KVStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The {@code xchain} genesis section (modules/xchain/README.md "Genesis"):
 *
 * <pre>
 * {"params": {...},
 *  "counterparty": {"chain_id": "...", "genesis_time": "...", "validators": [...]}}
 * </pre>
 *
 * where {@code validators} is the counterparty genesis.json's array verbatim ({@code address},
 * {@code pub_key {algorithm, key (base64)}}, {@code power}, optional {@code name}). An exported
 * chain carries {@code "state"} instead of {@code counterparty}: every xchain entry but the params
 * as {@code {"key": hex, "value": base64}}, so that a re-import hashes the same.
 */
final class XchainGenesis {
  private static final Set<String> FIELDS = Set.of("params", "counterparty", "state");
  private static final Set<String> COUNTERPARTY_FIELDS =
      Set.of("chain_id", "genesis_time", "validators");

  private final XchainKeeper keeper;

  XchainGenesis(XchainKeeper keeper) {
    this.keeper = keeper;
  }

  void init(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "xchain", FIELDS);
    Params p =
        genesis.has("params")
            ? ParamsKeeper.parse(genesis.get("params"), ParamsKeeper.DEFAULTS, "xchain.params")
            : ParamsKeeper.DEFAULTS;
    if (genesis.has("counterparty") && genesis.has("state")) {
      throw new IllegalArgumentException("xchain: give either counterparty or state, not both");
    }
    keeper.params().set(ctx.store(), p);
    if (genesis.has("counterparty")) {
      JsonNode c = genesis.get("counterparty");
      GenesisJson.requireObject(c, "xchain.counterparty", COUNTERPARTY_FIELDS);
      String chainId = GenesisJson.requireString(c, "chain_id", "xchain.counterparty");
      if (chainId.isEmpty() || chainId.equals(ctx.chainId())) {
        throw new IllegalArgumentException(
            "xchain.counterparty.chain_id must name another chain, got '" + chainId + "'");
      }
      String time = GenesisJson.requireString(c, "genesis_time", "xchain.counterparty");
      Instant genesisTime;
      try {
        genesisTime = Instant.parse(time);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "xchain.counterparty.genesis_time is not an RFC 3339 UTC time: " + time, e);
      }
      ValidatorSet validators = validators(c.get("validators"));
      keeper.client().initialize(ctx.store(), chainId, genesisTime, validators);
    }
    if (genesis.has("state")) {
      importState(ctx.store(), genesis.get("state"));
    }
  }

  /**
   * Parses a genesis.json {@code validators} array as node's GenesisFile does: each key ed25519 or
   * hybrid, its address derived from the key (and equal to {@code address} when given), power
   * positive; order kept (it is the order hashed into validators_hash).
   */
  static ValidatorSet validators(JsonNode vs) {
    if (vs == null || !vs.isArray() || vs.isEmpty()) {
      throw new IllegalArgumentException(
          "xchain.counterparty.validators must be a non-empty array");
    }
    ValidatorSet.Builder set = ValidatorSet.newBuilder();
    for (int i = 0; i < vs.size(); i++) {
      String at = "xchain.counterparty.validators[" + i + "]";
      JsonNode v = vs.get(i);
      JsonNode pk = v.path("pub_key");
      String algorithm = GenesisJson.requireString(pk, "algorithm", at + ".pub_key");
      byte[] key;
      try {
        key = Base64.getDecoder().decode(GenesisJson.requireString(pk, "key", at + ".pub_key"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".pub_key.key is not base64", e);
      }
      PublicKey publicKey;
      try {
        KeyAlgorithm alg = KeyAlgorithm.fromId(algorithm);
        if (alg != KeyAlgorithm.ED25519 && alg != KeyAlgorithm.HYBRID) {
          throw new IllegalArgumentException(
              at + ".pub_key.algorithm: validator keys must be ed25519 or hybrid");
        }
        publicKey = PublicKey.decode(alg, key);
      } catch (CryptoException e) {
        throw new IllegalArgumentException(at + ".pub_key: " + e.getMessage(), e);
      }
      String derived = publicKey.address().toString();
      if (v.has("address") && !derived.equals(v.get("address").asText())) {
        throw new IllegalArgumentException(
            at + ".address " + v.get("address").asText() + " is not the address of its key");
      }
      long power = GenesisJson.uint64(v, "power", at, 0);
      if (power <= 0) {
        throw new IllegalArgumentException(at + ".power must be positive");
      }
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(publicKey.address().bytes()))
              .setPubKey(
                  ValidatorPubKey.newBuilder()
                      .setAlgorithm(algorithm)
                      .setKey(ByteString.copyFrom(key)))
              .setVotingPower(power));
    }
    return set.build();
  }

  private void importState(KVStore state, JsonNode entries) {
    if (!entries.isArray()) {
      throw new IllegalArgumentException("xchain.state must be an array");
    }
    byte[] prefix = keeper.schema().prefix();
    byte[] paramsKey = keeper.keys().params.key();
    for (int i = 0; i < entries.size(); i++) {
      String at = "xchain.state[" + i + "]";
      JsonNode e = GenesisJson.requireObject(entries.get(i), at, Set.of("key", "value"));
      byte[] key;
      byte[] value;
      try {
        key = Hex.decode(GenesisJson.requireString(e, "key", at));
        value = Base64.getDecoder().decode(GenesisJson.requireString(e, "value", at));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(at + ": " + ex.getMessage(), ex);
      }
      if (key.length <= prefix.length
          || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)
          || Arrays.equals(key, paramsKey)
          || keeper.schema().describe(key).isEmpty()) {
        throw new IllegalArgumentException(at + ".key is not an xchain state key");
      }
      state.set(key, value);
    }
  }

  ObjectNode export(KVStore state) {
    ObjectNode out = GenesisJson.object();
    out.set("params", ParamsKeeper.toJson(keeper.params().get(state)));
    ArrayNode entries = out.putArray("state");
    byte[] paramsKey = keeper.keys().params.key();
    for (KVStore.Entry e : state.scanPrefix(keeper.schema().prefix())) {
      if (Arrays.equals(e.key(), paramsKey)) {
        continue;
      }
      entries
          .addObject()
          .put("key", Hex.encode(e.key()))
          .put("value", Base64.getEncoder().encodeToString(e.value()));
    }
    return out;
  }
}
