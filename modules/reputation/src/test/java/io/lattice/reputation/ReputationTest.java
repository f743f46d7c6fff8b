package io.lattice.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.proto.reputation.v1.MsgAdjustReputation;
import io.lattice.proto.types.v1.Event;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.runtime.tx.Codes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReputationTest {
  private TestChain chain;

  static TestChain newChain(long seed) {
    return new TestChain(
        seed, 6, List.of(), (auth, bank) -> List.of(new ReputationModule(new ReputationKeeper())));
  }

  @BeforeEach
  void setUp() {
    chain = newChain(1).genesis();
  }

  private long score(int i) {
    return chain.query("reputation/score", "address", chain.addresses.get(i)).get("score").asLong();
  }

  private MsgAdjustReputation adjust(String authority, int who, long delta) {
    return MsgAdjustReputation.newBuilder()
        .setAuthority(authority)
        .setAddress(chain.addresses.get(who))
        .setDelta(delta)
        .setReason("test")
        .build();
  }

  private MsgAdjustReputation govAdjust(int who, long delta) {
    return adjust(ReputationModule.GOV_AUTHORITY, who, delta);
  }

  @Test
  void everyAccountStartsAtTheDefaultScore() {
    assertThat(score(0)).isEqualTo(50);
    assertThat(chain.query("reputation/score", "address", chain.addresses.get(3)))
        .hasToString("{\"address\":\"" + chain.addresses.get(3) + "\",\"score\":50}");
  }

  @Test
  void governanceAdjustsAndTheScoreIsClampedTo0to100() {
    assertThat(chain.govExecute(govAdjust(0, 30))).isEmpty();
    assertThat(score(0)).isEqualTo(80);
    assertThat(chain.govExecute(govAdjust(0, 50))).isEmpty();
    assertThat(score(0)).isEqualTo(100);
    assertThat(chain.govExecute(govAdjust(1, -50))).isEmpty();
    assertThat(chain.govExecute(govAdjust(1, -50))).isEmpty();
    assertThat(score(1)).isZero();
    assertThat(score(2)).isEqualTo(50);
  }

  @Test
  void anAdjustmentEmitsReputationChanged() {
    chain.gov.execute(govAdjust(0, -7));
    FinalizedBlock fb = chain.block();
    List<Event> changed = TestChain.events(fb, ReputationKeeper.EVENT_CHANGED);
    assertThat(changed).hasSize(1);
    assertThat(changed.get(0).getAttributesList())
        .extracting(a -> a.getKey() + "=" + a.getValue())
        .containsExactly("address=" + chain.addresses.get(0), "delta=-7", "score=43", "source=gov");
  }

  @Test
  void aDeltaAboveMaxDeltaIsRefusedAndChangesNothing() {
    String before = chain.dump("reputation/");
    assertThat(chain.govExecute(govAdjust(0, 51))).get().asString().contains("max_delta 50");
    assertThat(chain.govExecute(govAdjust(0, -51))).get().asString().contains("max_delta 50");
    assertThat(chain.govExecute(govAdjust(0, Long.MIN_VALUE))).get().asString().contains("2^63");
    assertThat(chain.dump("reputation/")).isEqualTo(before);
    assertThat(score(0)).isEqualTo(50);
  }

  @Test
  void malformedAdjustmentsAreRefused() {
    String before = chain.dump("reputation/");
    assertThat(chain.govExecute(govAdjust(0, 0)))
        .get()
        .asString()
        .contains("delta must not be zero");
    assertThat(chain.govExecute(govAdjust(0, 1).toBuilder().setReason("x".repeat(257)).build()))
        .get()
        .asString()
        .contains("reason is longer than 256 bytes");
    assertThat(chain.govExecute(govAdjust(0, 1).toBuilder().setAddress("lat1nope").build()))
        .get()
        .asString()
        .contains("address: invalid address");
    assertThat(chain.govExecute(govAdjust(0, 1).toBuilder().setAddress("").build()))
        .get()
        .asString()
        .contains("address is missing");
    assertThat(chain.dump("reputation/")).isEqualTo(before);
  }

  @Test
  void anAccountCannotAdjustReputationItself() {
    String before = chain.dump("reputation/");
    TxResult r = chain.deliver(0, adjust(chain.addresses.get(0), 0, 10));
    assertThat(r.getCode()).isEqualTo(Codes.UNAUTHORIZED);
    assertThat(r.getLog()).contains("unauthorized: authority must be the gov module account");
    assertThat(chain.dump("reputation/")).isEqualTo(before);
    assertThat(score(0)).isEqualTo(50);
  }

  @Test
  void nobodyCanSignForTheGovAuthority() {
    String before = chain.dump("reputation/");
    TxResult r = chain.deliver(0, govAdjust(1, 10));
    assertThat(r.getCode()).isNotZero();
    assertThat(chain.dump("reputation/")).isEqualTo(before);
  }

  @Test
  void governanceChangesParams() {
    ObjectNode p = TestChain.JSON.createObjectNode().put("max_delta", "10");
    assertThat(chain.govSetParams("reputation", p)).isEmpty();
    assertThat(chain.app.params("reputation", 0))
        .hasToString("{\"default_score\":\"50\",\"max_delta\":\"10\",\"slash_penalty\":\"10\"}");
    assertThat(chain.govExecute(govAdjust(0, 11))).get().asString().contains("max_delta 10");
    assertThat(chain.govExecute(govAdjust(0, 10))).isEmpty();
    // A new default moves every account that was never adjusted, not the adjusted ones.
    assertThat(
            chain.govSetParams(
                "reputation", TestChain.JSON.createObjectNode().put("default_score", 70)))
        .isEmpty();
    assertThat(score(0)).isEqualTo(60);
    assertThat(score(1)).isEqualTo(70);
  }

  @Test
  void invalidParamsAreRefusedWhole() {
    String before = chain.dump("reputation/");
    for (ObjectNode bad :
        List.of(
            TestChain.JSON.createObjectNode().put("max_delta", "5").put("default_score", "101"),
            TestChain.JSON.createObjectNode().put("max_delta", "0"),
            TestChain.JSON.createObjectNode().put("slash_penalty", "-1"),
            TestChain.JSON.createObjectNode().put("max_delta", "5").put("bogus", "1"))) {
      Optional<String> r = chain.govSetParams("reputation", bad);
      assertThat(r).as("%s", bad).isPresent();
    }
    assertThat(chain.govSetParams("reputation", TestChain.JSON.createObjectNode().put("bogus", 1)))
        .get()
        .asString()
        .contains("unknown field 'bogus'");
    assertThat(
            chain.govSetParams(
                "reputation", TestChain.JSON.createObjectNode().put("default_score", "101")))
        .get()
        .asString()
        .contains("default_score must be 0..100");
    assertThat(chain.dump("reputation/")).isEqualTo(before);
  }

  @Test
  void scoreQueryRefusesABadAddress() {
    assertThatThrownBy(() -> chain.query("reputation/score", "address", "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid address");
    assertThatThrownBy(
            () -> chain.app.query("reputation/score", TestChain.JSON.createObjectNode(), 0))
        .hasMessageContaining("request.address must be a string");
  }

  @Test
  void clampNeverOverflows() {
    assertThat(ReputationKeeper.clamp(50, Long.MAX_VALUE)).isEqualTo(100);
    assertThat(ReputationKeeper.clamp(50, Long.MIN_VALUE)).isZero();
    assertThat(ReputationKeeper.clamp(0, -1)).isZero();
    assertThat(ReputationKeeper.clamp(100, 1)).isEqualTo(100);
    assertThat(ReputationKeeper.clamp(99, 1)).isEqualTo(100);
    assertThat(ReputationKeeper.clamp(1, -1)).isZero();
    assertThat(ReputationKeeper.clamp(40, -15)).isEqualTo(25);
  }

  // ---- genesis ----

  @Test
  void genesisImportsScoresAndParams() {
    TestChain c = newChain(2);
    ObjectNode g = c.genesisJson();
    ObjectNode rep = g.putObject("reputation");
    rep.putObject("params").put("default_score", "20").put("max_delta", "5");
    rep.putArray("scores").addObject().put("address", c.addresses.get(1)).put("score", "90");
    c.genesis(g.toString());
    assertThat(c.query("reputation/score", "address", c.addresses.get(0)).get("score").asLong())
        .isEqualTo(20);
    assertThat(c.query("reputation/score", "address", c.addresses.get(1)).get("score").asLong())
        .isEqualTo(90);
    assertThat(c.app.params("reputation", 0).get("slash_penalty").asText()).isEqualTo("10");
  }

  @Test
  void badGenesisIsRefusedNamingTheCause() {
    String a = newChain(3).addresses.get(0);
    String[][] cases = {
      {"{\"scores\":[{\"address\":\"" + a + "\",\"score\":\"101\"}]}", "score must be 0..100"},
      {
        "{\"scores\":[{\"address\":\""
            + a
            + "\",\"score\":1},{\"address\":\""
            + a
            + "\",\"score\":2}]}",
        "duplicate score"
      },
      {"{\"scores\":[{\"address\":\"lat1x\",\"score\":1}]}", "invalid address"},
      {"{\"params\":{\"max_delta\":\"0\"}}", "max_delta must be 1..100"},
      {"{\"extra\":1}", "unknown field 'extra'"},
      {"{\"scores\":[{\"address\":\"" + a + "\"}]}", "score must be 0..100"},
    };
    for (String[] c : cases) {
      TestChain fresh = newChain(3);
      ObjectNode g = fresh.genesisJson();
      g.set("reputation", readTree(c[0]));
      assertThatThrownBy(() -> fresh.genesis(g.toString()))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
    try {
      return TestChain.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void exportReimportsToTheSameAppHash() {
    chain.govExecute(govAdjust(0, 20));
    chain.govExecute(govAdjust(2, -45));
    chain.govSetParams("reputation", TestChain.JSON.createObjectNode().put("slash_penalty", "3"));
    byte[] exported = chain.app.exportGenesis();
    TestChain copy = chain.fresh().genesis(new String(exported, StandardCharsets.UTF_8));
    assertThat(copy.appHash()).isEqualTo(chain.appHash());
    assertThat(copy.app.exportGenesis()).isEqualTo(exported);
    assertThat(
            copy.query("reputation/score", "address", chain.addresses.get(2)).get("score").asLong())
        .isEqualTo(5);
  }
}
