package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.ExecutorScheduler;
import io.lattice.storage.MemoryKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four engines, each on its own {@link ExecutorScheduler} thread with the system clock, over the
 * in-process network: the shell is safe with real threads and the nodes agree on every block.
 */
class EngineThreadsTest {
  private static final int HEIGHTS = 5;

  @TempDir Path dir;

  @Test
  void engineThreadsDecideTheSameBlocks() throws InterruptedException {
    Fixture f = new Fixture(10, 10, 10, 10);
    InProcessNetwork network = new InProcessNetwork();
    TimeoutConfig timeouts =
        new TimeoutConfig(
            Duration.ofMillis(500),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(100),
            Duration.ofMillis(200));
    Map<Integer, List<String>> hashes = new ConcurrentHashMap<>();
    CountDownLatch reached = new CountDownLatch(4);
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int node = i;
      MemoryKeyValueStore db = new MemoryKeyValueStore();
      TendermintEngine e =
          new TendermintEngine(
              new TendermintConfig(
                  new CoreConfig(
                      Fixture.CHAIN, timeouts, CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 1000),
                  1,
                  Fixture.T0,
                  1 << 20,
                  -1,
                  dir.resolve("node-" + i + ".wal")),
              f.validators.toProto(),
              new Fixture.RecordingSigner(f.keys.get(i)),
              new TestChain.HashChainApp(db),
              new TestChain.TxList(),
              db,
              new TestChain.Ledger(db),
              Clock.system(),
              new ExecutorScheduler("consensus-" + i),
              network.join("node-" + i));
      e.addListener(
          new EngineListener() {
            @Override
            public void committed(BlockCommitted block) {
              List<String> mine = hashes.computeIfAbsent(node, k -> new ArrayList<>());
              mine.add(HexFormat.of().formatHex(block.hash()));
              if (mine.size() == HEIGHTS) {
                reached.countDown();
              }
            }
          });
      engines.add(e);
    }
    try {
      engines.forEach(TendermintEngine::start);
      assertThat(reached.await(120, TimeUnit.SECONDS)).as("all nodes reach %d", HEIGHTS).isTrue();
    } finally {
      engines.forEach(TendermintEngine::stop);
    }
    for (int i = 1; i < 4; i++) {
      assertThat(hashes.get(i).subList(0, HEIGHTS)).isEqualTo(hashes.get(0).subList(0, HEIGHTS));
    }
  }
}
