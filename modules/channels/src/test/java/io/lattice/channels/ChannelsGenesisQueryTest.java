package io.lattice.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.channels.v1.Role;
import io.lattice.reputation.TestChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Genesis import, refusals and export round trip; params; queries. */
class ChannelsGenesisQueryTest {
  private static ChannelsFixture active() {
    ChannelsFixture f = new ChannelsFixture(21, 5);
    f.chain.genesis();
    f.ok(0, f.create(0, "alpha", false));
    f.ok(1, f.join(1, "alpha"));
    f.ok(2, f.join(2, "alpha"));
    f.ok(0, f.setRole(0, "alpha", 1, Role.ROLE_MODERATOR));
    f.ok(0, f.create(0, "beta", true));
    f.ok(0, f.invite(0, "beta", 3));
    for (int i = 0; i < 5; i++) {
      f.ok(i % 3, f.post(i % 3, "alpha", "post " + i));
    }
    f.ok(2, f.deletePost(2, "alpha", 3));
    return f;
  }

  @Test
  void exportReimportsToTheSameAppHash() {
    ChannelsFixture f = active();
    assertThat(
            f.chain.govSetParams(
                "channels", TestChain.JSON.createObjectNode().put("max_post_bytes", "100")))
        .isEmpty();
    byte[] exported = f.chain.app.exportGenesis();
    ChannelsFixture copy = new ChannelsFixture(21, 5);
    copy.chain.genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.chain.appHash()).isEqualTo(f.chain.appHash());
    assertThat(copy.chain.app.exportGenesis()).isEqualTo(exported);
    // The imported chain goes on: the invitation, ids and params survived.
    copy.ok(3, copy.join(3, "beta"));
    copy.ok(1, copy.post(1, "alpha", "after import"));
    assertThat(copy.chain.query("channels/posts", "channel", "alpha", "since", "5").get("posts"))
        .hasSize(1);
    assertThat(copy.channelField("alpha", "next_post_id")).isEqualTo(7);
  }

  private static JsonNode read(String json) {
    try {
      return TestChain.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void refusedGenesis(String what, java.util.function.Consumer<ObjectNode> edit) {
    ChannelsFixture f = active();
    ObjectNode g =
        (ObjectNode) read(new String(f.chain.app.exportGenesis(), StandardCharsets.UTF_8));
    ObjectNode ch = (ObjectNode) g.get("channels");
    edit.accept(ch);
    ChannelsFixture copy = new ChannelsFixture(21, 5);
    assertThatThrownBy(() -> copy.chain.genesis(g.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(what);
  }

  @Test
  void inconsistentGenesisIsRefusedNamingTheCause() {
    refusedGenesis("has unknown field 'extra'", ch -> ch.put("extra", 1));
    refusedGenesis(
        "must be lower case", ch -> ((ObjectNode) ch.get("channels").get(0)).put("name", "Alpha"));
    refusedGenesis(
        "duplicate channel beta",
        ch -> ((ArrayNode) ch.get("channels")).add(ch.get("channels").get(0).deepCopy()));
    refusedGenesis(
        "no channel 'gamma' in genesis",
        ch -> ((ObjectNode) ch.get("members").get(0)).put("channel", "gamma"));
    refusedGenesis(
        "must be owner, moderator or member",
        ch -> ((ObjectNode) ch.get("members").get(0)).put("role", "king"));
    refusedGenesis(
        "duplicate member",
        ch -> ((ArrayNode) ch.get("members")).add(ch.get("members").get(0).deepCopy()));
    refusedGenesis(
        "is already a member",
        ch ->
            ((ObjectNode) ch.get("invites").get(0))
                .put("channel", "alpha")
                .put("invitee", ch.get("members").get(1).get("address").asText()));
    refusedGenesis(
        "is not below next_post_id", ch -> ((ObjectNode) ch.get("posts").get(0)).put("id", "99"));
    refusedGenesis(
        "duplicate post id",
        ch -> ((ArrayNode) ch.get("posts")).add(ch.get("posts").get(0).deepCopy()));
    refusedGenesis(
        "counts 3 members, state has 2",
        ch -> {
          ArrayNode members = (ArrayNode) ch.get("members");
          for (int i = 0; i < members.size(); i++) {
            if (members.get(i).get("role").asText().equals("member")) {
              members.remove(i);
              return;
            }
          }
        });
    refusedGenesis("counts 4 posts, state has 3", ch -> ((ArrayNode) ch.get("posts")).remove(0));
    refusedGenesis(
        "owner members", ch -> ((ObjectNode) ch.get("members").get(0)).put("role", "member"));
    refusedGenesis(
        "max_post_bytes must be 1..65536",
        ch -> ((ObjectNode) ch.get("params")).put("max_post_bytes", "0"));
    refusedGenesis(
        "invalid address",
        ch -> ((ObjectNode) ch.get("channels").get(0)).put("owner", "lat1nobody"));
  }

  @Test
  void paramsAreChangedWholeOrNotAtAll() {
    ChannelsFixture f = new ChannelsFixture(22, 2);
    f.chain.genesis();
    assertThat(f.chain.app.params("channels", 0))
        .hasToString(
            "{\"min_reputation_to_create\":\"40\",\"creation_fee\":[],\"max_post_bytes\":\"4096\"}");
    String before = f.chain.dump("channels/");
    ObjectNode bad = TestChain.JSON.createObjectNode().put("min_reputation_to_create", "101");
    assertThat(f.chain.govSetParams("channels", bad))
        .get()
        .asString()
        .contains("min_reputation_to_create must be 0..100");
    ObjectNode badFee = TestChain.JSON.createObjectNode().put("max_post_bytes", "10");
    badFee.putArray("creation_fee").addObject().put("denom", "ulat").put("amount", "0");
    assertThat(f.chain.govSetParams("channels", badFee)).get().asString().contains("zero amount");
    assertThat(f.chain.govSetParams("channels", TestChain.JSON.createObjectNode().put("fee", "1")))
        .get()
        .asString()
        .contains("unknown field 'fee'");
    assertThat(f.chain.dump("channels/")).isEqualTo(before);
    Optional<String> ok =
        f.chain.govSetParams(
            "channels",
            TestChain.JSON
                .createObjectNode()
                .put("min_reputation_to_create", 0)
                .put("max_post_bytes", 8));
    assertThat(ok).isEmpty();
    assertThat(f.chain.app.params("channels", 0).get("max_post_bytes").asText()).isEqualTo("8");
  }

  @Test
  void queries() {
    ChannelsFixture f = active();
    JsonNode members = f.chain.query("channels/members", "channel", "ALPHA");
    assertThat(members.get("channel").asText()).isEqualTo("alpha");
    assertThat(members.get("members")).hasSize(3);
    JsonNode posts = f.chain.query("channels/posts", "channel", "alpha");
    assertThat(posts.get("posts"))
        .extracting(p -> p.get("id").asLong())
        .containsExactly(1L, 2L, 4L, 5L);
    assertThat(
            f.chain
                .query("channels/posts", "channel", "alpha", "since", "2", "limit", "1")
                .get("posts"))
        .extracting(p -> p.get("id").asLong())
        .containsExactly(4L);
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(0)).get("channels"))
        .hasToString(
            "[{\"name\":\"alpha\",\"role\":\"owner\"},{\"name\":\"beta\",\"role\":\"owner\"}]");
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(1)).get("channels"))
        .hasToString("[{\"name\":\"alpha\",\"role\":\"moderator\"}]");
    assertThat(f.chain.query("channels/channels_of", "address", f.addr(4)).get("channels"))
        .isEmpty();
    assertThatThrownBy(() -> f.chain.query("channels/posts", "channel", "alpha", "limit", "1001"))
        .hasMessageContaining("request.limit must be 1..1000");
    assertThatThrownBy(() -> f.chain.query("channels/posts", "channel", "alpha", "limit", "0"))
        .hasMessageContaining("request.limit must be 1..1000");
    assertThatThrownBy(() -> f.chain.query("channels/posts", "channel", "alpha", "since", "-1"))
        .hasMessageContaining("since must be a non-negative integer");
    assertThatThrownBy(() -> f.chain.query("channels/channel", "name", "nothere"))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("no channel 'nothere'");
    assertThatThrownBy(() -> f.chain.query("channels/members"))
        .hasMessageContaining("request.channel must be a string");
    assertThatThrownBy(() -> f.chain.query("channels/channels_of", "address", "bob"))
        .hasMessageContaining("invalid address");
  }
}
