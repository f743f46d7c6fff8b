package io.lattice.identity;

import static io.lattice.identity.ChatTestChain.key32;
import static io.lattice.identity.ChatTestChain.keys;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.identity.v1.Device;
import io.lattice.proto.identity.v1.Identity;
import io.lattice.proto.identity.v1.MsgAddDevice;
import io.lattice.proto.identity.v1.MsgRegister;
import io.lattice.proto.identity.v1.MsgRevokeDevice;
import io.lattice.proto.identity.v1.MsgUpdateKeys;
import io.lattice.runtime.store.KVStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random identity traffic (registrations racing for names in several cases, key updates,
 * devices added and revoked, plenty of refusals) against a model that predicts every result; after
 * every block the chain's identities equal the model's and the app's invariants (name index
 * consistent with the records, devices owned) hold. The same seed gives the same app hash.
 */
class IdentitySimulationTest {
  private static final int ACCOUNTS = 8;
  private static final int BLOCKS = 60;
  private static final String[] NAMES = {"alice", "Bob", "carol_7", "Dave", "eve", "x", "9no"};
  private static final String[] DEVICES = {"phone", "laptop", "tab", "watch"};

  /** What the model expects of one account. */
  private static final class Model {
    String name;
    final Map<String, Boolean> revoked = new TreeMap<>();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void modelAndInvariantsHoldEveryBlock(long seed) {
    run(seed);
  }

  @Test
  void sameSeedSameAppHash() {
    assertThat(run(42)).isEqualTo(run(42));
  }

  private static String run(long seed) {
    Random rnd = new Random(seed);
    ChatTestChain chain = new ChatTestChain(seed, ACCOUNTS).init();
    IdentityKeeper keeper = ((IdentityModule) chain.modules.get(2)).keeper();
    Map<Integer, Model> model = new TreeMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      model.put(i, new Model());
    }
    int accepted = 0;
    for (int b = 0; b < BLOCKS; b++) {
      List<Integer> signers = new ArrayList<>();
      List<byte[]> txs = new ArrayList<>();
      List<Boolean> expected = new ArrayList<>();
      int n = 1 + rnd.nextInt(4);
      for (int t = 0; t < n; t++) {
        int s = rnd.nextInt(ACCOUNTS);
        if (signers.contains(s)) {
          continue;
        }
        signers.add(s);
        String owner = chain.addresses.get(s);
        Model m = model.get(s);
        Message msg;
        boolean ok;
        int kind = rnd.nextInt(10);
        if (kind < 4) {
          String base = NAMES[rnd.nextInt(NAMES.length)];
          String name = rnd.nextBoolean() ? base.toUpperCase(Locale.ROOT) : base;
          MsgRegister.Builder r =
              MsgRegister.newBuilder().setOwner(owner).setUsername(name).setKeys(keys(seed + b, 1));
          String dev = null;
          if (rnd.nextBoolean()) {
            dev = DEVICES[rnd.nextInt(DEVICES.length)];
            r.setDevice(Device.newBuilder().setDeviceId(dev).setPublicKey(key32(b * 31L + t)));
          }
          msg = r.build();
          ok = m.name == null && Usernames.valid(name) && !taken(model, name);
          if (ok) {
            m.name = name;
            if (dev != null) {
              m.revoked.put(dev, false);
            }
          }
        } else if (kind < 6) {
          String dev = DEVICES[rnd.nextInt(DEVICES.length)];
          msg =
              MsgAddDevice.newBuilder()
                  .setOwner(owner)
                  .setDeviceId(dev)
                  .setPublicKey(key32(1000L * b + t))
                  .build();
          ok = m.name != null && !m.revoked.containsKey(dev);
          if (ok) {
            m.revoked.put(dev, false);
          }
        } else if (kind < 8) {
          String dev = DEVICES[rnd.nextInt(DEVICES.length)];
          msg = MsgRevokeDevice.newBuilder().setOwner(owner).setDeviceId(dev).build();
          ok = m.name != null && Boolean.FALSE.equals(m.revoked.get(dev));
          if (ok) {
            m.revoked.put(dev, true);
          }
        } else {
          msg =
              MsgUpdateKeys.newBuilder()
                  .setOwner(owner)
                  .setKeys(keys(seed * 7 + b, rnd.nextInt(3)))
                  .build();
          ok = m.name != null;
        }
        txs.add(chain.tx(s, msg));
        expected.add(ok);
      }
      FinalizedBlock fb = chain.block(txs);
      for (int i = 0; i < txs.size(); i++) {
        var r = fb.txResults().get(i);
        assertThat(r.getCode() == 0)
            .as("seed %d block %d tx %d: %s", seed, b, i, r.getLog())
            .isEqualTo(expected.get(i));
        if (r.getCode() == 0) {
          accepted++;
        }
      }
      assertMatches(chain, keeper, model);
    }
    assertThat(accepted).as("some traffic was accepted").isPositive();
    return chain.appHashHex();
  }

  private static boolean taken(Map<Integer, Model> model, String name) {
    return model.values().stream().anyMatch(m -> m.name != null && m.name.equalsIgnoreCase(name));
  }

  private static void assertMatches(
      ChatTestChain chain, IdentityKeeper keeper, Map<Integer, Model> model) {
    KVStore state = chain.app.stateAt(0);
    for (Map.Entry<Integer, Model> e : model.entrySet()) {
      String owner = chain.addresses.get(e.getKey());
      Optional<Identity> id = keeper.byOwner(state, owner);
      Model m = e.getValue();
      assertThat(id.map(Identity::getUsername).orElse(null)).isEqualTo(m.name);
      if (m.name == null) {
        continue;
      }
      assertThat(keeper.byName(state, m.name.toLowerCase(Locale.ROOT)).orElseThrow().getOwner())
          .isEqualTo(owner);
      Map<String, Boolean> devices = new TreeMap<>();
      id.get()
          .getDevicesList()
          .forEach(d -> devices.put(d.getDeviceId(), d.getRevokedHeight() != 0));
      assertThat(devices).isEqualTo(m.revoked);
      for (String d : DEVICES) {
        assertThat(keeper.activeDevice(state, owner, d))
            .isEqualTo(Boolean.FALSE.equals(m.revoked.get(d)));
      }
    }
  }
}
