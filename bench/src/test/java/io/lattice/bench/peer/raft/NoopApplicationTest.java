package io.lattice.bench.peer.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoopApplicationTest {
  private static BlockContext block(long height) {
    return new BlockContext("c", height, Instant.EPOCH, new byte[20], List.of(), List.of());
  }

  @Test
  void payloadCarriesItsIdAndSize() {
    byte[] p = NoopApplication.payload(123_456_789L, 256);
    assertThat(p).hasSize(256);
    assertThat(NoopApplication.id(p)).isEqualTo(123_456_789L);
    assertThatThrownBy(() -> NoopApplication.payload(1, 7))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 8");
  }

  @Test
  void checkTxGivesEachPayloadItsOwnSenderAndRefusesOnesWithoutAnId() {
    NoopApplication app = new NoopApplication(new MemoryKeyValueStore());
    CheckTxResult a = app.checkTx(NoopApplication.payload(1, 64), false);
    CheckTxResult b = app.checkTx(NoopApplication.payload(2, 64), false);
    assertThat(a.isOk()).isTrue();
    assertThat(a.sender()).isNotEqualTo(b.sender());
    CheckTxResult shortOne = app.checkTx(new byte[3], false);
    assertThat(shortOne.isOk()).isFalse();
    assertThat(shortOne.log()).contains("3 bytes");
  }

  @Test
  void committedCountSurvivesReopeningAndOnlyChangesAfterCommit() {
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    NoopApplication app = new NoopApplication(db);
    byte[] genesis = app.info().appHash();
    FinalizedBlock f =
        app.finalizeBlock(
            block(1), List.of(NoopApplication.payload(1, 8), NoopApplication.payload(2, 8)));
    assertThat(f.txResults()).hasSize(2).allMatch(r -> r.getCode() == 0);
    assertThat(app.applied()).isZero();
    try (WriteBatch batch = db.newBatch()) {
      app.commit(batch);
      db.write(batch, true);
    }
    app.afterCommit();
    assertThat(app.applied()).isEqualTo(2);
    assertThat(app.info().height()).isEqualTo(1);
    assertThat(app.info().appHash()).isEqualTo(f.appHash()).isNotEqualTo(genesis);

    NoopApplication reopened = new NoopApplication(db);
    assertThat(reopened.applied()).isEqualTo(2);
    assertThat(reopened.info().appHash()).isEqualTo(f.appHash());
  }

  @Test
  void benchRefusesBadOptionsNamingThem() {
    assertThatThrownBy(() -> ReplicatedLogBench.Args.parse(new String[] {"--nodes", "3"}))
        .hasMessageContaining("--nodes must be at least 4");
    assertThatThrownBy(() -> ReplicatedLogBench.Args.parse(new String[] {"--system", "etcd"}))
        .hasMessageContaining("--system must be both, ratis or lattice");
    assertThatThrownBy(() -> ReplicatedLogBench.Args.parse(new String[] {"--payload", "4"}))
        .hasMessageContaining("--payload must be at least 8");
    assertThatThrownBy(() -> ReplicatedLogBench.Args.parse(new String[] {"--speed", "1"}))
        .hasMessageContaining("unknown option --speed");
  }

  @Test
  void repeatedRunsReportTheMedianRunWithEveryRunsThroughput() {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    List<com.fasterxml.jackson.databind.node.ObjectNode> runs =
        List.of(
            json.createObjectNode().put("ops_per_s", 300.0).put("p50_ms", 3.0),
            json.createObjectNode().put("ops_per_s", 100.0).put("p50_ms", 1.0),
            json.createObjectNode().put("ops_per_s", 200.0).put("p50_ms", 2.0));
    var median = ReplicatedLogBench.median(runs);
    assertThat(median.path("ops_per_s").asDouble()).isEqualTo(200.0);
    assertThat(median.path("p50_ms").asDouble()).isEqualTo(2.0);
    assertThat(median.path("runs_ops_per_s").toString()).isEqualTo("[300.0,100.0,200.0]");
    assertThat(runs.get(2).has("runs_ops_per_s")).isFalse();
  }

  @Test
  void percentileIsTheSmallestValueCoveringTheFraction() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(ClosedLoop.percentile(sorted, 0.5)).isEqualTo(5);
    assertThat(ClosedLoop.percentile(sorted, 0.9)).isEqualTo(9);
    assertThat(ClosedLoop.percentile(sorted, 0.99)).isEqualTo(10);
    assertThat(ClosedLoop.percentile(new long[0], 0.5)).isZero();
  }
}
