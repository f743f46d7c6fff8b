package io.lattice.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.storage.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order of Application calls: finalize (repeatable), commit once, afterCommit. */
class BlockLifecycleTest {
  private static BlockContext ctx(long h) {
    return new BlockContext(
        TestChain.CHAIN_ID, h, Instant.ofEpochSecond(1_700_000_000L + h), new byte[20]);
  }

  @Test
  void reExecutingAHeightBeforeCommitGivesTheSameResult() {
    TestChain chain = new TestChain(41, 2).genesis();
    byte[] tx = chain.sendBytes(0, 1, 5);
    FinalizedBlock first = chain.app.finalizeBlock(ctx(1), List.of(tx));
    FinalizedBlock again = chain.app.finalizeBlock(ctx(1), List.of(tx));
    assertThat(again.appHash()).isEqualTo(first.appHash());
    assertThat(again.txResults()).isEqualTo(first.txResults());
    // queries still see the last committed state
    assertThat(chain.account(0).getSequence()).isZero();
    try (WriteBatch b = chain.db.newBatch()) {
      chain.app.commit(b);
      assertThatThrownBy(() -> chain.app.commit(b)).hasMessage("block 1 is already committed");
      assertThatThrownBy(() -> chain.app.finalizeBlock(ctx(2), List.of()))
          .hasMessage("block 1 was committed but afterCommit was not called");
      chain.db.write(b, true);
    }
    chain.app.afterCommit();
    assertThat(chain.app.info().height()).isEqualTo(1);
    assertThat(chain.app.info().appHash()).isEqualTo(first.appHash());
    assertThat(chain.account(0).getSequence()).isEqualTo(1);
  }

  @Test
  void heightsMustFollowEachOther() {
    TestChain chain = new TestChain(42, 1).genesis();
    assertThatThrownBy(() -> chain.app.finalizeBlock(ctx(3), List.of()))
        .hasMessage("expected block 1, got 3");
    assertThatThrownBy(() ->
            chain.app.finalizeBlock(
                new BlockContext("other-chain", 1, Instant.EPOCH, new byte[20]), List.of()))
        .hasMessage("block for chain other-chain on chain lattice-1");
    try (WriteBatch b = chain.db.newBatch()) {
      assertThatThrownBy(() -> chain.app.commit(b)).hasMessage("commit without finalizeBlock");
    }
  }

  @Test
  void emptyBlocksKeepTheAppHash() {
    TestChain chain = new TestChain(43, 1).genesis();
    byte[] genesis = chain.app.info().appHash();
    FinalizedBlock fb = chain.block();
    assertThat(fb.txResults()).isEmpty();
    assertThat(fb.appHash()).isEqualTo(genesis);
    assertThat(chain.app.info().height()).isEqualTo(1);
  }
}
