package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.ManualScheduler;
import io.lattice.consensus.SyncCountingStore;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.DuplicateVotes;
import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.privval.PrivValidatorVoteSigner;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Commit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four engines with real keys (and, across a restart, the file signer with double-sign protection)
 * over the in-process network on one virtual-time scheduler: they decide the same chain, a node
 * restarted from its store and WAL rejoins, and a chain with one node down (1/4 of the power) still
 * makes progress.
 */
class TendermintEngineTest {
  private final Fixture f = new Fixture(10, 10, 10, 10);
  private final ManualScheduler clock = new ManualScheduler();
  private final InProcessNetwork network = new InProcessNetwork();
  private final Map<Integer, List<BlockCommitted>> committed = new ConcurrentHashMap<>();
  private final SyncCountingStore[] dbs = new SyncCountingStore[4];
  private final TestChain.TxList[] mempools = new TestChain.TxList[4];
  private final Map<Integer, ConsensusNetwork> endpoints = new ConcurrentHashMap<>();
  private final TestChain.HashChainApp[] apps = new TestChain.HashChainApp[4];
  private long virtualMillis;
  private boolean realSigner;

  @TempDir Path dir;

  private TendermintEngine engine(int i) {
    if (dbs[i] == null) {
      dbs[i] = new SyncCountingStore();
      mempools[i] = new TestChain.TxList();
      endpoints.put(i, network.join("node-" + i));
    }
    TimeoutConfig fast =
        new TimeoutConfig(
            Duration.ofMillis(300),
            Duration.ofMillis(100),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(50),
            Duration.ofMillis(400));
    TendermintEngine e =
        new TendermintEngine(
            new TendermintConfig(
                new CoreConfig(Fixture.CHAIN, fast, CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 1000),
                1,
                Fixture.T0,
                1 << 20,
                -1,
                dir.resolve("node-" + i + ".wal")),
            f.validators.toProto(),
            realSigner ? privval(i) : new Fixture.RecordingSigner(f.keys.get(i)),
            apps[i] = new TestChain.HashChainApp(dbs[i]),
            mempools[i],
            dbs[i],
            new TestChain.Ledger(dbs[i]),
            () -> Fixture.T0.plusMillis(virtualMillis),
            new TestChain.NodeScheduler(clock),
            endpoints.get(i));
    e.addListener(
        new EngineListener() {
          @Override
          public void committed(BlockCommitted block) {
            committed.computeIfAbsent(i, k -> new ArrayList<>()).add(block);
          }
        });
    return e;
  }

  /** The real signer with double-sign protection, its state next to the node's WAL. */
  private VoteSigner privval(int i) {
    try {
      return new PrivValidatorVoteSigner(
          FilePrivValidator.open(f.keys.get(i), dir.resolve("node-" + i + ".sign")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void run(Duration d) {
    for (long t = 0; t < d.toMillis(); t += 50) {
      virtualMillis += 50;
      clock.advance(Duration.ofMillis(50));
    }
  }

  private static String hash(BlockCommitted b) {
    return HexFormat.of().formatHex(b.hash());
  }

  private void assertSameChain(List<Integer> nodes, int heights) throws InvalidBlockException {
    List<BlockCommitted> reference = committed.get(nodes.get(0));
    assertThat(reference).hasSizeGreaterThanOrEqualTo(heights);
    for (int n : nodes) {
      List<BlockCommitted> chain = committed.get(n);
      for (int h = 0; h < Math.min(chain.size(), reference.size()); h++) {
        assertThat(hash(chain.get(h)))
            .as("node %d height %d", n, h + 1)
            .isEqualTo(hash(reference.get(h)));
      }
    }
    for (BlockCommitted b : reference) {
      BlockVerifier.verifyCommit(
          Fixture.CHAIN, f.validators.toProto(), b.height(), b.hash(), b.commit());
      BlockVerifier.verifyBlock(
          Fixture.CHAIN,
          f.validators.toProto(),
          b.block(),
          BlockHashes.header(b.block().getHeader()));
    }
  }

  @Test
  void eachCommittedBlockIsExactlyOneSyncedWrite() {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
      mempools[i].txs.add(("tx-" + i).getBytes(StandardCharsets.UTF_8));
    }
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(3));
    engines.forEach(TendermintEngine::stop);
    for (int i = 0; i < 4; i++) {
      int blocks = committed.get(i).size();
      assertThat(blocks).as("node %d committed blocks", i).isGreaterThanOrEqualTo(3);
      // block, commit, results, indexes, validator sets and application state: one fsync
      assertThat(dbs[i].syncedWrites()).as("node %d synced writes", i).isEqualTo(blocks);
      assertThat(dbs[i].unsyncedWrites()).as("node %d unsynced writes", i).isZero();
    }
  }

  @Test
  void fourValidatorsDecideTheSameChain() throws InvalidBlockException {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
    }
    for (int i = 0; i < 4; i++) {
      mempools[i].txs.add("tx-1".getBytes(StandardCharsets.UTF_8));
    }
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(4));
    assertSameChain(List.of(0, 1, 2, 3), 5);
    assertThat(committed.get(0).get(0).block().getData().getTxsCount()).isEqualTo(1);
    for (int i = 0; i < 4; i++) {
      assertThat(engines.get(i).committedHeight()).isGreaterThanOrEqualTo(5);
      assertThat(mempools[i].txs).isEmpty();
    }
    // the proposer rotates
    assertThat(
            committed.get(0).stream()
                .map(b -> b.block().getHeader().getProposerAddress())
                .distinct())
        .hasSize(4);
    engines.forEach(TendermintEngine::stop);
  }

  @Test
  void theSameInputsGiveTheSameChain(@TempDir Path other) {
    List<String> first = chainOf(this);
    TendermintEngineTest second = new TendermintEngineTest();
    second.dir = other;
    assertThat(chainOf(second)).isEqualTo(first);
  }

  private static List<String> chainOf(TendermintEngineTest net) {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(net.engine(i));
      net.mempools[i].txs.add(("tx-" + i).getBytes(StandardCharsets.UTF_8));
    }
    engines.forEach(TendermintEngine::start);
    net.run(Duration.ofSeconds(2));
    engines.forEach(TendermintEngine::stop);
    List<String> hashes = net.committed.get(0).stream().map(TendermintEngineTest::hash).toList();
    assertThat(hashes).hasSizeGreaterThan(3);
    return hashes;
  }

  @Test
  void aRestartedNodeResumesFromItsStoreAndWal() throws InvalidBlockException {
    realSigner = true;
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
    }
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(2));
    engines.get(3).stop();
    long stoppedAt = engines.get(3).committedHeight();
    run(Duration.ofSeconds(2));
    // three of four (3/4 > 2/3 of the power) keep deciding
    assertThat(engines.get(0).committedHeight()).isGreaterThan(stoppedAt);
    TendermintEngine restarted = engine(3);
    restarted.start();
    assertThat(restarted.committedHeight()).isEqualTo(stoppedAt);
    // the others are heights ahead: block sync hands it the decided blocks one by one
    for (int step = 0; step < 60; step++) {
      long next = restarted.committedHeight() + 1;
      List<BlockCommitted> ahead = committed.get(0);
      if (next <= ahead.size()) {
        BlockCommitted b = ahead.get((int) next - 1);
        restarted.commitReceived(b.block(), b.commit(), "node-0");
      }
      run(Duration.ofMillis(50));
    }
    // from here on it keeps up by itself (buffered next-height messages, last commits)
    run(Duration.ofSeconds(2));
    assertThat(restarted.committedHeight()).isGreaterThan(stoppedAt);
    assertThat(restarted.committedHeight())
        .isGreaterThanOrEqualTo(engines.get(0).committedHeight() - 1);
    assertSameChain(List.of(0, 1, 2, 3), 5);
    engines.forEach(TendermintEngine::stop);
    restarted.stop();
  }

  @Test
  void anEquivocationEndsAsCommittedEvidenceOnEveryNode() throws InvalidBlockException {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      engines.add(engine(i));
    }
    ConsensusNetwork byzantine = network.join("byzantine");
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(1));
    long h = engines.get(0).committedHeight() + 1;
    assertThat(h).isGreaterThan(1);
    // validator 3 (not running an engine) prevotes for two different blocks in round 0 of h
    for (String tx : new String[] {"one", "two"}) {
      Vote v = f.vote(3, Votes.PREVOTE, h, 0, f.block(h, Commit.getDefaultInstance(), 3, tx));
      byzantine.broadcast(ConsensusMessage.newBuilder().setVote(v).build());
    }
    run(Duration.ofSeconds(3));
    assertSameChain(List.of(0, 1, 2), 5);
    List<BlockCommitted> carrying =
        committed.get(0).stream()
            .filter(b -> b.block().getEvidence().getEvidenceCount() > 0)
            .toList();
    assertThat(carrying).as("blocks with evidence").hasSize(1);
    DuplicateVoteEvidence evidence =
        DuplicateVotes.decode(carrying.get(0).block().getEvidence().getEvidence(0).toByteArray());
    assertThat(evidence.getVoteA().getHeight()).isEqualTo(h);
    assertThat(evidence.getVoteA().getValidatorAddress().toByteArray())
        .isEqualTo(f.address(3).bytes());
    for (int i = 0; i < 3; i++) {
      assertThat(engines.get(i).evidencePool().isCommitted(DuplicateVotes.hash(evidence))).isTrue();
      assertThat(engines.get(i).evidencePool().pending()).isEmpty();
      assertThat(apps[i].misbehavior)
          .singleElement()
          .satisfies(m -> {
            assertThat(m.validatorAddress()).isEqualTo(f.address(3).bytes());
            assertThat(m.height()).isEqualTo(h);
            assertThat(m.totalVotingPower()).isEqualTo(40);
          });
    }
    engines.forEach(TendermintEngine::stop);
  }

  @Test
  void evidenceThatDoesNotVerifyCountsAgainstThePeerAndChangesNothing() {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
    }
    ConsensusNetwork hostile = network.join("hostile");
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(1));
    long h = engines.get(0).committedHeight();
    Vote a = f.vote(3, Votes.PREVOTE, h, 0, f.block(h, Commit.getDefaultInstance(), 3, "a"));
    Vote b = f.vote(3, Votes.PREVOTE, h, 0, f.block(h, Commit.getDefaultInstance(), 3, "b"));
    DuplicateVoteEvidence forged =
        DuplicateVotes.of(a, b, f.validators.toProto(), Votes.timestamp(Fixture.T0)).toBuilder()
            .setValidatorPower(1000)
            .build();
    hostile.broadcast(ConsensusMessage.newBuilder().setEvidence(forged).build());
    hostile.broadcast(ConsensusMessage.getDefaultInstance());
    run(Duration.ofSeconds(1));
    for (TendermintEngine e : engines) {
      assertThat(e.dropped("hostile")).isEqualTo(2);
      assertThat(e.evidencePool().pending()).isEmpty();
    }
    assertThat(engines.get(0).committedHeight()).isGreaterThan(h);
    engines.forEach(TendermintEngine::stop);
  }

  @Test
  void aBlockOfSeveralPartsIsDecidedByFourEngines() throws InvalidBlockException {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
      // 200 transactions of 1000 bytes each: a block of 4 parts
      for (int t = 0; t < 200; t++) {
        byte[] tx = new byte[1000];
        Arrays.fill(tx, (byte) t);
        tx[0] = (byte) (t >> 8);
        mempools[i].txs.add(tx);
      }
    }
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(3));
    assertSameChain(List.of(0, 1, 2, 3), 3);
    BlockCommitted first = committed.get(0).get(0);
    assertThat(first.block().getData().getTxsCount()).isEqualTo(200);
    assertThat(BlockPartSet.of(1, 0, first.block()).header().getTotal()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(mempools[i].txs).isEmpty();
    }
    engines.forEach(TendermintEngine::stop);
  }

  @Test
  void badBlockPartsCountAgainstThePeerAndChangeNothing() {
    List<TendermintEngine> engines = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      engines.add(engine(i));
    }
    ConsensusNetwork hostile = network.join("hostile");
    engines.forEach(TendermintEngine::start);
    run(Duration.ofSeconds(1));
    long h = engines.get(0).committedHeight();
    BlockPart oversized =
        BlockPartSet.of(h + 1, 0, new byte[CoreConfig.BLOCK_PART_SIZE + 1])
            .parts()
            .get(0)
            .toBuilder()
            .setBytes(ByteString.copyFrom(new byte[CoreConfig.BLOCK_PART_SIZE + 1]))
            .build();
    BlockPart stale = BlockPartSet.of(1, 0, new byte[10]).parts().get(0);
    hostile.broadcast(ConsensusMessage.newBuilder().setBlockPart(oversized).build());
    hostile.broadcast(ConsensusMessage.newBuilder().setBlockPart(stale).build());
    run(Duration.ofSeconds(1));
    for (TendermintEngine e : engines) {
      assertThat(e.dropped("hostile")).isEqualTo(2);
    }
    assertThat(engines.get(0).committedHeight()).isGreaterThan(h);
    engines.forEach(TendermintEngine::stop);
  }
}
