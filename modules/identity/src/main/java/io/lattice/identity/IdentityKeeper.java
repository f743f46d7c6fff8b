package io.lattice.identity;

import com.google.protobuf.ByteString;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.Identity;
import io.lattice.proto.identity.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codec;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Codecs.StringPair;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity module's state: usernames bound to accounts (one per account, unique
 * case-insensitively), their encryption keys and their devices. Every mutating method checks
 * everything before it writes, so a refusal changes nothing even outside a transaction's cache.
 *
 * <p>State layout (module prefix {@code "identity/"}): {@code 0x01} params; {@code 0x02} owner →
 * {@link Identity} (without devices); {@code 0x03} lower-case username → owner; {@code 0x04}
 * (owner, device id) → {@link Device}.
 */
public final class IdentityKeeper {
  public static final String NAME = "identity";

  public static final int CODE_INVALID_USERNAME = 2;
  public static final int CODE_USERNAME_TAKEN = 3;
  public static final int CODE_ALREADY_REGISTERED = 4;
  public static final int CODE_NOT_REGISTERED = 5;
  public static final int CODE_INVALID_KEYS = 6;
  public static final int CODE_INVALID_DEVICE = 7;
  public static final int CODE_DEVICE_EXISTS = 8;
  public static final int CODE_UNKNOWN_DEVICE = 9;
  public static final int CODE_DEVICE_REVOKED = 10;
  public static final int CODE_TOO_MANY_DEVICES = 11;

  public static final int KEY_BYTES = 32;
  public static final int MAX_PREKEYS = 16;
  public static final int MAX_DEVICE_ID_LENGTH = 64;
  public static final int MAX_LABEL_BYTES = 64;

  /** Upper bound governance may set max_devices to. */
  public static final long MAX_DEVICES_LIMIT = 1024;

  public static final Params DEFAULT_PARAMS =
      Params.newBuilder().setRegistrationFee("0").setMaxDevices(8).build();

  private static final Codec<String> UTF8 =
      new Codec<>() {
        @Override
        public byte[] encode(String value) {
          return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return new String(bytes, StandardCharsets.UTF_8);
        }
      };

  private final Schema schema = new Schema(NAME);
  private final Item<Params> params = schema.item(1, "params", Codecs.proto(Params.parser()));
  private final StateMap<String, Identity> identities =
      schema.map(2, "identities", Codecs.STRING_KEY, Codecs.proto(Identity.parser()));
  private final StateMap<String, String> names = schema.map(3, "names", Codecs.STRING_KEY, UTF8);
  private final StateMap<StringPair, Device> devices =
      schema.map(4, "devices", Codecs.STRING_PAIR_KEY, Codecs.proto(Device.parser()));

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

  static void validateParams(Params p) {
    if (!p.getRegistrationFee().matches("0|[1-9][0-9]{0,76}")) {
      throw new IllegalArgumentException(
          "registration_fee must be a non-negative integer amount of ulat, got '"
              + p.getRegistrationFee()
              + "'");
    }
    if (p.getMaxDevices() < 1 || p.getMaxDevices() > MAX_DEVICES_LIMIT) {
      throw new IllegalArgumentException(
          "max_devices must be in 1.." + MAX_DEVICES_LIMIT + ", got " + p.getMaxDevices());
    }
  }

  public BigInteger registrationFee(KVStore state) {
    return new BigInteger(params(state).getRegistrationFee());
  }

  // ---- look-ups ----

  /** The identity registered under {@code username} (any case), with its devices. */
  public Optional<Identity> byName(KVStore state, String username) {
    if (username.isEmpty() || username.length() > Usernames.MAX_LENGTH) {
      return Optional.empty();
    }
    return names.get(state, Usernames.canonical(username)).flatMap(o -> byOwner(state, o));
  }

  /** The identity of {@code address}, with its devices. */
  public Optional<Identity> byOwner(KVStore state, String address) {
    if (address.isEmpty() || address.getBytes(StandardCharsets.UTF_8).length > 255) {
      return Optional.empty();
    }
    return identities
        .get(state, address)
        .map(i -> i.toBuilder().addAllDevices(devicesOf(state, address)).build());
  }

  public boolean isRegistered(KVStore state, String address) {
    return !address.isEmpty()
        && address.getBytes(StandardCharsets.UTF_8).length <= 255
        && identities.has(state, address);
  }

  /** Whether {@code owner} has a device {@code deviceId} that is not revoked. */
  public boolean activeDevice(KVStore state, String owner, String deviceId) {
    return device(state, owner, deviceId).map(d -> d.getRevokedHeight() == 0).orElse(false);
  }

  /** The device record (active or revoked) of {@code owner} named {@code deviceId}. */
  public Optional<Device> device(KVStore state, String owner, String deviceId) {
    if (owner.isEmpty() || !validDeviceIdSyntax(deviceId) || owner.length() > 255) {
      return Optional.empty();
    }
    return devices.get(state, new StringPair(owner, deviceId));
  }

  /** Devices of {@code owner}, active and revoked, ascending by device id. */
  public List<Device> devicesOf(KVStore state, String owner) {
    List<Device> out = new ArrayList<>();
    for (Map.Entry<StringPair, Device> e :
        devices.entriesWithKeyPrefix(state, Codecs.STRING_KEY.encode(owner))) {
      out.add(e.getValue());
    }
    return out;
  }

  /** Every identity with its devices, ascending by owner address. */
  public List<Identity> all(KVStore state) {
    List<Identity> out = new ArrayList<>();
    for (Map.Entry<String, Identity> e : identities.entries(state)) {
      out.add(e.getValue().toBuilder().addAllDevices(devicesOf(state, e.getKey())).build());
    }
    return out;
  }

  /** The name index: lower-case username → owner, ascending. */
  public List<Map.Entry<String, String>> nameIndex(KVStore state) {
    return names.entries(state);
  }

  /** Every device record keyed by (owner, device id), ascending. */
  public List<Map.Entry<StringPair, Device>> allDevices(KVStore state) {
    return devices.entries(state);
  }

  // ---- validation ----

  /**
   * @throws TxException INVALID_KEYS naming the offending key
   */
  public static void checkKeys(EncryptionKeys keys) throws TxException {
    checkKey(keys.getIdentityKey(), "keys.identity_key");
    if (keys.getPrekeysCount() > MAX_PREKEYS) {
      throw error(
          CODE_INVALID_KEYS,
          "keys.prekeys: " + keys.getPrekeysCount() + " prekeys, at most " + MAX_PREKEYS);
    }
    Set<ByteString> seen = new HashSet<>();
    seen.add(keys.getIdentityKey());
    for (int i = 0; i < keys.getPrekeysCount(); i++) {
      checkKey(keys.getPrekeys(i), "keys.prekeys[" + i + "]");
      if (!seen.add(keys.getPrekeys(i))) {
        throw error(
            CODE_INVALID_KEYS,
            "keys.prekeys[" + i + "]: duplicate key (equal to the identity key or another prekey)");
      }
    }
  }

  private static void checkKey(ByteString key, String field) throws TxException {
    if (key.size() != KEY_BYTES) {
      throw error(
          CODE_INVALID_KEYS,
          field + ": must be " + KEY_BYTES + " bytes (X25519 public key), got " + key.size());
    }
    if (isAllZero(key)) {
      throw error(CODE_INVALID_KEYS, field + ": all-zero key");
    }
  }

  private static boolean isAllZero(ByteString b) {
    for (int i = 0; i < b.size(); i++) {
      if (b.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  static boolean validDeviceIdSyntax(String id) {
    return id.length() >= 1
        && id.length() <= MAX_DEVICE_ID_LENGTH
        && id.chars()
            .allMatch(c ->
                (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '-');
  }

  /**
   * Stateless checks of a new device (id, key, label).
   *
   * @throws TxException INVALID_DEVICE naming the field
   */
  public static void checkDevice(String field, String deviceId, ByteString publicKey, String label)
      throws TxException {
    if (!validDeviceIdSyntax(deviceId)) {
      throw error(
          CODE_INVALID_DEVICE,
          field
              + "device_id: must be 1-"
              + MAX_DEVICE_ID_LENGTH
              + " characters of [A-Za-z0-9_.-], got '"
              + Usernames.printable(deviceId)
              + "'");
    }
    if (publicKey.size() != KEY_BYTES) {
      throw error(
          CODE_INVALID_DEVICE,
          field + "public_key: must be " + KEY_BYTES + " bytes, got " + publicKey.size());
    }
    if (isAllZero(publicKey)) {
      throw error(CODE_INVALID_DEVICE, field + "public_key: all-zero key");
    }
    if (label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
      throw error(
          CODE_INVALID_DEVICE, field + "label: longer than " + MAX_LABEL_BYTES + " bytes of UTF-8");
    }
  }

  /**
   * The stateful checks of a registration: name syntax, case-insensitive uniqueness, one name per
   * account, key sizes.
   */
  public void checkRegistration(KVStore state, String owner, String username, EncryptionKeys keys)
      throws TxException {
    Usernames.check(username);
    checkKeys(keys);
    Optional<Identity> mine = identities.get(state, owner);
    if (mine.isPresent()) {
      throw error(
          CODE_ALREADY_REGISTERED,
          "account " + owner + " already has the username '" + mine.get().getUsername() + "'");
    }
    Optional<String> holder = names.get(state, Usernames.canonical(username));
    if (holder.isPresent()) {
      throw error(CODE_USERNAME_TAKEN, "username '" + username + "' is already taken");
    }
  }

  // ---- writes ----

  /**
   * Registers {@code username} for {@code owner} (the cross-chain registration calls this; the
   * message handler adds the fee and an optional device). Checks as {@link #checkRegistration}.
   */
  public void register(Context ctx, String owner, String username, EncryptionKeys keys)
      throws TxException {
    register(ctx, owner, username, keys, Optional.empty());
  }

  /** As {@link #register(Context, String, String, EncryptionKeys)}, with a first device. */
  public void register(
      Context ctx, String owner, String username, EncryptionKeys keys, Optional<Device> device)
      throws TxException {
    checkRegistration(ctx.store(), owner, username, keys);
    if (device.isPresent()) {
      Device d = device.get();
      checkDevice("device.", d.getDeviceId(), d.getPublicKey(), d.getLabel());
    }
    KVStore s = ctx.store();
    identities.set(
        s,
        owner,
        Identity.newBuilder()
            .setUsername(username)
            .setOwner(owner)
            .setKeys(keys)
            .setRegisteredHeight(ctx.height())
            .build());
    names.set(s, Usernames.canonical(username), owner);
    ctx.emit("identity.registered", "owner", owner, "username", username);
    if (device.isPresent()) {
      Device d = device.get();
      devices.set(
          s,
          new StringPair(owner, d.getDeviceId()),
          d.toBuilder().setAddedHeight(ctx.height()).setRevokedHeight(0).build());
      ctx.emit("identity.device_added", "owner", owner, "device_id", d.getDeviceId());
    }
  }

  /**
   * Removes the identity registered under {@code username} (any case) with its devices; the name
   * becomes free. Does nothing when no such identity exists (a cross-chain rollback may run after
   * the registration itself was refused).
   */
  public void remove(Context ctx, String username) {
    if (username.isEmpty() || username.length() > Usernames.MAX_LENGTH) {
      return;
    }
    String canonical = Usernames.canonical(username);
    Optional<String> owner = names.get(ctx.store(), canonical);
    if (owner.isEmpty()) {
      return;
    }
    KVStore s = ctx.store();
    for (Map.Entry<StringPair, Device> e :
        devices.entriesWithKeyPrefix(s, Codecs.STRING_KEY.encode(owner.get()))) {
      devices.remove(s, e.getKey());
    }
    Identity removed = identities.get(s, owner.get()).orElseThrow();
    identities.remove(s, owner.get());
    names.remove(s, canonical);
    ctx.emit("identity.removed", "owner", owner.get(), "username", removed.getUsername());
  }

  /**
   * Removes the identity registered under {@code username} only if {@code owner} holds it (a
   * rollback that must not touch a name someone else registered meanwhile); returns whether it
   * removed anything.
   */
  public boolean remove(Context ctx, String username, String owner) {
    if (username.isEmpty() || username.length() > Usernames.MAX_LENGTH) {
      return false;
    }
    Optional<String> holder = names.get(ctx.store(), Usernames.canonical(username));
    if (holder.isEmpty() || !holder.get().equals(owner)) {
      return false;
    }
    remove(ctx, username);
    return true;
  }

  /** The encryption keys of {@code owner}'s identity (without reading its devices). */
  public Optional<EncryptionKeys> keys(KVStore state, String owner) {
    if (!isRegistered(state, owner)) {
      return Optional.empty();
    }
    return identities.get(state, owner).map(Identity::getKeys);
  }

  private Identity requireIdentity(KVStore state, String owner) throws TxException {
    return identities
        .get(state, owner)
        .orElseThrow(() -> error(CODE_NOT_REGISTERED, "account " + owner + " has no identity"));
  }

  /** Replaces {@code owner}'s encryption keys. */
  public void updateKeys(Context ctx, String owner, EncryptionKeys keys) throws TxException {
    checkKeys(keys);
    Identity id = requireIdentity(ctx.store(), owner);
    identities.set(ctx.store(), owner, id.toBuilder().setKeys(keys).build());
    ctx.emit("identity.keys_updated", "owner", owner, "username", id.getUsername());
  }

  /** Adds an active device; a device id ever used by {@code owner}, even revoked, is refused. */
  public void addDevice(
      Context ctx, String owner, String deviceId, ByteString publicKey, String label)
      throws TxException {
    checkDevice("", deviceId, publicKey, label);
    KVStore s = ctx.store();
    requireIdentity(s, owner);
    Optional<Device> existing = devices.get(s, new StringPair(owner, deviceId));
    if (existing.isPresent()) {
      throw error(
          CODE_DEVICE_EXISTS,
          existing.get().getRevokedHeight() == 0
              ? "device '" + deviceId + "' already exists"
              : "device '"
                  + deviceId
                  + "' was revoked at height "
                  + existing.get().getRevokedHeight()
                  + " and cannot be added again");
    }
    long active = devicesOf(s, owner).stream().filter(d -> d.getRevokedHeight() == 0).count();
    long max = params(s).getMaxDevices();
    if (active >= max) {
      throw error(
          CODE_TOO_MANY_DEVICES,
          "account "
              + owner
              + " already has "
              + active
              + " active devices (max_devices "
              + max
              + ")");
    }
    devices.set(
        s,
        new StringPair(owner, deviceId),
        Device.newBuilder()
            .setDeviceId(deviceId)
            .setPublicKey(publicKey)
            .setLabel(label)
            .setAddedHeight(ctx.height())
            .build());
    ctx.emit("identity.device_added", "owner", owner, "device_id", deviceId);
  }

  /** Revokes an active device; its record stays with {@code revoked_height}. */
  public void revokeDevice(Context ctx, String owner, String deviceId) throws TxException {
    KVStore s = ctx.store();
    requireIdentity(s, owner);
    Device d =
        device(s, owner, deviceId)
            .orElseThrow(() ->
                error(
                    CODE_UNKNOWN_DEVICE,
                    "account " + owner + " has no device '" + Usernames.printable(deviceId) + "'"));
    if (d.getRevokedHeight() != 0) {
      throw error(
          CODE_DEVICE_REVOKED,
          "device '" + deviceId + "' is already revoked (height " + d.getRevokedHeight() + ")");
    }
    devices.set(
        s,
        new StringPair(owner, deviceId),
        d.toBuilder().setRevokedHeight(Math.max(1, ctx.height())).build());
    ctx.emit("identity.device_revoked", "owner", owner, "device_id", deviceId);
  }

  // ---- genesis ----

  /**
   * Writes an identity with its devices as exported (genesis import); the caller has validated it.
   */
  void importIdentity(KVStore state, Identity identity) {
    String owner = identity.getOwner();
    identities.set(state, owner, identity.toBuilder().clearDevices().build());
    names.set(state, Usernames.canonical(identity.getUsername()), owner);
    for (Device d : identity.getDevicesList()) {
      devices.set(state, new StringPair(owner, d.getDeviceId()), d);
    }
  }

  boolean nameTaken(KVStore state, String username) {
    return names.has(state, Usernames.canonical(username));
  }
}
