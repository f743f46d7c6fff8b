package io.lattice.consensus.solo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.ManualScheduler;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.TxSource;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.BlockVerifier;
import io.lattice.consensus.block.InvalidBlockException;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SoloEngineTest {
  private static final String CHAIN = "test-chain";
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * Test double of the application: its state is a hash chain over the executed transactions, kept
   * in the store. A transaction starting with "fail" gets code 1; "crash" makes finalizeBlock
   * throw. The real application (runtime's LatticeApp) runs in the node's tests.
   */
  static final class HashChainApp implements Application {
    private final KeyValueStore db;
    private long height;
    private byte[] hash;
    private long pendingHeight;
    private byte[] pendingHash;

    HashChainApp(KeyValueStore db) {
      this.db = db;
      this.height = db.get(b("app/height")).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
      this.hash = db.get(b("app/hash")).orElse(Hashes.sha256(b("genesis")));
    }

    @Override
    public AppInfo info() {
      return new AppInfo(height, hash.clone());
    }

    @Override
    public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
      return hash.clone();
    }

    @Override
    public CheckTxResult checkTx(byte[] tx, boolean recheck) {
      return new CheckTxResult(0, "", "", 1, "s", 0, 0);
    }

    @Override
    public FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
      byte[] h = hash;
      List<TxResult> results = new ArrayList<>();
      for (byte[] tx : txs) {
        String text = new String(tx, StandardCharsets.UTF_8);
        if (text.startsWith("crash")) {
          throw new IllegalStateException("application crashed on " + text);
        }
        h = Hashes.sha256(h, tx);
        results.add(
            TxResult.newBuilder()
                .setCode(text.startsWith("fail") ? 1 : 0)
                .setGasUsed(tx.length)
                .build());
      }
      pendingHeight = context.height();
      pendingHash = h;
      return new FinalizedBlock(results, List.of(), h.clone());
    }

    @Override
    public void commit(WriteBatch batch) {
      batch.put(b("app/height"), ByteBuffer.allocate(8).putLong(pendingHeight).array());
      batch.put(b("app/hash"), pendingHash);
    }

    @Override
    public void afterCommit() {
      height = pendingHeight;
      hash = pendingHash;
    }
  }

  /** Test double of the block ledger over a key-value store; the node adapts the BlockStore. */
  static final class KvLedger implements BlockLedger {
    private final KeyValueStore db;

    KvLedger(KeyValueStore db) {
      this.db = db;
    }

    @Override
    public long latestHeight() {
      return db.get(b("latest")).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
    }

    @Override
    public Optional<Block> block(long height) {
      return db.get(b("block/" + height)).map(v -> parse(() -> Block.parseFrom(v)));
    }

    @Override
    public Optional<Commit> commit(long height) {
      return db.get(b("commit/" + height)).map(v -> parse(() -> Commit.parseFrom(v)));
    }

    @Override
    public Optional<List<TxResult>> results(long height) {
      return db.get(b("results/" + height))
          .map(v -> {
            ByteBuffer in = ByteBuffer.wrap(v);
            List<TxResult> out = new ArrayList<>();
            while (in.hasRemaining()) {
              byte[] r = new byte[in.getInt()];
              in.get(r);
              out.add(parse(() -> TxResult.parseFrom(r)));
            }
            return out;
          });
    }

    @Override
    public Optional<byte[]> appHash(long height) {
      return db.get(b("apphash/" + height));
    }

    @Override
    public void stage(WriteBatch batch, BlockCommitted committed) {
      Block block = committed.block();
      Commit commit = committed.commit();
      List<TxResult> results = committed.results();
      long h = block.getHeader().getHeight();
      batch.put(b("apphash/" + h), committed.appHash());
      batch.put(b("block/" + h), block.toByteArray());
      batch.put(b("commit/" + h), commit.toByteArray());
      int n = 0;
      for (TxResult r : results) {
        n += 4 + r.getSerializedSize();
      }
      ByteBuffer out = ByteBuffer.allocate(n);
      for (TxResult r : results) {
        out.putInt(r.getSerializedSize()).put(r.toByteArray());
      }
      batch.put(b("results/" + h), out.array());
      batch.put(b("latest"), ByteBuffer.allocate(8).putLong(h).array());
    }

    interface Parse<T> {
      T run() throws InvalidProtocolBufferException;
    }

    static <T> T parse(Parse<T> p) {
      try {
        return p.run();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Test double of the mempool: a queue the test fills. */
  static final class ListSource implements TxSource {
    final List<byte[]> waiting = new ArrayList<>();
    final List<Long> updates = new ArrayList<>();

    @Override
    public synchronized List<byte[]> reap(long maxBytes, long maxGas) {
      List<byte[]> out = new ArrayList<>();
      long used = 0;
      for (byte[] tx : waiting) {
        if (used + tx.length > maxBytes) {
          break;
        }
        out.add(tx);
        used += tx.length;
      }
      return out;
    }

    @Override
    public synchronized void update(long height, List<byte[]> committedTxs, Runnable stateSwitch) {
      stateSwitch.run();
      updates.add(height);
      waiting.removeAll(committedTxs);
    }
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final PrivateKeySigner key =
      KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom(new byte[] {1}));
  private final ValidatorSet validators = setOf(key, 10);
  private final KeyValueStore db = new MemoryKeyValueStore();
  private final KvLedger ledger = new KvLedger(db);
  private final ListSource source = new ListSource();
  private final AtomicReference<Instant> clock = new AtomicReference<>(GENESIS.plusSeconds(5));

  static ValidatorSet setOf(PrivateKeySigner k, long power) {
    return ValidatorSet.newBuilder()
        .addValidators(
            Validator.newBuilder()
                .setAddress(ByteString.copyFrom(k.publicKey().address().bytes()))
                .setPubKey(
                    ValidatorPubKey.newBuilder()
                        .setAlgorithm(k.algorithm().id())
                        .setKey(ByteString.copyFrom(k.publicKey().encoded())))
                .setVotingPower(power))
        .build();
  }

  private SoloEngine engine(ManualScheduler scheduler, HashChainApp app, long maxBytes) {
    return new SoloEngine(
        new SoloConfig(CHAIN, 1, GENESIS, INTERVAL, maxBytes, -1),
        validators,
        key,
        app,
        source,
        db,
        ledger,
        clock::get,
        scheduler);
  }

  private List<BlockCommitted> run(SoloEngine engine, ManualScheduler scheduler, int blocks) {
    List<BlockCommitted> seen = new ArrayList<>();
    engine.addListener(seen::add);
    engine.start();
    for (int i = 0; i < blocks; i++) {
      scheduler.advance(INTERVAL);
    }
    return seen;
  }

  @Test
  void producesALinkedVerifiableChain() throws InvalidBlockException {
    ManualScheduler scheduler = new ManualScheduler();
    HashChainApp app = new HashChainApp(db);
    byte[] genesisHash = app.info().appHash();
    source.waiting.add(b("tx-1"));
    source.waiting.add(b("fail-2"));
    List<BlockCommitted> blocks = run(engine(scheduler, app, 1 << 20), scheduler, 3);

    assertThat(blocks).extracting(BlockCommitted::height).containsExactly(1L, 2L, 3L);
    assertThat(source.updates).containsExactly(1L, 2L, 3L);
    assertThat(ledger.latestHeight()).isEqualTo(3);

    Header h1 = blocks.get(0).block().getHeader();
    assertThat(h1.getLastBlockId().getHash().isEmpty()).isTrue();
    assertThat(h1.getAppHash().toByteArray()).isEqualTo(genesisHash);
    assertThat(h1.getDataHash().toByteArray())
        .isEqualTo(BlockHashes.data(List.of(b("tx-1"), b("fail-2"))));
    assertThat(blocks.get(0).block().getData().getTxsCount()).isEqualTo(2);
    assertThat(blocks.get(0).results()).extracting(TxResult::getCode).containsExactly(0, 1);

    for (int i = 1; i < blocks.size(); i++) {
      BlockCommitted prev = blocks.get(i - 1);
      Block block = blocks.get(i).block();
      Header h = block.getHeader();
      assertThat(h.getLastBlockId().getHash().toByteArray()).isEqualTo(prev.hash());
      assertThat(h.getAppHash().toByteArray()).isEqualTo(prev.appHash());
      assertThat(h.getLastResultsHash().toByteArray())
          .isEqualTo(BlockHashes.results(prev.results()));
      assertThat(Instant.ofEpochSecond(h.getTime().getSeconds(), h.getTime().getNanos()))
          .isAfter(
              Instant.ofEpochSecond(
                  prev.block().getHeader().getTime().getSeconds(),
                  prev.block().getHeader().getTime().getNanos()));
      BlockVerifier.verifyBlock(CHAIN, validators, block, blocks.get(i).hash());
      BlockVerifier.verifyCommit(
          CHAIN, validators, h.getHeight() - 1, prev.hash(), block.getLastCommit());
    }
    for (BlockCommitted c : blocks) {
      BlockVerifier.verifyCommit(CHAIN, validators, c.height(), c.hash(), c.commit());
      assertThat(ledger.block(c.height())).contains(c.block());
    }
  }

  @Test
  void theSameInputsGiveTheSameChain() {
    List<byte[]> hashes = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      KeyValueStore store = new MemoryKeyValueStore();
      ListSource txs = new ListSource();
      txs.waiting.add(b("tx-1"));
      txs.waiting.add(b("tx-2"));
      ManualScheduler scheduler = new ManualScheduler();
      SoloEngine engine =
          new SoloEngine(
              new SoloConfig(CHAIN, 1, GENESIS, INTERVAL, 1 << 20, -1),
              validators,
              key,
              new HashChainApp(store),
              txs,
              store,
              new KvLedger(store),
              () -> GENESIS.plusSeconds(5),
              scheduler);
      List<BlockCommitted> blocks = run(engine, scheduler, 4);
      hashes.add(blocks.getLast().hash());
      hashes.add(blocks.getLast().commit().toByteArray());
    }
    assertThat(hashes.get(2)).isEqualTo(hashes.get(0));
    assertThat(hashes.get(3)).isEqualTo(hashes.get(1));
  }

  @Test
  void blockTimeIsMonotonicWhenTheClockStandsStillOrGoesBack() {
    ManualScheduler scheduler = new ManualScheduler();
    SoloEngine engine = engine(scheduler, new HashChainApp(db), 1 << 20);
    List<BlockCommitted> blocks = new ArrayList<>();
    engine.addListener(blocks::add);
    engine.start();
    scheduler.advance(INTERVAL);
    clock.set(GENESIS.minusSeconds(100));
    scheduler.advance(INTERVAL);
    scheduler.advance(INTERVAL);
    List<Instant> times =
        blocks.stream()
            .map(c -> c.block().getHeader().getTime())
            .map(t -> Instant.ofEpochSecond(t.getSeconds(), t.getNanos()))
            .toList();
    assertThat(times).isSorted().doesNotHaveDuplicates();
    assertThat(times.get(0)).isEqualTo(GENESIS.plusSeconds(5));
  }

  @Test
  void firstBlockIsNeverBeforeGenesis() {
    clock.set(GENESIS.minusSeconds(60));
    ManualScheduler scheduler = new ManualScheduler();
    List<BlockCommitted> blocks =
        run(engine(scheduler, new HashChainApp(db), 1 << 20), scheduler, 1);
    assertThat(blocks.get(0).block().getHeader().getTime().getSeconds())
        .isEqualTo(GENESIS.getEpochSecond());
  }

  @Test
  void restartResumesFromTheStoredHeightAndHash() {
    ManualScheduler first = new ManualScheduler();
    source.waiting.add(b("tx-a"));
    List<BlockCommitted> before = run(engine(first, new HashChainApp(db), 1 << 20), first, 2);
    first.close();

    ManualScheduler second = new ManualScheduler();
    HashChainApp reopened = new HashChainApp(db);
    assertThat(reopened.info().height()).isEqualTo(2);
    SoloEngine engine = engine(second, reopened, 1 << 20);
    List<BlockCommitted> after = run(engine, second, 1);
    assertThat(engine.committedHeight()).isEqualTo(3);
    Header h3 = after.get(0).block().getHeader();
    assertThat(h3.getHeight()).isEqualTo(3);
    assertThat(h3.getLastBlockId().getHash().toByteArray()).isEqualTo(before.get(1).hash());
    assertThat(h3.getAppHash().toByteArray()).isEqualTo(before.get(1).appHash());
  }

  @Test
  void refusesToStartWhenApplicationAndStoreDisagree() {
    ManualScheduler first = new ManualScheduler();
    run(engine(first, new HashChainApp(db), 1 << 20), first, 2);
    WriteBatch rollback = db.newBatch();
    rollback.put(b("app/height"), ByteBuffer.allocate(8).putLong(1).array());
    db.write(rollback, true);
    SoloEngine engine = engine(new ManualScheduler(), new HashChainApp(db), 1 << 20);
    assertThatThrownBy(engine::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("application is at height 1 but the block store at 2");
  }

  @Test
  void refusesToStartWhenTheStateHashDiffersFromTheRecordedOne() {
    ManualScheduler first = new ManualScheduler();
    run(engine(first, new HashChainApp(db), 1 << 20), first, 2);
    WriteBatch corrupt = db.newBatch();
    corrupt.put(b("app/hash"), new byte[32]);
    db.write(corrupt, true);
    SoloEngine engine = engine(new ManualScheduler(), new HashChainApp(db), 1 << 20);
    assertThatThrownBy(engine::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("differs from the app hash recorded with block 2");
  }

  @Test
  void blockBytesLimitIsPassedToTheSource() {
    ManualScheduler scheduler = new ManualScheduler();
    source.waiting.add(b("0123456789"));
    source.waiting.add(b("abcdefghij"));
    List<BlockCommitted> blocks = run(engine(scheduler, new HashChainApp(db), 15), scheduler, 2);
    assertThat(blocks.get(0).block().getData().getTxsCount()).isEqualTo(1);
    assertThat(blocks.get(1).block().getData().getTxsCount()).isEqualTo(1);
  }

  @Test
  void anApplicationFailureHaltsWithoutWritingTheBlock() {
    ManualScheduler scheduler = new ManualScheduler();
    SoloEngine engine = engine(scheduler, new HashChainApp(db), 1 << 20);
    AtomicReference<Throwable> halted = new AtomicReference<>();
    engine.addListener(
        new EngineListener() {
          @Override
          public void committed(BlockCommitted block) {}

          @Override
          public void halted(Throwable cause) {
            halted.set(cause);
          }
        });
    engine.start();
    scheduler.advance(INTERVAL);
    source.waiting.add(b("crash-now"));
    scheduler.advance(INTERVAL);
    scheduler.advance(INTERVAL);
    assertThat(halted.get()).hasMessage("application crashed on crash-now");
    assertThat(ledger.latestHeight()).isEqualTo(1);
    assertThat(engine.committedHeight()).isEqualTo(1);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aKeyWithoutTwoThirdsOfThePowerIsRefused() {
    PrivateKeySigner other = KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom());
    ValidatorSet set =
        validators.toBuilder().addValidators(setOf(other, 10).getValidators(0)).build();
    assertThatThrownBy(() ->
            new SoloEngine(
                new SoloConfig(CHAIN, 1, GENESIS, INTERVAL, 100, -1),
                set,
                key,
                new HashChainApp(db),
                source,
                db,
                ledger,
                clock::get,
                new ManualScheduler()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds 10 of 20 voting power");
  }

  @Test
  void aTamperedCommitIsRejected() {
    ManualScheduler scheduler = new ManualScheduler();
    List<BlockCommitted> blocks =
        run(engine(scheduler, new HashChainApp(db), 1 << 20), scheduler, 1);
    BlockCommitted c = blocks.get(0);
    Commit forged =
        c.commit().toBuilder()
            .setSignatures(
                0,
                c.commit().getSignatures(0).toBuilder()
                    .setSignature(ByteString.copyFrom(new byte[64])))
            .build();
    assertThatThrownBy(() -> BlockVerifier.verifyCommit(CHAIN, validators, 1, c.hash(), forged))
        .isInstanceOf(InvalidBlockException.class)
        .hasMessageContaining("invalid signature");
    assertThatThrownBy(() ->
            BlockVerifier.verifyCommit(
                CHAIN, validators, 1, c.hash(), forged.toBuilder().clearSignatures().build()))
        .hasMessage("commit at height 1 carries 0 of 10 voting power, more than 2/3 is required");
  }
}
