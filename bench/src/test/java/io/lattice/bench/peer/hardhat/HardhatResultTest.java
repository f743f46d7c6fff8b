package io.lattice.bench.peer.hardhat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HardhatResultTest {
  private static final long MS = 1_000_000L;

  private static Transfer tx(long submitted, long accepted, long committed, String rejection) {
    Transfer t = new Transfer(0, 0, "0x" + submitted, "{}");
    t.submittedAt = submitted * MS;
    t.acceptedAt = accepted * MS;
    t.committedAt = committed * MS;
    t.block = committed == 0 ? 0 : committed;
    t.rejection = rejection;
    return t;
  }

  @Test
  void countsRatesAndLatenciesFromTheTransfersTimes() {
    List<Transfer> txs =
        List.of(
            tx(1000, 1010, 1020, ""),
            tx(1100, 1110, 1150, ""),
            tx(1200, 0, 0, "Nonce too low. Expected nonce to be N but got N."),
            tx(1300, 0, 0, "Nonce too low. Expected nonce to be N but got N."),
            tx(1400, 0, 0, "no answer: java.net.ConnectException"),
            tx(1500, 1510, 2500, ""),
            tx(0, 0, 0, ""));

    HardhatResult r = HardhatResult.of(txs, 1000 * MS, 2000 * MS);

    assertThat(r.submitted()).isEqualTo(6);
    assertThat(r.accepted()).isEqualTo(3);
    assertThat(r.rejected()).isEqualTo(3);
    assertThat(r.rejectionsByCount())
        .containsExactly(
            java.util.Map.entry("Nonce too low. Expected nonce to be N but got N.", 2),
            java.util.Map.entry("no answer: java.net.ConnectException", 1));
    assertThat(r.committed()).isEqualTo(3);
    assertThat(r.submitSeconds()).isEqualTo(1.0);
    // 3 committed from the first submission (1.0 s) to the last commit (2.5 s)
    assertThat(r.tps()).isEqualTo(2.0);
    // 2 committed before submission ended at 2.0 s
    assertThat(r.tpsWithinSubmission()).isEqualTo(2.0);
    assertThat(r.commit().count()).isEqualTo(3);
    assertThat(r.commit().p50()).isEqualTo(50.0);
    assertThat(r.commit().max()).isEqualTo(1000.0);
    assertThat(r.acceptance().max()).isEqualTo(10.0);
    assertThat(r.firstBlock()).isEqualTo(1020);
    assertThat(r.lastBlock()).isEqualTo(2500);

    var json = r.toJson(JsonRpc.JSON.createObjectNode());
    assertThat(json.path("committed").asInt()).isEqualTo(3);
    assertThat(json.path("p50_ms").asDouble()).isEqualTo(50.0);
    assertThat(json.path("rejected_by_reason").size()).isEqualTo(2);
  }

  @Test
  void aRunWithNothingCommittedHasNoLatencies() {
    HardhatResult r = HardhatResult.of(List.of(tx(1000, 0, 0, "refused")), 1000 * MS, 1500 * MS);

    assertThat(r.committed()).isZero();
    assertThat(r.tps()).isZero();
    var json = r.toJson(JsonRpc.JSON.createObjectNode());
    assertThat(json.path("p99_ms").isNull()).isTrue();
    assertThat(r.table()).contains("no samples");
  }
}
