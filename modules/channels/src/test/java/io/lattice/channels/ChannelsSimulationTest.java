package io.lattice.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.channels.v1.Role;
import io.lattice.proto.types.v1.TxResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random channel activity (every message, mostly plausible, often refused) against a model
 * of channels, memberships, roles, invitations and posts. Each transaction must succeed exactly
 * when the model says so; after every block the module's invariants hold (membership/role
 * consistency, post counts) and every channel's members, roles and counts equal the model's.
 */
class ChannelsSimulationTest {
  private static final int ACCOUNTS = 6;
  private static final int BLOCKS = 100;

  /** Account whose reputation is lowered below min_reputation_to_create at the start. */
  private static final int LOW_REP = 5;

  private static final String[] NAMES = {"aaa", "bbb", "Ccc", "ccc", "x", "ddd"};

  private static final class Model {
    final String owner;
    final boolean inviteOnly;
    final Map<String, Role> members = new TreeMap<>();
    final Set<String> invites = new HashSet<>();
    final Map<Long, String> posts = new TreeMap<>();
    long nextId = 1;

    Model(String owner, boolean inviteOnly) {
      this.owner = owner;
      this.inviteOnly = inviteOnly;
      members.put(owner, Role.ROLE_OWNER);
    }

    boolean moderates(String a) {
      Role r = members.get(a);
      return r == Role.ROLE_OWNER || r == Role.ROLE_MODERATOR;
    }
  }

  /** A transaction, whether the model expects it to succeed, and the model change if it does. */
  private record Step(int signer, Message msg, boolean ok, Runnable apply) {}

  /** Seeds 1..N, N from {@code -Dlattice.sim.seeds=N} (default 3; long runs pass more). */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, Long.getLong("lattice.sim.seeds", 3));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void channelsFollowTheModel(long seed) {
    run(seed);
  }

  @Test
  void theSameSeedGivesTheSameAppHash() {
    assertThat(run(7)).isEqualTo(run(7));
  }

  private static String run(long seed) {
    Random rnd = new Random(seed);
    ChannelsFixture f = new ChannelsFixture(seed, ACCOUNTS);
    f.chain.genesis();
    f.setReputation(LOW_REP, -20);
    Map<String, Model> model = new LinkedHashMap<>();
    int succeeded = 0;
    int refused = 0;
    for (int b = 0; b < BLOCKS; b++) {
      List<Integer> free = new ArrayList<>();
      for (int i = 0; i < ACCOUNTS; i++) {
        free.add(i);
      }
      int n = 1 + rnd.nextInt(3);
      List<Step> steps = new ArrayList<>();
      List<byte[]> txs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // Each step is planned against the model as it will be when the step runs.
        Step s = plan(f, model, rnd, free);
        steps.add(s);
        if (s.ok()) {
          s.apply().run();
        }
        txs.add(f.chain.tx(s.signer(), s.msg()));
      }
      FinalizedBlock fb = f.chain.block(List.of(), txs);
      for (int i = 0; i < n; i++) {
        TxResult r = fb.txResults().get(i);
        Step s = steps.get(i);
        assertThat(r.getCode() == 0)
            .as("seed %d block %d %s: %s", seed, b, s.msg(), r.getLog())
            .isEqualTo(s.ok());
        succeeded += s.ok() ? 1 : 0;
        refused += s.ok() ? 0 : 1;
      }
      compare(f, model, seed, b);
    }
    assertThat(succeeded).as("successful transactions").isGreaterThan(BLOCKS / 3);
    assertThat(refused).as("refused transactions").isGreaterThan(BLOCKS / 3);
    return f.chain.appHash();
  }

  /**
   * Plans one step signed by one of {@code free} (removed from it: one transaction per signer per
   * block), mostly by someone in the channel, so that most steps are plausible.
   */
  private static Step plan(
      ChannelsFixture f, Map<String, Model> model, Random rnd, List<Integer> free) {
    // Mostly an existing channel, and mostly another account that is in it: plausible actions.
    String name =
        !model.isEmpty() && rnd.nextInt(4) > 0
            ? new ArrayList<>(model.keySet()).get(rnd.nextInt(model.size()))
            : NAMES[rnd.nextInt(NAMES.length)];
    String key = name.toLowerCase(Locale.ROOT);
    Model c = model.get(key);
    boolean exists = c != null;
    int other = rnd.nextInt(ACCOUNTS);
    if (exists && rnd.nextBoolean()) {
      List<String> in = new ArrayList<>(c.members.keySet());
      other = f.chain.addresses.indexOf(in.get(rnd.nextInt(in.size())));
    }
    String them = f.addr(other);
    int kind = model.size() < 2 && rnd.nextBoolean() ? 0 : rnd.nextInt(9);
    int signer = free.get(rnd.nextInt(free.size()));
    if (kind == 0 || kind == 1) {
      // create and join: mostly by someone outside the channel.
      if (exists) {
        List<Integer> outside = new ArrayList<>();
        for (int i : free) {
          if (!c.members.containsKey(f.addr(i))) {
            outside.add(i);
          }
        }
        if (!outside.isEmpty() && rnd.nextInt(4) > 0) {
          signer = outside.get(rnd.nextInt(outside.size()));
        }
      }
    } else if (exists && rnd.nextInt(4) > 0) {
      List<Integer> inside = new ArrayList<>();
      for (int i : free) {
        if (c.members.containsKey(f.addr(i)) && (rnd.nextBoolean() || c.moderates(f.addr(i)))) {
          inside.add(i);
        }
      }
      if (!inside.isEmpty()) {
        signer = inside.get(rnd.nextInt(inside.size()));
      }
    }
    free.remove(Integer.valueOf(signer));
    String me = f.addr(signer);
    long id = 1 + rnd.nextInt(exists ? (int) c.nextId + 1 : 3);
    switch (kind) {
      case 0 -> {
        boolean inviteOnly = rnd.nextInt(4) == 0;
        boolean ok = key.length() >= 3 && !exists && signer != LOW_REP;
        return new Step(
            signer,
            f.create(signer, name, inviteOnly),
            ok,
            () -> model.put(key, new Model(me, inviteOnly)));
      }
      case 1 -> {
        boolean ok =
            exists && !c.members.containsKey(me) && (!c.inviteOnly || c.invites.contains(me));
        return new Step(
            signer,
            f.join(signer, name),
            ok,
            () -> {
              c.invites.remove(me);
              c.members.put(me, Role.ROLE_MEMBER);
            });
      }
      case 2 -> {
        boolean ok =
            exists
                && c.members.containsKey(me)
                && (c.members.get(me) != Role.ROLE_OWNER || c.members.size() == 1);
        return new Step(
            signer,
            f.leave(signer, name),
            ok,
            () -> {
              if (c.members.get(me) == Role.ROLE_OWNER) {
                model.remove(key);
              } else {
                c.members.remove(me);
              }
            });
      }
      case 3 -> {
        boolean ok =
            exists && c.moderates(me) && !c.members.containsKey(them) && !c.invites.contains(them);
        return new Step(signer, f.invite(signer, name, other), ok, () -> c.invites.add(them));
      }
      case 4 -> {
        Role role = rnd.nextBoolean() ? Role.ROLE_MODERATOR : Role.ROLE_MEMBER;
        boolean ok =
            exists
                && c.members.get(me) == Role.ROLE_OWNER
                && c.members.containsKey(them)
                && c.members.get(them) != Role.ROLE_OWNER
                && c.members.get(them) != role;
        return new Step(
            signer, f.setRole(signer, name, other, role), ok, () -> c.members.put(them, role));
      }
      case 5, 6 -> {
        boolean ok = exists && c.members.containsKey(me);
        String content = "m".repeat(1 + rnd.nextInt(20));
        return new Step(
            signer,
            f.post(signer, name, content),
            ok,
            () -> {
              c.posts.put(c.nextId, me);
              c.nextId++;
            });
      }
      case 7 -> {
        if (rnd.nextBoolean()) {
          boolean ok = exists && me.equals(c.posts.get(id));
          return new Step(signer, f.deletePost(signer, name, id), ok, () -> c.posts.remove(id));
        }
        boolean ok = exists && c.moderates(me) && c.posts.containsKey(id);
        return new Step(signer, f.removePost(signer, name, id), ok, () -> c.posts.remove(id));
      }
      default -> {
        boolean ok =
            exists
                && c.moderates(me)
                && !them.equals(me)
                && c.members.containsKey(them)
                && c.members.get(them) != Role.ROLE_OWNER
                && !(c.members.get(me) == Role.ROLE_MODERATOR
                    && c.members.get(them) == Role.ROLE_MODERATOR);
        return new Step(
            signer, f.removeMember(signer, name, other), ok, () -> c.members.remove(them));
      }
    }
  }

  private static void compare(ChannelsFixture f, Map<String, Model> model, long seed, int block) {
    for (String name : Set.of("aaa", "bbb", "ccc", "ddd")) {
      Model m = model.get(name);
      if (m == null) {
        assertThatThrownBy(() -> f.chain.query("channels/channel", "name", name))
            .as("seed %d block %d: %s should not exist", seed, block, name)
            .hasMessageContaining("no channel");
        continue;
      }
      JsonNode c = f.chain.query("channels/channel", "name", name);
      assertThat(c.get("owner").asText()).isEqualTo(m.owner);
      assertThat(c.get("member_count").asLong()).isEqualTo(m.members.size());
      assertThat(c.get("post_count").asLong()).isEqualTo(m.posts.size());
      assertThat(c.get("next_post_id").asLong()).isEqualTo(m.nextId);
      Map<String, String> roles = new TreeMap<>();
      for (JsonNode mem : f.chain.query("channels/members", "channel", name).get("members")) {
        roles.put(mem.get("address").asText(), mem.get("role").asText());
      }
      Map<String, String> expected = new TreeMap<>();
      m.members.forEach((a, r) -> expected.put(a, ChannelsJson.roleName(r)));
      assertThat(roles).as("seed %d block %d members of %s", seed, block, name).isEqualTo(expected);
      List<Long> ids = new ArrayList<>();
      f.chain
          .query("channels/posts", "channel", name, "limit", "1000")
          .get("posts")
          .forEach(p -> ids.add(p.get("id").asLong()));
      assertThat(ids).isEqualTo(new ArrayList<>(m.posts.keySet()));
    }
  }
}
