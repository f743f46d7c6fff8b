package io.lattice.consensus.tendermint;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.Scheduler;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.consensus.app.Misbehavior;
import io.lattice.consensus.app.TxSource;
import io.lattice.crypto.Hashes;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test doubles of the engine's other ports, each backed by a real {@link KeyValueStore} so that a
 * node restarts from what it wrote: an application whose state is a hash chain over the executed
 * transactions, a block ledger, a transaction list, and a scheduler view that one node can close
 * without stopping the others. The real ones (runtime's LatticeApp, the node's block store adapter,
 * the mempool) are tested in their modules.
 */
public final class TestChain {
  private TestChain() {}

  private static byte[] key(String prefix, long h) {
    return ByteBuffer.allocate(prefix.length() + 8)
        .put(prefix.getBytes(StandardCharsets.UTF_8))
        .putLong(h)
        .array();
  }

  public static final class HashChainApp implements Application {
    private final KeyValueStore db;
    private long height;
    private byte[] hash;
    private long pendingHeight;
    private byte[] pendingHash;

    /** The misbehaviour of every finalized block, in order. */
    final List<Misbehavior> misbehavior = new CopyOnWriteArrayList<>();

    public HashChainApp(KeyValueStore db) {
      this.db = db;
      this.height = db.get(key("app/h", 0)).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
      this.hash = db.get(key("app/hash", 0)).orElse(new byte[32]);
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
      throw new UnsupportedOperationException("not used by the engine");
    }

    @Override
    public FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
      byte[] h = hash;
      List<TxResult> results = new ArrayList<>();
      for (byte[] tx : txs) {
        byte[] next = new byte[h.length + tx.length];
        System.arraycopy(h, 0, next, 0, h.length);
        System.arraycopy(tx, 0, next, h.length, tx.length);
        h = Hashes.sha256(next);
        results.add(TxResult.getDefaultInstance());
      }
      pendingHeight = context.height();
      pendingHash = h;
      misbehavior.addAll(context.misbehavior());
      return new FinalizedBlock(results, List.of(), h.clone());
    }

    @Override
    public void commit(WriteBatch batch) {
      batch.put(key("app/h", 0), ByteBuffer.allocate(8).putLong(pendingHeight).array());
      batch.put(key("app/hash", 0), pendingHash);
      height = pendingHeight;
      hash = pendingHash;
    }
  }

  public static final class Ledger implements BlockLedger {
    private final KeyValueStore db;

    public Ledger(KeyValueStore db) {
      this.db = db;
    }

    @Override
    public long latestHeight() {
      return db.get(key("L", 0)).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    @Override
    public Optional<Block> block(long height) {
      return db.get(key("b", height)).map(b -> parse(() -> Block.parseFrom(b)));
    }

    @Override
    public Optional<Commit> commit(long height) {
      return db.get(key("c", height)).map(b -> parse(() -> Commit.parseFrom(b)));
    }

    @Override
    public Optional<List<TxResult>> results(long height) {
      return db.get(key("r", height))
          .map(b -> {
            ByteBuffer buf = ByteBuffer.wrap(b);
            List<TxResult> out = new ArrayList<>();
            while (buf.hasRemaining()) {
              byte[] one = new byte[buf.getInt()];
              buf.get(one);
              out.add(parse(() -> TxResult.parseFrom(one)));
            }
            return out;
          });
    }

    @Override
    public Optional<byte[]> appHash(long height) {
      return db.get(key("a", height));
    }

    @Override
    public void stage(WriteBatch batch, BlockCommitted block) {
      long h = block.height();
      batch.put(key("b", h), block.block().toByteArray());
      batch.put(key("c", h), block.commit().toByteArray());
      ByteArrayOutputStream results = new ByteArrayOutputStream();
      for (TxResult r : block.results()) {
        byte[] b = r.toByteArray();
        results.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        results.writeBytes(b);
      }
      batch.put(key("r", h), results.toByteArray());
      batch.put(key("a", h), block.appHash());
      batch.put(key("L", 0), ByteBuffer.allocate(8).putLong(h).array());
    }

    private interface Parse<T> {
      T run() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parse<T> p) {
      try {
        return p.run();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Transactions waiting for a block; every node of a test gets the same ones. */
  public static final class TxList implements TxSource {
    final List<byte[]> txs = new ArrayList<>();

    @Override
    public synchronized List<byte[]> reap(long maxBytes, long maxGas) {
      List<byte[]> out = new ArrayList<>();
      long bytes = 0;
      for (byte[] tx : txs) {
        if (bytes + tx.length > maxBytes) {
          break;
        }
        bytes += tx.length;
        out.add(tx);
      }
      return out;
    }

    @Override
    public synchronized void update(long height, List<byte[]> committed, Runnable stateSwitch) {
      stateSwitch.run();
      txs.removeIf(t -> committed.stream().anyMatch(c -> Arrays.equals(c, t)));
    }
  }

  /** One node's view of a shared scheduler: closing it drops only this node's tasks. */
  static final class NodeScheduler implements Scheduler {
    private final Scheduler shared;
    private volatile boolean closed;

    NodeScheduler(Scheduler shared) {
      this.shared = shared;
    }

    @Override
    public void execute(Runnable task) {
      shared.execute(guard(task));
    }

    @Override
    public Cancellable schedule(java.time.Duration delay, Runnable task) {
      return shared.schedule(delay, guard(task));
    }

    private Runnable guard(Runnable task) {
      return () -> {
        if (!closed) {
          task.run();
        }
      };
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
