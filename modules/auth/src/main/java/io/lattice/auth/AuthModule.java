package io.lattice.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.proto.auth.v1.BaseAccount;
import io.lattice.proto.auth.v1.Params;
import io.lattice.proto.tx.v1.PublicKey;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The auth module: genesis, queries and invariants around {@link AuthKeeper}. */
public final class AuthModule implements Module {
  private static final Set<String> GENESIS_FIELDS = Set.of("params", "accounts");
  private static final Set<String> ACCOUNT_FIELDS =
      Set.of("address", "public_key", "account_number", "sequence");
  private static final Set<String> KEY_FIELDS = Set.of("algorithm", "key");
  private static final Set<String> PARAM_FIELDS =
      Set.of(
          "max_memo_characters",
          "tx_size_cost_per_byte",
          "sig_verify_cost_ed25519",
          "sig_verify_cost_secp256k1",
          "sig_verify_cost_ml_dsa",
          "sig_verify_cost_falcon",
          "sig_verify_cost_slh_dsa",
          "sig_verify_cost_hybrid");

  private final AuthKeeper keeper;

  public AuthModule(AuthKeeper keeper) {
    this.keeper = keeper;
  }

  public AuthKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "auth", GENESIS_FIELDS);
    JsonNode p = genesis.get("params");
    keeper.setParams(ctx.store(), p == null ? AuthKeeper.DEFAULT_PARAMS : paramsFromJson(p));
    Set<String> seen = new HashSet<>();
    Set<Long> numbers = new HashSet<>();
    long next = 0;
    ArrayNode accounts = GenesisJson.optionalArray(genesis, "accounts", "auth");
    for (int i = 0; i < accounts.size(); i++) {
      String path = "auth.accounts[" + i + "]";
      BaseAccount a = accountFromJson(accounts.get(i), path);
      if (!seen.add(a.getAddress())) {
        throw new IllegalArgumentException(path + ": duplicate account " + a.getAddress());
      }
      if (!numbers.add(a.getAccountNumber())) {
        throw new IllegalArgumentException(
            path + ": duplicate account number " + a.getAccountNumber());
      }
      next = Math.max(next, a.getAccountNumber() + 1);
      keeper.setAccount(ctx.store(), a);
    }
    keeper.setNextAccountNumber(ctx.store(), next);
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    ObjectNode out = GenesisJson.object();
    out.set("params", paramsToJson(keeper.params(ctx.store())));
    ArrayNode accounts = out.putArray("accounts");
    for (BaseAccount a : keeper.allAccounts(ctx.store())) {
      accounts.add(accountToJson(a));
    }
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", paramsToJson(AuthKeeper.DEFAULT_PARAMS));
    out.putArray("accounts");
    return out;
  }

  @Override
  public JsonNode params(KVStore state) {
    return paramsToJson(keeper.params(state));
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "account-numbers",
            state -> {
              long next = keeper.nextAccountNumber(state);
              Set<Long> numbers = new HashSet<>();
              for (BaseAccount a : keeper.allAccounts(state)) {
                if (a.getAccountNumber() >= next) {
                  return Optional.of(
                      a.getAddress()
                          + " has account number "
                          + a.getAccountNumber()
                          + " >= next "
                          + next);
                }
                if (!numbers.add(a.getAccountNumber())) {
                  return Optional.of("account number " + a.getAccountNumber() + " used twice");
                }
              }
              return Optional.empty();
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "account",
            (state, req) -> {
              String address = GenesisJson.requireString(req, "address", "request");
              return keeper
                  .account(state, address)
                  .<JsonNode>map(AuthModule::accountToJson)
                  .orElseGet(GenesisJson::object);
            }),
        new QueryRoute("params", (state, req) -> paramsToJson(keeper.params(state))));
  }

  // ---- JSON mapping ----

  public static ObjectNode accountToJson(BaseAccount a) {
    ObjectNode n = GenesisJson.object();
    n.put("address", a.getAddress());
    if (a.hasPublicKey()) {
      ObjectNode k = n.putObject("public_key");
      k.put("algorithm", a.getPublicKey().getAlgorithm());
      k.put("key", Base64.getEncoder().encodeToString(a.getPublicKey().getKey().toByteArray()));
    }
    n.put("account_number", GenesisJson.uint64Text(a.getAccountNumber()));
    n.put("sequence", GenesisJson.uint64Text(a.getSequence()));
    return n;
  }

  static BaseAccount accountFromJson(JsonNode n, String path) {
    GenesisJson.requireObject(n, path, ACCOUNT_FIELDS);
    String address = GenesisJson.requireString(n, "address", path);
    try {
      Addresses.check(address, path + ".address");
    } catch (TxException e) {
      throw new IllegalArgumentException(e.reason(), e);
    }
    BaseAccount.Builder b =
        BaseAccount.newBuilder()
            .setAddress(address)
            .setAccountNumber(GenesisJson.uint64(n, "account_number", path, 0))
            .setSequence(GenesisJson.uint64(n, "sequence", path, 0));
    JsonNode k = n.get("public_key");
    if (k != null && !k.isNull()) {
      String kp = path + ".public_key";
      GenesisJson.requireObject(k, kp, KEY_FIELDS);
      String algorithm = GenesisJson.requireString(k, "algorithm", kp);
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(GenesisJson.requireString(k, "key", kp));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(kp + ".key is not valid base64", e);
      }
      try {
        io.lattice.crypto.PublicKey key =
            io.lattice.crypto.PublicKey.decode(KeyAlgorithm.fromId(algorithm), raw);
        if (!key.address().toString().equals(address)) {
          throw new IllegalArgumentException(
              kp + " belongs to " + key.address() + ", not " + address);
        }
      } catch (CryptoException e) {
        throw new IllegalArgumentException(kp + ": " + e.getMessage(), e);
      }
      b.setPublicKey(
          PublicKey.newBuilder().setAlgorithm(algorithm).setKey(ByteString.copyFrom(raw)).build());
    }
    return b.build();
  }

  public static ObjectNode paramsToJson(Params p) {
    ObjectNode n = GenesisJson.object();
    n.put("max_memo_characters", GenesisJson.uint64Text(p.getMaxMemoCharacters()));
    n.put("tx_size_cost_per_byte", GenesisJson.uint64Text(p.getTxSizeCostPerByte()));
    n.put("sig_verify_cost_ed25519", GenesisJson.uint64Text(p.getSigVerifyCostEd25519()));
    n.put("sig_verify_cost_secp256k1", GenesisJson.uint64Text(p.getSigVerifyCostSecp256K1()));
    n.put("sig_verify_cost_ml_dsa", GenesisJson.uint64Text(p.getSigVerifyCostMlDsa()));
    n.put("sig_verify_cost_falcon", GenesisJson.uint64Text(p.getSigVerifyCostFalcon()));
    n.put("sig_verify_cost_slh_dsa", GenesisJson.uint64Text(p.getSigVerifyCostSlhDsa()));
    n.put("sig_verify_cost_hybrid", GenesisJson.uint64Text(p.getSigVerifyCostHybrid()));
    return n;
  }

  static Params paramsFromJson(JsonNode n) {
    String path = "auth.params";
    GenesisJson.requireObject(n, path, PARAM_FIELDS);
    Params d = AuthKeeper.DEFAULT_PARAMS;
    return Params.newBuilder()
        .setMaxMemoCharacters(
            GenesisJson.uint64(n, "max_memo_characters", path, d.getMaxMemoCharacters()))
        .setTxSizeCostPerByte(
            GenesisJson.uint64(n, "tx_size_cost_per_byte", path, d.getTxSizeCostPerByte()))
        .setSigVerifyCostEd25519(
            GenesisJson.uint64(n, "sig_verify_cost_ed25519", path, d.getSigVerifyCostEd25519()))
        .setSigVerifyCostSecp256K1(
            GenesisJson.uint64(n, "sig_verify_cost_secp256k1", path, d.getSigVerifyCostSecp256K1()))
        .setSigVerifyCostMlDsa(
            GenesisJson.uint64(n, "sig_verify_cost_ml_dsa", path, d.getSigVerifyCostMlDsa()))
        .setSigVerifyCostFalcon(
            GenesisJson.uint64(n, "sig_verify_cost_falcon", path, d.getSigVerifyCostFalcon()))
        .setSigVerifyCostSlhDsa(
            GenesisJson.uint64(n, "sig_verify_cost_slh_dsa", path, d.getSigVerifyCostSlhDsa()))
        .setSigVerifyCostHybrid(
            GenesisJson.uint64(n, "sig_verify_cost_hybrid", path, d.getSigVerifyCostHybrid()))
        .build();
  }
}
