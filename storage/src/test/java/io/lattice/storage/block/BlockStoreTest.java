package io.lattice.storage.block;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockStoreTest {
  final KeyValueStore store = new MemoryKeyValueStore();
  final BlockStore blocks = new BlockStore(store);

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  void write(long height, List<TxIndexEntry> txs) {
    try (WriteBatch batch = store.newBatch()) {
      blocks.stageBlock(
          batch,
          height,
          b("hash" + height),
          b("block" + height),
          b("commit" + height),
          b("results" + height),
          txs);
      store.write(batch, true);
    }
  }

  @Test
  void emptyStoreHasNoBlocks() {
    assertThat(blocks.latestHeight()).isZero();
    assertThat(blocks.block(1)).isEmpty();
    assertThat(blocks.heightOf(b("x"))).isEmpty();
    assertThat(blocks.tx(b("t"))).isEmpty();
    assertThat(blocks.txHashesByAccount("lat1abc", 10)).isEmpty();
  }

  @Test
  void storesBlocksAndIndexesTransactions() {
    write(1, List.of(new TxIndexEntry(b("tx1"), 0, List.of("lat1alice", "lat1bob"))));
    write(
        2,
        List.of(
            new TxIndexEntry(b("tx2"), 0, List.of("lat1alice")),
            new TxIndexEntry(b("tx3"), 1, List.of("lat1alice", "lat1carol"))));
    write(3, List.of());
    assertThat(blocks.latestHeight()).isEqualTo(3);
    assertThat(blocks.block(2)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("block2")));
    assertThat(blocks.blockHash(2)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("hash2")));
    assertThat(blocks.commit(2)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("commit2")));
    assertThat(blocks.results(2)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("results2")));
    assertThat(blocks.heightOf(b("hash3"))).contains(3L);
    assertThat(blocks.tx(b("tx3"))).contains(new TxLocation(2, 1));
    assertThat(blocks.txHashesByAccount("lat1alice", 10))
        .extracting(h -> new String(h, UTF_8))
        .containsExactly("tx3", "tx2", "tx1");
    assertThat(blocks.txHashesByAccount("lat1alice", 2))
        .extracting(h -> new String(h, UTF_8))
        .containsExactly("tx3", "tx2");
    assertThat(blocks.txHashesByAccount("lat1bob", 10))
        .extracting(h -> new String(h, UTF_8))
        .containsExactly("tx1");
    assertThat(blocks.txHashesByAccount("lat1ali", 10)).as("no prefix matches").isEmpty();
  }

  @Test
  void rejectsOldOrDuplicateBlocksWithoutStagingAnything() {
    write(5, List.of());
    try (WriteBatch batch = store.newBatch()) {
      assertThatThrownBy(() -> blocks.stageBlock(batch, 5, b("other"), b("b"), b("r"), List.of()))
          .hasMessage("block height 5 must be above the latest stored height 5");
      assertThatThrownBy(() -> blocks.stageBlock(batch, 6, b("hash5"), b("b"), b("r"), List.of()))
          .hasMessage("block hash already stored at height 5");
      assertThat(batch.size()).isZero();
    }
    assertThatThrownBy(() -> new TxIndexEntry(b("t"), -1, List.of()))
        .hasMessage("tx index must be ≥ 0, got -1");
    assertThatThrownBy(() -> new TxIndexEntry(b("t"), 0, List.of("a\0b")))
        .hasMessageContaining("invalid account address");
  }

  @Test
  void commitCanBeStagedLater() {
    try (WriteBatch batch = store.newBatch()) {
      blocks.stageBlock(batch, 1, b("h1"), b("b1"), b("r1"), List.of());
      store.write(batch, true);
    }
    assertThat(blocks.commit(1)).hasValueSatisfying(v -> assertThat(v).isEmpty());
    try (WriteBatch batch = store.newBatch()) {
      blocks.stageCommit(batch, 1, b("seen-commit"));
      assertThatThrownBy(() -> blocks.stageCommit(batch, 2, b("x")))
          .hasMessage("no block stored at height 2");
      store.write(batch, true);
    }
    assertThat(blocks.commit(1)).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("seen-commit")));
  }
}
