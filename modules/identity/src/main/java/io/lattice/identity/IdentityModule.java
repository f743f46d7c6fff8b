package io.lattice.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankSender;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.Identity;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.identity.v1.MsgUpdateKeys;
import io.lattice.proto.identity.v1.Params;
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
import io.lattice.runtime.tx.Coins;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** The identity module: messages, genesis, params, queries and invariants around its keeper. */
public final class IdentityModule implements Module {
  public static final String MSG_REGISTER = "/lattice.identity.v1.MsgRegister";
  public static final String MSG_UPDATE_KEYS = "/lattice.identity.v1.MsgUpdateKeys";
  public static final String MSG_ADD_DEVICE = "/lattice.identity.v1.MsgAddDevice";
  public static final String MSG_REVOKE_DEVICE = "/lattice.identity.v1.MsgRevokeDevice";

  /** The denom of the registration fee. */
  public static final String FEE_DENOM = "ulat";

  private static final Set<String> GENESIS_FIELDS = Set.of("params", "identities");
  private static final Set<String> PARAM_FIELDS = Set.of("registration_fee", "max_devices");

  private final IdentityKeeper keeper;
  private final BankSender bank;

  public IdentityModule(IdentityKeeper keeper, BankSender bank) {
    this.keeper = keeper;
    this.bank = bank;
  }

  public IdentityKeeper keeper() {
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
            MSG_REGISTER,
            MsgRegister.class,
            MsgRegister.parser(),
            m -> List.of(m.getOwner()),
            IdentityModule::checkRegister,
            this::handleRegister),
        new MsgType<>(
            MSG_UPDATE_KEYS,
            MsgUpdateKeys.class,
            MsgUpdateKeys.parser(),
            m -> List.of(m.getOwner()),
            m -> {
              Addresses.check(m.getOwner(), "owner");
              IdentityKeeper.checkKeys(m.getKeys());
            },
            (ctx, m) -> keeper.updateKeys(ctx, m.getOwner(), m.getKeys())),
        new MsgType<>(
            MSG_ADD_DEVICE,
            MsgAddDevice.class,
            MsgAddDevice.parser(),
            m -> List.of(m.getOwner()),
            m -> {
              Addresses.check(m.getOwner(), "owner");
              IdentityKeeper.checkDevice("", m.getDeviceId(), m.getPublicKey(), m.getLabel());
            },
            (ctx, m) ->
                keeper.addDevice(
                    ctx, m.getOwner(), m.getDeviceId(), m.getPublicKey(), m.getLabel())),
        new MsgType<>(
            MSG_REVOKE_DEVICE,
            MsgRevokeDevice.class,
            MsgRevokeDevice.parser(),
            m -> List.of(m.getOwner()),
            m -> Addresses.check(m.getOwner(), "owner"),
            (ctx, m) -> keeper.revokeDevice(ctx, m.getOwner(), m.getDeviceId())));
  }

  static void checkRegister(MsgRegister m) throws TxException {
    Addresses.check(m.getOwner(), "owner");
    Usernames.check(m.getUsername());
    IdentityKeeper.checkKeys(m.getKeys());
    if (m.hasDevice()) {
      Device d = m.getDevice();
      IdentityKeeper.checkDevice("device.", d.getDeviceId(), d.getPublicKey(), d.getLabel());
      if (d.getAddedHeight() != 0 || d.getRevokedHeight() != 0) {
        throw IdentityKeeper.error(
            IdentityKeeper.CODE_INVALID_DEVICE,
            "device: added_height and revoked_height are set by the chain and must be 0");
      }
    }
  }

  private void handleRegister(Context ctx, MsgRegister m) throws TxException {
    keeper.checkRegistration(ctx.store(), m.getOwner(), m.getUsername(), m.getKeys());
    BigInteger fee = keeper.registrationFee(ctx.store());
    if (fee.signum() > 0) {
      bank.send(ctx, m.getOwner(), BankKeeper.FEE_COLLECTOR, List.of(Coins.coin(FEE_DENOM, fee)));
    }
    keeper.register(
        ctx,
        m.getOwner(),
        m.getUsername(),
        m.getKeys(),
        m.hasDevice() ? Optional.of(m.getDevice()) : Optional.empty());
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "identity", GENESIS_FIELDS);
    Params params =
        genesis.has("params")
            ? paramsFromJson(
                genesis.get("params"), IdentityKeeper.DEFAULT_PARAMS, "identity.params")
            : IdentityKeeper.DEFAULT_PARAMS;
    keeper.setParams(ctx.store(), params);
    ArrayNode ids = GenesisJson.optionalArray(genesis, "identities", "identity");
    for (int i = 0; i < ids.size(); i++) {
      String path = "identity.identities[" + i + "]";
      Identity id = IdentityJson.fromJson(ids.get(i), path);
      validateImported(ctx.store(), id, params, path);
      keeper.importIdentity(ctx.store(), id);
    }
  }

  private void validateImported(KVStore state, Identity id, Params params, String path) {
    try {
      Addresses.check(id.getOwner(), path + ".owner");
      keeper.checkRegistration(state, id.getOwner(), id.getUsername(), id.getKeys());
      Set<String> deviceIds = new HashSet<>();
      long active = 0;
      for (int j = 0; j < id.getDevicesCount(); j++) {
        Device d = id.getDevices(j);
        String dp = path + ".devices[" + j + "].";
        IdentityKeeper.checkDevice(dp, d.getDeviceId(), d.getPublicKey(), d.getLabel());
        if (!deviceIds.add(d.getDeviceId())) {
          throw new IllegalArgumentException(dp + "device_id: duplicate '" + d.getDeviceId() + "'");
        }
        if (d.getRevokedHeight() == 0) {
          active++;
        }
      }
      if (active > params.getMaxDevices()) {
        throw new IllegalArgumentException(
            path + ": " + active + " active devices, max_devices is " + params.getMaxDevices());
      }
    } catch (TxException e) {
      throw new IllegalArgumentException(path + ": " + e.reason(), e);
    }
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    ObjectNode out = GenesisJson.object();
    out.set("params", params(ctx.store()));
    ArrayNode ids = out.putArray("identities");
    for (Identity id : keeper.all(ctx.store())) {
      ids.add(IdentityJson.toJson(id));
    }
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    ObjectNode out = GenesisJson.object();
    out.set("params", paramsToJson(IdentityKeeper.DEFAULT_PARAMS));
    out.putArray("identities");
    return out;
  }

  // ---- params ----

  static ObjectNode paramsToJson(Params p) {
    return GenesisJson.object()
        .put("registration_fee", p.getRegistrationFee())
        .put("max_devices", GenesisJson.uint64Text(p.getMaxDevices()));
  }

  /** Params from JSON; absent fields keep their value in {@code base}. */
  static Params paramsFromJson(JsonNode node, Params base, String path) {
    GenesisJson.requireObject(node, path, PARAM_FIELDS);
    Params.Builder b = base.toBuilder();
    if (node.has("registration_fee")) {
      JsonNode f = node.get("registration_fee");
      if (!(f.isTextual() || f.isIntegralNumber())) {
        throw new IllegalArgumentException(path + ".registration_fee must be a decimal string");
      }
      b.setRegistrationFee(f.asText());
    }
    b.setMaxDevices(GenesisJson.uint64(node, "max_devices", path, base.getMaxDevices()));
    Params p = b.build();
    try {
      IdentityKeeper.validateParams(p);
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
    Params p = paramsFromJson(params, keeper.params(ctx.store()), "identity.params");
    keeper.setParams(ctx.store(), p);
    ctx.emit(
        "identity.params_changed",
        "registration_fee",
        p.getRegistrationFee(),
        "max_devices",
        GenesisJson.uint64Text(p.getMaxDevices()));
  }

  // ---- queries ----

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "name",
            (state, req) -> {
              String name = GenesisJson.requireString(req, "name", "request");
              return IdentityJson.toJson(
                  keeper
                      .byName(state, name)
                      .orElseThrow(() ->
                          new NoSuchElementException(
                              "no identity named '" + Usernames.printable(name) + "'")));
            }),
        new QueryRoute(
            "owner",
            (state, req) -> {
              String address = GenesisJson.requireString(req, "address", "request");
              return IdentityJson.toJson(
                  keeper
                      .byOwner(state, address)
                      .orElseThrow(() ->
                          new NoSuchElementException(
                              "no identity for address '" + Usernames.printable(address) + "'")));
            }),
        new QueryRoute("params", (state, req) -> params(state)));
  }

  // ---- invariants ----

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant("name-index", this::nameIndexBroken),
        new Invariant("devices-owned", this::devicesBroken));
  }

  /** Every identity is indexed under its lower-case name, and the index holds nothing else. */
  private Optional<String> nameIndexBroken(KVStore state) {
    List<Identity> all = keeper.all(state);
    List<Map.Entry<String, String>> index = keeper.nameIndex(state);
    if (all.size() != index.size()) {
      return Optional.of(all.size() + " identities but " + index.size() + " names indexed");
    }
    for (Map.Entry<String, String> e : index) {
      Optional<Identity> id = keeper.byOwner(state, e.getValue());
      if (id.isEmpty()) {
        return Optional.of(
            "name '" + e.getKey() + "' points at " + e.getValue() + " with no identity");
      }
      if (!Usernames.canonical(id.get().getUsername()).equals(e.getKey())) {
        return Optional.of(
            "name '" + e.getKey() + "' points at the identity '" + id.get().getUsername() + "'");
      }
      if (!Usernames.valid(id.get().getUsername())) {
        return Optional.of("identity has the invalid username '" + id.get().getUsername() + "'");
      }
    }
    return Optional.empty();
  }

  private Optional<String> devicesBroken(KVStore state) {
    for (Map.Entry<StringPair, Device> e : keeper.allDevices(state)) {
      if (!keeper.isRegistered(state, e.getKey().first())) {
        return Optional.of(
            "device '" + e.getKey().second() + "' of " + e.getKey().first() + " has no identity");
      }
      if (!e.getValue().getDeviceId().equals(e.getKey().second())) {
        return Optional.of("device stored under '" + e.getKey().second() + "' has another id");
      }
    }
    return Optional.empty();
  }
}
