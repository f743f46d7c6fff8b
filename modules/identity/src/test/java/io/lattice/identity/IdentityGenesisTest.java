package io.lattice.identity;

import static io.lattice.identity.ChatTestChain.key32;
import static io.lattice.identity.ChatTestChain.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import org.junit.jupiter.api.Test;

class IdentityGenesisTest {
  private static ChatTestChain populated() {
    ChatTestChain c = new ChatTestChain(21, 4);
    c.genesis.putObject("identity").putObject("params").put("registration_fee", "10");
    c.init();
    for (int i = 0; i < 3; i++) {
      MsgRegister.Builder r =
          MsgRegister.newBuilder()
              .setOwner(c.addresses.get(i))
              .setUsername("User" + i)
              .setKeys(keys(i + 1, i));
      if (i == 1) {
        r.setDevice(Device.newBuilder().setDeviceId("first").setPublicKey(key32(77)).setLabel("x"));
      }
      assertThat(c.deliver(i, r.build()).getCode()).isZero();
    }
    String owner = c.addresses.get(1);
    assertThat(
            c.deliver(
                    1,
                    MsgAddDevice.newBuilder()
                        .setOwner(owner)
                        .setDeviceId("second")
                        .setPublicKey(key32(78))
                        .build())
                .getCode())
        .isZero();
    assertThat(
            c.deliver(1, MsgRevokeDevice.newBuilder().setOwner(owner).setDeviceId("first").build())
                .getCode())
        .isZero();
    return c;
  }

  @Test
  void exportReimportsToTheSameAppHash() {
    ChatTestChain c = populated();
    byte[] exported = c.app.exportGenesis();
    ChatTestChain copy = new ChatTestChain(21, 4);
    copy.init(new String(exported, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(copy.appHashHex()).isEqualTo(c.appHashHex());
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    assertThat(copy.query("identity/name", "name", "user1"))
        .isEqualTo(c.query("identity/name", "name", "user1"));
    assertThat(copy.app.params("identity", 0).get("registration_fee").asText()).isEqualTo("10");
  }

  @Test
  void refusesInconsistentGenesis() {
    ObjectNode good = populated().export();
    assertRefused(
        good,
        g ->
            idAt(g, 1)
                .put(
                    "username",
                    idAt(g, 0).get("username").asText().toUpperCase(java.util.Locale.ROOT)),
        "already taken");
    assertRefused(
        good,
        g -> idAt(g, 1).put("owner", ids(g).get(0).get("owner").asText()),
        "already has the username");
    assertRefused(good, g -> idAt(g, 0).put("username", "0user"), "must start with a letter");
    assertRefused(
        good,
        g -> ((ObjectNode) ids(g).get(0).get("keys")).put("identity_key", "AAAA"),
        "keys.identity_key: must be 32 bytes");
    assertRefused(
        good,
        g -> ((ObjectNode) ids(g).get(0).get("keys")).put("identity_key", "!!"),
        "not valid base64");
    assertRefused(good, g -> idAt(g, 0).put("nickname", "x"), "unknown field 'nickname'");
    assertRefused(
        good,
        g -> ((ArrayNode) devicesOf(g)).add(devicesOf(g).get(0).deepCopy()),
        "duplicate 'first'");
    assertRefused(
        good,
        g -> ((ObjectNode) devicesOf(g).get(0)).put("revoked", false),
        "revoked must be true exactly when revoked_height is not 0");
    assertRefused(
        good,
        g -> ((ObjectNode) g.get("identity").get("params")).put("max_devices", "0"),
        "max_devices must be in 1..1024");
    assertRefused(
        good,
        g -> {
          ((ObjectNode) g.get("identity").get("params")).put("max_devices", "1");
          ((ObjectNode) devicesOf(g).get(0)).put("revoked", false).put("revoked_height", "0");
        },
        "2 active devices, max_devices is 1");
  }

  private static ArrayNode ids(ObjectNode g) {
    return (ArrayNode) g.get("identity").get("identities");
  }

  private static ArrayNode devicesOf(ObjectNode g) {
    for (var id : ids(g)) {
      if (!id.get("devices").isEmpty()) {
        return (ArrayNode) id.get("devices");
      }
    }
    throw new IllegalStateException("no identity with devices");
  }

  private static ObjectNode idAt(ObjectNode g, int i) {
    return (ObjectNode) ids(g).get(i);
  }

  private interface Edit {
    void apply(ObjectNode genesis);
  }

  private static void assertRefused(ObjectNode good, Edit edit, String reason) {
    ObjectNode g = good.deepCopy();
    edit.apply(g);
    ChatTestChain fresh = new ChatTestChain(21, 4);
    assertThatThrownBy(() -> fresh.init(g.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }
}
