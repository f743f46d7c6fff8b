package io.lattice.bench.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitLogTest {
  @Test
  void readsEachHeightsFirstCommitAndSkipsOtherLines(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("node0.log");
    Files.writeString(
        log,
        """
        2026-11-21T15:38:05.116Z INFO  [main] Handshake - loaded genesis of lattice-currency-1
        2026-11-21T15:38:07.001Z INFO  [consensus] LatticeNode - committed block height=1 hash=aa01 txs=0 app_hash=bb
        2026-11-21T15:38:08.250Z INFO  [consensus] LatticeNode - committed block height=2 hash=aa02 txs=17 app_hash=bb
        API: http://127.0.0.1:29700
        2026-11-21T15:40:26.440Z INFO  [consensus] LatticeNode - committed block height=2 hash=aa02 txs=17 app_hash=bb
        2026-11-21T15:40:2 INFO  [consensus] LatticeNode - committed block height=3 hash=aa03 txs=1 app_hash=bb
        """,
        StandardCharsets.UTF_8);

    CommitLog read = CommitLog.read("node0", log);

    assertThat(read.commits()).containsOnlyKeys(1L, 2L);
    assertThat(read.commits().get(2L))
        .isEqualTo(new CommitLog.Commit(2, Instant.parse("2026-11-21T15:38:08.250Z"), "aa02", 17));
  }
}
