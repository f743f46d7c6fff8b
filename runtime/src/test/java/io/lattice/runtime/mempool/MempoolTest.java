package io.lattice.runtime.mempool;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.Hashes;
import io.lattice.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MempoolTest {

  /**
   * Test double of the application for ordering and limit rules: a transaction is the text {@code
   * sender:sequence:priority:gas[:pad]}; {@code invalid} holds texts checkTx refuses.
   */
  static final class TextApp implements Application {
    final Set<String> invalid = new HashSet<>();
    final List<String> rechecked = new ArrayList<>();
    final List<String> preverified = new ArrayList<>();

    @Override
    public void preverify(byte[] tx) {
      preverified.add(new String(tx, StandardCharsets.UTF_8));
    }

    @Override
    public AppInfo info() {
      return new AppInfo(0, new byte[32]);
    }

    @Override
    public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
      return new byte[32];
    }

    @Override
    public CheckTxResult checkTx(byte[] tx, boolean recheck) {
      String text = new String(tx, StandardCharsets.UTF_8);
      if (recheck) {
        rechecked.add(text);
      }
      if (invalid.contains(text)) {
        return CheckTxResult.rejected(5, "bank", "insufficient funds: " + text);
      }
      String[] p = text.split(":");
      return new CheckTxResult(
          0, "", "", Long.parseLong(p[3]), p[0], Long.parseLong(p[1]), Long.parseLong(p[2]));
    }

    @Override
    public FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
      throw new UnsupportedOperationException("not a block executor");
    }

    @Override
    public void commit(WriteBatch batch) {}
  }

  private final TextApp app = new TextApp();

  private static byte[] tx(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> txs) {
    return txs.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  private Mempool mempool(int maxTxs, long maxBytes, long ttl) {
    return new Mempool(app, new MempoolConfig(maxTxs, maxBytes, 1024, ttl), 0);
  }

  @Test
  void admissionReturnsTheApplicationsReason() {
    Mempool pool = mempool(10, 10_000, 0);
    app.invalid.add("a:0:1:10");
    CheckTxResult result = pool.add(tx("a:0:1:10"));
    assertThat(result.isOk()).isFalse();
    assertThat(result.log()).isEqualTo("insufficient funds: a:0:1:10");
    assertThat(pool.size()).isZero();
  }

  @Test
  void duplicateHashIsRefused() {
    Mempool pool = mempool(10, 10_000, 0);
    assertThat(pool.add(tx("a:0:1:10")).isOk()).isTrue();
    CheckTxResult again = pool.add(tx("a:0:1:10"));
    assertThat(again.code()).isEqualTo(Mempool.CODE_DUPLICATE);
    assertThat(again.log()).isEqualTo("tx already in mempool");
    assertThat(pool.size()).isEqualTo(1);
    assertThat(pool.contains(Hashes.sha256(tx("a:0:1:10")))).isTrue();
  }

  @Test
  void sameSenderAndSequenceIsRefused() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:1:10"));
    CheckTxResult other = pool.add(tx("a:0:2:10:x"));
    assertThat(other.code()).isEqualTo(Mempool.CODE_SEQUENCE_TAKEN);
    assertThat(other.log()).contains("sequence 0");
  }

  @Test
  void oversizeTxIsRefusedWithoutCheckTx() {
    Mempool pool = new Mempool(app, new MempoolConfig(10, 10_000, 8, 0), 0);
    CheckTxResult result = pool.add(tx("a:0:1:10:padding"));
    assertThat(result.code()).isEqualTo(Mempool.CODE_TOO_LARGE);
    assertThat(result.log()).isEqualTo("tx too large: 16 bytes > max 8");
  }

  @Test
  void senderTransactionsAreReapedInSequenceOrder() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:2:9:10"));
    pool.add(tx("a:0:1:10"));
    pool.add(tx("a:1:5:10"));
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("a:0:1:10", "a:1:5:10", "a:2:9:10");
  }

  @Test
  void aGapWaitsForTheMissingSequence() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:1:10"));
    pool.add(tx("a:2:1:10"));
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("a:0:1:10");
    pool.add(tx("a:1:1:10"));
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("a:0:1:10", "a:1:1:10", "a:2:1:10");
  }

  @Test
  void afterACommitAGapToTheCommittedSequenceWaits() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:1:10"));
    pool.add(tx("a:2:1:10"));
    pool.update(1, List.of(tx("a:0:1:10")));
    assertThat(pool.reap(10_000, -1)).isEmpty();
    pool.add(tx("a:1:1:10"));
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("a:1:1:10", "a:2:1:10");
  }

  @Test
  void higherPriorityHeadsComeFirstAcrossSenders() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:1:10"));
    pool.add(tx("b:0:7:10"));
    pool.add(tx("c:0:3:10"));
    pool.add(tx("b:1:0:10"));
    assertThat(texts(pool.reap(10_000, -1)))
        .containsExactly("b:0:7:10", "c:0:3:10", "a:0:1:10", "b:1:0:10");
  }

  @Test
  void reapRespectsByteAndGasLimits() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:3:50"));
    pool.add(tx("b:0:2:60"));
    pool.add(tx("c:0:1:40"));
    assertThat(texts(pool.reap(10_000, 100))).containsExactly("a:0:3:50", "c:0:1:40");
    assertThat(texts(pool.reap(16, -1))).containsExactly("a:0:3:50", "b:0:2:60");
    assertThat(pool.size()).isEqualTo(3);
  }

  @Test
  void fullByCountEvictsTheLowestPriorityOrRefuses() {
    Mempool pool = mempool(3, 10_000, 0);
    pool.add(tx("a:0:2:10"));
    pool.add(tx("b:0:1:10"));
    pool.add(tx("c:0:3:10"));
    CheckTxResult low = pool.add(tx("d:0:1:10"));
    assertThat(low.code()).isEqualTo(Mempool.CODE_FULL);
    assertThat(low.log()).isEqualTo("mempool is full: 3 txs / 10000 bytes");

    assertThat(pool.add(tx("e:0:5:10")).isOk()).isTrue();
    assertThat(pool.size()).isEqualTo(3);
    assertThat(pool.contains(Hashes.sha256(tx("b:0:1:10")))).isFalse();
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("e:0:5:10", "c:0:3:10", "a:0:2:10");
  }

  @Test
  void fullByBytesEvictsAsManyAsNeeded() {
    Mempool pool = mempool(100, 24, 0);
    pool.add(tx("a:0:1:10")); // 8 bytes
    pool.add(tx("b:0:1:10"));
    pool.add(tx("c:0:2:10"));
    assertThat(pool.totalBytes()).isEqualTo(24);
    assertThat(pool.add(tx("d:0:3:10:xxxxxxx")).isOk()).isTrue(); // 16 bytes: two must go
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("d:0:3:10:xxxxxxx", "c:0:2:10");
    assertThat(pool.totalBytes()).isEqualTo(24);
  }

  @Test
  void updateForgetsCommittedAndDropsWhatNoLongerPasses() {
    Mempool pool = mempool(10, 10_000, 0);
    pool.add(tx("a:0:1:10"));
    pool.add(tx("b:0:1:10"));
    pool.add(tx("c:0:1:10"));
    app.invalid.add("c:0:1:10");
    pool.update(1, List.of(tx("a:0:1:10")));
    assertThat(app.rechecked).containsExactly("b:0:1:10", "c:0:1:10");
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("b:0:1:10");
  }

  @Test
  void aLateCopyOfACommittedTransactionIsRefusedBeforeItsSignaturesAreVerified() {
    Mempool pool = mempool(10, 10_000, 0);
    // committed in a block before this node saw it (its gossiped copy arrives late)
    pool.update(1, List.of(tx("a:0:1:10")));
    CheckTxResult late = pool.add(tx("a:0:1:10"));
    assertThat(late.code()).isEqualTo(Mempool.CODE_DUPLICATE);
    assertThat(late.log()).isEqualTo("tx already committed");
    assertThat(app.preverified).isEmpty();
    assertThat(pool.size()).isZero();
    assertThat(pool.add(tx("a:1:1:10")).isOk()).isTrue();
    assertThat(app.preverified).containsExactly("a:1:1:10");
  }

  @Test
  void onlyTheLastCommittedHashesAreRemembered() {
    Mempool pool = mempool(10, 10_000, 0);
    List<byte[]> block = new ArrayList<>();
    for (int i = 0; i <= Mempool.COMMITTED_KEPT; i++) {
      block.add(tx("s" + i + ":0:1:10"));
    }
    pool.update(1, block);
    assertThat(pool.add(tx("s0:0:1:10")).isOk()).as("forgotten, so checked again").isTrue();
    assertThat(pool.add(tx("s1:0:1:10")).log()).isEqualTo("tx already committed");
  }

  @Test
  void transactionsExpireAfterTtlBlocks() {
    Mempool pool = mempool(10, 10_000, 2);
    pool.add(tx("a:0:1:10"));
    pool.update(1, List.of());
    pool.add(tx("b:0:1:10"));
    pool.update(2, List.of());
    assertThat(texts(pool.reap(10_000, -1))).containsExactly("b:0:1:10");
    pool.update(3, List.of());
    assertThat(pool.size()).isZero();
  }

  @Test
  void concurrentSubmissionsAreAllCounted() throws Exception {
    Mempool pool = mempool(10_000, 1 << 20, 0);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String sender = "s" + t;
        futures.add(
            threads.submit(() -> {
              for (int i = 0; i < 250; i++) {
                pool.add(tx(sender + ":" + i + ":1:10"));
                if (i % 50 == 0) {
                  pool.reap(1 << 20, -1);
                }
              }
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      threads.shutdown();
    }
    assertThat(pool.size()).isEqualTo(1000);
    assertThat(pool.reap(1 << 20, -1)).hasSize(1000);
  }
}
