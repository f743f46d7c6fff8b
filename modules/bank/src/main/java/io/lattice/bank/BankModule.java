package io.lattice.bank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.bank.v1.Input;
import io.lattice.proto.bank.v1.MsgMultiSend;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.bank.v1.Output;
import io.lattice.proto.bank.v1.Params;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The bank module: messages, genesis, queries and invariants around {@link BankKeeper}. */
public final class BankModule implements Module {
  public static final String MSG_SEND = "/lattice.bank.v1.MsgSend";
  public static final String MSG_MULTI_SEND = "/lattice.bank.v1.MsgMultiSend";

  private static final Set<String> GENESIS_FIELDS = Set.of("params", "balances", "supply");
  private static final Set<String> BALANCE_FIELDS = Set.of("address", "coins");
  private static final Set<String> COIN_FIELDS = Set.of("denom", "amount");

  private final BankKeeper keeper;

  public BankModule(BankKeeper keeper) {
    this.keeper = keeper;
  }

  public BankKeeper keeper() {
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
            MSG_SEND,
            MsgSend.class,
            MsgSend.parser(),
            m -> List.of(m.getFromAddress()),
            BankModule::checkSend,
            this::handleSend),
        new MsgType<>(
            MSG_MULTI_SEND,
            MsgMultiSend.class,
            MsgMultiSend.parser(),
            m -> m.getInputsList().stream().map(Input::getAddress).toList(),
            BankModule::checkMultiSend,
            this::handleMultiSend));
  }

  static void checkSend(MsgSend m) throws TxException {
    Addresses.check(m.getFromAddress(), "from_address");
    Addresses.check(m.getToAddress(), "to_address");
    Coins.validate(m.getAmountList(), "amount", false);
  }

  static void checkMultiSend(MsgMultiSend m) throws TxException {
    if (m.getInputsCount() == 0) {
      throw Codes.error(Codes.INVALID_REQUEST, "multi-send has no inputs");
    }
    if (m.getOutputsCount() == 0) {
      throw Codes.error(Codes.INVALID_REQUEST, "multi-send has no outputs");
    }
    SortedMap<String, BigInteger> in = new TreeMap<>();
    SortedMap<String, BigInteger> out = new TreeMap<>();
    for (int i = 0; i < m.getInputsCount(); i++) {
      Input input = m.getInputs(i);
      Addresses.check(input.getAddress(), "inputs[" + i + "].address");
      Coins.validate(input.getCoinsList(), "inputs[" + i + "].coins", false);
      addAll(in, input.getCoinsList());
    }
    for (int i = 0; i < m.getOutputsCount(); i++) {
      Output output = m.getOutputs(i);
      Addresses.check(output.getAddress(), "outputs[" + i + "].address");
      Coins.validate(output.getCoinsList(), "outputs[" + i + "].coins", false);
      addAll(out, output.getCoinsList());
    }
    if (!in.equals(out)) {
      throw Codes.error(
          Codes.INVALID_COINS, "sum of inputs " + format(in) + " != sum of outputs " + format(out));
    }
  }

  private static void addAll(SortedMap<String, BigInteger> sums, List<Coin> coins) {
    for (Coin c : coins) {
      sums.merge(c.getDenom(), new BigInteger(c.getAmount()), BigInteger::add);
    }
  }

  private static String format(SortedMap<String, BigInteger> sums) {
    List<Coin> coins = new ArrayList<>();
    sums.forEach((d, a) -> coins.add(Coins.coin(d, a)));
    return Coins.format(coins);
  }

  private void requireSendEnabled(Context ctx) throws TxException {
    if (!keeper.params(ctx.store()).getSendEnabled()) {
      throw new TxException(
          BankKeeper.NAME, BankKeeper.CODE_SEND_DISABLED, "sends are disabled (bank params)");
    }
  }

  private void handleSend(Context ctx, MsgSend m) throws TxException {
    requireSendEnabled(ctx);
    keeper.requireNotModuleAccount(m.getToAddress(), "to_address");
    keeper.send(ctx, m.getFromAddress(), m.getToAddress(), m.getAmountList());
  }

  private void handleMultiSend(Context ctx, MsgMultiSend m) throws TxException {
    requireSendEnabled(ctx);
    for (int i = 0; i < m.getOutputsCount(); i++) {
      keeper.requireNotModuleAccount(m.getOutputs(i).getAddress(), "outputs[" + i + "].address");
    }
    for (Input in : m.getInputsList()) {
      keeper.subtract(ctx.store(), in.getAddress(), in.getCoinsList(), "insufficient funds");
      ctx.emit("coin_spent", "spender", in.getAddress(), "amount", Coins.format(in.getCoinsList()));
    }
    for (Output out : m.getOutputsList()) {
      keeper.add(ctx.store(), out.getAddress(), out.getCoinsList());
      ctx.emit(
          "coin_received",
          "receiver",
          out.getAddress(),
          "amount",
          Coins.format(out.getCoinsList()));
    }
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "bank", GENESIS_FIELDS);
    JsonNode p = genesis.get("params");
    Params params =
        p == null
            ? BankKeeper.DEFAULT_PARAMS
            : Params.newBuilder()
                .setSendEnabled(
                    GenesisJson.bool(
                        GenesisJson.requireObject(p, "bank.params", Set.of("send_enabled")),
                        "send_enabled",
                        "bank.params",
                        true))
                .build();
    keeper.setParams(ctx.store(), params);
    ArrayNode balances = GenesisJson.optionalArray(genesis, "balances", "bank");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < balances.size(); i++) {
      String path = "bank.balances[" + i + "]";
      JsonNode b = GenesisJson.requireObject(balances.get(i), path, BALANCE_FIELDS);
      String address = GenesisJson.requireString(b, "address", path);
      List<Coin> coins = coinsFromJson(b, "coins", path);
      try {
        Addresses.check(address, path + ".address");
        Coins.validate(coins, path + ".coins", true);
      } catch (TxException e) {
        throw new IllegalArgumentException(e.reason(), e);
      }
      if (!seen.add(address)) {
        throw new IllegalArgumentException(path + ": duplicate address " + address);
      }
      keeper.mintGenesis(ctx.store(), address, coins);
    }
    if (genesis.has("supply")) {
      List<Coin> declared = coinsFromJson(genesis, "supply", "bank");
      SortedMap<String, BigInteger> want = new TreeMap<>();
      addAll(want, declared);
      SortedMap<String, BigInteger> have = keeper.allSupply(ctx.store());
      if (!want.equals(have)) {
        throw new IllegalArgumentException(
            "bank.supply " + format(want) + " != sum of balances " + format(have));
      }
    }
  }

  private static List<Coin> coinsFromJson(JsonNode parent, String field, String path) {
    ArrayNode arr = GenesisJson.optionalArray(parent, field, path);
    List<Coin> coins = new ArrayList<>();
    for (int j = 0; j < arr.size(); j++) {
      String cp = path + "." + field + "[" + j + "]";
      JsonNode c = GenesisJson.requireObject(arr.get(j), cp, COIN_FIELDS);
      coins.add(
          Coin.newBuilder()
              .setDenom(GenesisJson.requireString(c, "denom", cp))
              .setAmount(GenesisJson.requireString(c, "amount", cp))
              .build());
    }
    return coins;
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    ObjectNode out = GenesisJson.object();
    out.putObject("params").put("send_enabled", keeper.params(ctx.store()).getSendEnabled());
    ArrayNode balances = out.putArray("balances");
    Map<String, List<Coin>> byAddress = new TreeMap<>();
    for (Map.Entry<StringPair, BigInteger> e : keeper.allBalances(ctx.store())) {
      List<Coin> list = byAddress.computeIfAbsent(e.getKey().first(), a -> new ArrayList<>());
      if (e.getValue().signum() > 0) {
        list.add(Coins.coin(e.getKey().second(), e.getValue()));
      }
    }
    for (Map.Entry<String, List<Coin>> e : byAddress.entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      ObjectNode b = balances.addObject();
      b.put("address", e.getKey());
      coinsToJson(b.putArray("coins"), e.getValue());
    }
    List<Coin> supply = new ArrayList<>();
    keeper.allSupply(ctx.store()).forEach((d, a) -> supply.add(Coins.coin(d, a)));
    coinsToJson(out.putArray("supply"), supply);
    return out;
  }

  private static void coinsToJson(ArrayNode arr, List<Coin> coins) {
    List<Coin> sorted = new ArrayList<>(coins);
    sorted.sort((a, b) -> a.getDenom().compareTo(b.getDenom()));
    for (Coin c : sorted) {
      arr.addObject().put("denom", c.getDenom()).put("amount", c.getAmount());
    }
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.putObject("params").put("send_enabled", true);
    out.putArray("balances");
    return out;
  }

  // ---- params, invariants and queries ----

  @Override
  public JsonNode params(KVStore state) {
    return GenesisJson.object().put("send_enabled", keeper.params(state).getSendEnabled());
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant(
            "total-supply",
            state -> {
              SortedMap<String, BigInteger> sums = new TreeMap<>();
              for (Map.Entry<StringPair, BigInteger> e : keeper.allBalances(state)) {
                sums.merge(e.getKey().second(), e.getValue(), BigInteger::add);
              }
              sums.values().removeIf(v -> v.signum() == 0);
              SortedMap<String, BigInteger> supply = new TreeMap<>(keeper.allSupply(state));
              supply.values().removeIf(v -> v.signum() == 0);
              return sums.equals(supply)
                  ? Optional.empty()
                  : Optional.of("sum of balances " + format(sums) + " != supply " + format(supply));
            }),
        new Invariant(
            "nonnegative-balances",
            state -> {
              for (Map.Entry<StringPair, BigInteger> e : keeper.allBalances(state)) {
                if (e.getValue().signum() < 0) {
                  return Optional.of(
                      e.getKey().first()
                          + " has negative "
                          + e.getKey().second()
                          + " "
                          + e.getValue());
                }
              }
              return Optional.empty();
            }));
  }

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "balances",
            (state, req) -> {
              ArrayNode arr = GenesisJson.array();
              coinsToJson(
                  arr,
                  keeper.balances(state, GenesisJson.requireString(req, "address", "request")));
              return arr;
            }),
        new QueryRoute(
            "supply",
            (state, req) -> {
              if (req == null || !req.has("denom")) {
                ObjectNode out = GenesisJson.object();
                List<Coin> all = new ArrayList<>();
                keeper.allSupply(state).forEach((d, a) -> all.add(Coins.coin(d, a)));
                coinsToJson(out.putArray("supply"), all);
                return out;
              }
              Coin c = keeper.supply(state, GenesisJson.requireString(req, "denom", "request"));
              return GenesisJson.object().put("denom", c.getDenom()).put("amount", c.getAmount());
            }),
        new QueryRoute(
            "module_accounts",
            (state, req) -> {
              ArrayNode arr = GenesisJson.array();
              for (ModuleAccount m : keeper.moduleAccounts()) {
                ObjectNode o = arr.addObject().put("name", m.name()).put("address", m.address());
                ArrayNode perms = o.putArray("permissions");
                for (Permission p : Permission.values()) {
                  if (m.has(p)) {
                    perms.add(p.text());
                  }
                }
              }
              return arr;
            }));
  }
}
