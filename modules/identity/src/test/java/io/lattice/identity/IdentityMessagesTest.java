package io.lattice.identity;

import static io.lattice.identity.ChatTestChain.key32;
import static io.lattice.identity.ChatTestChain.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.lattice.bank.BankKeeper;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.identity.v1.MsgUpdateKeys;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdentityMessagesTest {
  private final ChatTestChain chain = new ChatTestChain(7, 4).init();

  private String addr(int i) {
    return chain.addresses.get(i);
  }

  static MsgRegister register(String owner, String name, EncryptionKeys keys) {
    return MsgRegister.newBuilder().setOwner(owner).setUsername(name).setKeys(keys).build();
  }

  private MsgRegister register(int i, String name) {
    return register(addr(i), name, keys(i + 1, 2));
  }

  private MsgAddDevice addDevice(int i, String id, long keySeed) {
    return MsgAddDevice.newBuilder()
        .setOwner(addr(i))
        .setDeviceId(id)
        .setPublicKey(key32(keySeed))
        .setLabel("phone " + id)
        .build();
  }

  private MsgRevokeDevice revoke(int i, String id) {
    return MsgRevokeDevice.newBuilder().setOwner(addr(i)).setDeviceId(id).build();
  }

  private static void ok(TxResult r) {
    assertThat(r.getCode()).as(r.getLog()).isZero();
  }

  /**
   * Delivers {@code msg} signed by {@code signer}, expects a refusal naming {@code reason}, and
   * checks that the identity state and the signer's balance (beyond the tx fee) did not change.
   */
  private TxResult refused(int signer, Message msg, String reason) {
    JsonNode before = chain.export().get("identity");
    long balance = chain.balance(signer);
    TxResult r = chain.deliver(signer, msg);
    assertThat(r.getCode()).as("expected refusal '%s'", reason).isNotZero();
    assertThat(r.getLog()).contains(reason);
    assertThat(chain.export().get("identity")).isEqualTo(before);
    // stateless refusals happen before the fee is taken, stateful ones after
    assertThat(chain.balance(signer)).isIn(balance, balance - ChatTestChain.FEE);
    return r;
  }

  @Test
  void registersAndLooksUpCaseInsensitively() {
    TxResult r = chain.deliver(0, register(0, "Alice_1"));
    ok(r);
    assertThat(r.getEventsList().stream().map(Event::getType)).contains("identity.registered");
    JsonNode byName = chain.query("identity/name", "name", "aLiCe_1");
    assertThat(byName.get("username").asText()).isEqualTo("Alice_1");
    assertThat(byName.get("owner").asText()).isEqualTo(addr(0));
    assertThat(byName.get("registered_height").asText()).isEqualTo("1");
    assertThat(byName.at("/keys/identity_key").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(keys(1, 2).getIdentityKey().toByteArray()));
    assertThat(byName.at("/keys/prekeys").size()).isEqualTo(2);
    assertThat(chain.query("identity/owner", "address", addr(0))).isEqualTo(byName);
    IdentityKeeper k = identityKeeper();
    assertThat(k.byName(chain.app.stateAt(0), "ALICE_1")).isPresent();
    assertThat(k.byOwner(chain.app.stateAt(0), addr(1))).isEmpty();
  }

  private IdentityKeeper identityKeeper() {
    return ((IdentityModule) chain.modules.get(2)).keeper();
  }

  @Test
  void registersWithAFirstDevice() {
    MsgRegister m =
        register(0, "carol").toBuilder()
            .setDevice(
                Device.newBuilder()
                    .setDeviceId("laptop")
                    .setPublicKey(key32(99))
                    .setLabel("work laptop"))
            .build();
    ok(chain.deliver(0, m));
    JsonNode dev = chain.query("identity/name", "name", "carol").at("/devices/0");
    assertThat(dev.get("device_id").asText()).isEqualTo("laptop");
    assertThat(dev.get("revoked").asBoolean()).isFalse();
    assertThat(dev.get("added_height").asText()).isEqualTo("1");
    assertThat(identityKeeper().activeDevice(chain.app.stateAt(0), addr(0), "laptop")).isTrue();
  }

  @Test
  void refusesBadUsernames() {
    refused(0, register(0, "ab"), "length 2 is outside 3..32");
    refused(0, register(0, "a".repeat(33)), "length 33 is outside 3..32");
    refused(0, register(0, "1abc"), "must start with a letter");
    refused(0, register(0, "_abc"), "must start with a letter");
    refused(0, register(0, "ab-c"), "not an ASCII letter, digit or underscore");
    refused(0, register(0, "abç"), "not an ASCII letter, digit or underscore");
    refused(0, register(0, "ab c"), "not an ASCII letter, digit or underscore");
    ok(chain.deliver(0, register(0, "a".repeat(32))));
    ok(chain.deliver(1, register(1, "b_9")));
  }

  @Test
  void refusesTakenNamesAndASecondName() {
    ok(chain.deliver(0, register(0, "Alice")));
    refused(1, register(1, "alice"), "username 'alice' is already taken");
    refused(1, register(1, "ALICE"), "already taken");
    refused(0, register(0, "bob"), "already has the username 'Alice'");
    ok(chain.deliver(1, register(1, "bob")));
  }

  @Test
  void refusesBadKeys() {
    EncryptionKeys good = keys(5, 2);
    refused(
        0,
        register(
            addr(0),
            "dave",
            good.toBuilder().setIdentityKey(ByteString.copyFrom(new byte[31])).build()),
        "keys.identity_key: must be 32 bytes (X25519 public key), got 31");
    refused(
        0,
        register(
            addr(0),
            "dave",
            good.toBuilder().setIdentityKey(ByteString.copyFrom(new byte[32])).build()),
        "keys.identity_key: all-zero key");
    refused(0, register(addr(0), "dave", keys(5, 17)), "17 prekeys, at most 16");
    refused(
        0,
        register(
            addr(0),
            "dave",
            good.toBuilder().addPrekeys(ByteString.copyFrom(new byte[33])).build()),
        "keys.prekeys[2]: must be 32 bytes");
    refused(
        0,
        register(addr(0), "dave", good.toBuilder().addPrekeys(good.getPrekeys(0)).build()),
        "keys.prekeys[2]: duplicate key");
    refused(
        0,
        register(addr(0), "dave", good.toBuilder().addPrekeys(good.getIdentityKey()).build()),
        "keys.prekeys[2]: duplicate key");
    refused(0, register(addr(0), "dave", EncryptionKeys.getDefaultInstance()), "got 0");
    ok(chain.deliver(0, register(addr(0), "dave", keys(5, 16))));
  }

  @Test
  void refusesBadFirstDevicesAndForeignOwners() {
    MsgRegister base = register(0, "erin");
    Device d = Device.newBuilder().setDeviceId("pc").setPublicKey(key32(3)).build();
    refused(
        0, base.toBuilder().setDevice(d.toBuilder().setDeviceId("")).build(), "device.device_id");
    refused(
        0,
        base.toBuilder().setDevice(d.toBuilder().setDeviceId("x".repeat(65))).build(),
        "device.device_id: must be 1-64");
    refused(
        0,
        base.toBuilder().setDevice(d.toBuilder().setDeviceId("my pc")).build(),
        "device.device_id");
    refused(
        0,
        base.toBuilder().setDevice(d.toBuilder().setPublicKey(key32(1).substring(1))).build(),
        "device.public_key: must be 32 bytes, got 31");
    refused(
        0,
        base.toBuilder().setDevice(d.toBuilder().setLabel("é".repeat(33))).build(),
        "device.label: longer than 64 bytes");
    refused(
        0,
        base.toBuilder().setDevice(d.toBuilder().setRevokedHeight(3)).build(),
        "set by the chain and must be 0");
    refused(0, base.toBuilder().setOwner("lat1nothing").build(), "owner: invalid address");
    // account 1 signs a registration for account 0: the pipeline wants account 0's signature
    TxResult r = chain.deliver(1, base);
    assertThat(r.getCode()).isNotZero();
    assertThat(r.getLog()).contains("public key of signer 0 belongs to");
    assertThat(identityKeeper().byOwner(chain.app.stateAt(0), addr(0))).isEmpty();
  }

  @Test
  void chargesTheRegistrationFeeAndRefusesWithoutFunds() {
    ChatTestChain c = new ChatTestChain(8, 2);
    c.genesis.putObject("identity").putObject("params").put("registration_fee", "5000");
    c.init();
    long before = c.balance(0);
    long collector = c.balance(BankKeeper.FEE_COLLECTOR);
    ok(c.deliver(0, register(c.addresses.get(0), "frank", keys(1, 0))));
    assertThat(c.balance(0)).isEqualTo(before - 5000 - ChatTestChain.FEE);
    assertThat(c.balance(BankKeeper.FEE_COLLECTOR)).isGreaterThanOrEqualTo(collector + 5000);

    ChatTestChain poor = new ChatTestChain(9, 2);
    poor.genesis
        .putObject("identity")
        .putObject("params")
        .put("registration_fee", Long.toString(ChatTestChain.INITIAL));
    poor.init();
    TxResult r = poor.deliver(0, register(poor.addresses.get(0), "grace", keys(1, 0)));
    assertThat(r.getLog()).contains("insufficient funds");
    assertThat(poor.app.query("identity/params", null, 0).get("registration_fee").asText())
        .isEqualTo(Long.toString(ChatTestChain.INITIAL));
    assertThat(poor.balance(0)).isEqualTo(ChatTestChain.INITIAL - ChatTestChain.FEE);
    assertThat(((IdentityModule) poor.modules.get(2)).keeper().byName(poor.app.stateAt(0), "grace"))
        .isEmpty();
  }

  @Test
  void updatesKeys() {
    MsgUpdateKeys upd = MsgUpdateKeys.newBuilder().setOwner(addr(0)).setKeys(keys(40, 3)).build();
    refused(0, upd, "account " + addr(0) + " has no identity");
    ok(chain.deliver(0, register(0, "henry")));
    refused(
        0,
        upd.toBuilder().setKeys(keys(40, 3).toBuilder().addPrekeys(key32(40_000))).build(),
        "keys.prekeys[3]: duplicate key");
    TxResult r = chain.deliver(0, upd);
    ok(r);
    assertThat(r.getEventsList().stream().map(Event::getType)).contains("identity.keys_updated");
    assertThat(chain.query("identity/name", "name", "henry").at("/keys/prekeys").size())
        .isEqualTo(3);
  }

  @Test
  void addsDevicesUpToTheLimit() {
    ChatTestChain c = new ChatTestChain(10, 2);
    c.genesis.putObject("identity").putObject("params").put("max_devices", "2");
    c.init();
    String owner = c.addresses.get(0);
    MsgAddDevice add =
        MsgAddDevice.newBuilder().setOwner(owner).setDeviceId("d1").setPublicKey(key32(1)).build();
    TxResult r = c.deliver(0, add);
    assertThat(r.getLog()).contains("has no identity");
    ok(c.deliver(0, register(owner, "irene", keys(1, 1))));
    ok(c.deliver(0, add));
    r = c.deliver(0, add.toBuilder().setPublicKey(key32(2)).build());
    assertThat(r.getLog()).contains("device 'd1' already exists");
    ok(c.deliver(0, add.toBuilder().setDeviceId("d2").build()));
    r = c.deliver(0, add.toBuilder().setDeviceId("d3").build());
    assertThat(r.getLog()).contains("already has 2 active devices (max_devices 2)");
    // revoking one frees a slot, but never for the revoked id
    ok(c.deliver(0, MsgRevokeDevice.newBuilder().setOwner(owner).setDeviceId("d1").build()));
    r = c.deliver(0, add);
    assertThat(r.getLog())
        .contains("device 'd1' was revoked at height 7 and cannot be added again");
    ok(c.deliver(0, add.toBuilder().setDeviceId("d3").build()));
    JsonNode devices = c.query("identity/owner", "address", owner).get("devices");
    assertThat(devices.size()).isEqualTo(3);
    assertThat(devices.get(0).get("revoked").asBoolean()).isTrue();
    assertThat(devices.get(0).get("revoked_height").asText()).isEqualTo("7");
  }

  @Test
  void refusesBadDevices() {
    ok(chain.deliver(0, register(0, "jack")));
    refused(0, addDevice(0, "", 1), "device_id: must be 1-64 characters");
    refused(0, addDevice(0, "a/b", 1), "device_id: must be 1-64 characters");
    refused(
        0,
        addDevice(0, "tab", 1).toBuilder().setPublicKey(ByteString.copyFrom(new byte[32])).build(),
        "public_key: all-zero key");
    refused(
        0,
        addDevice(0, "tab", 1).toBuilder().setPublicKey(ByteString.copyFrom(new byte[64])).build(),
        "public_key: must be 32 bytes, got 64");
    refused(0, addDevice(0, "tab", 1).toBuilder().setLabel("x".repeat(65)).build(), "label");
    ok(chain.deliver(0, addDevice(0, "tab", 1)));
  }

  @Test
  void revokesDevices() {
    refused(0, revoke(0, "d"), "has no identity");
    ok(chain.deliver(0, register(0, "kate")));
    refused(0, revoke(0, "d"), "has no device 'd'");
    ok(chain.deliver(0, addDevice(0, "d", 5)));
    IdentityKeeper k = identityKeeper();
    assertThat(k.activeDevice(chain.app.stateAt(0), addr(0), "d")).isTrue();
    TxResult r = chain.deliver(0, revoke(0, "d"));
    ok(r);
    assertThat(r.getEventsList().stream().map(Event::getType)).contains("identity.device_revoked");
    assertThat(k.activeDevice(chain.app.stateAt(0), addr(0), "d")).isFalse();
    assertThat(k.device(chain.app.stateAt(0), addr(0), "d").orElseThrow().getPublicKey())
        .isEqualTo(key32(5));
    refused(0, revoke(0, "d"), "device 'd' is already revoked (height 5)");
    // another account's device is not mine to revoke
    ok(chain.deliver(1, register(1, "liam")));
    ok(chain.deliver(1, addDevice(1, "e", 6)));
    refused(0, revoke(0, "e"), "has no device 'e'");
    assertThat(k.activeDevice(chain.app.stateAt(0), addr(1), "e")).isTrue();
  }
}
