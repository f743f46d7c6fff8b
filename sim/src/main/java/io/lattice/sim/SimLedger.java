package io.lattice.sim;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.BlockLedger;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The block store of a simulated node over its {@link KeyValueStore}: block, commit, results and
 * app hash per height, and the latest height, all staged in the engine's batch. {@link
 * #crashNextStage} makes the next {@link #stage} fail, which is a crash after the WAL holds the
 * decision and before block and state are written.
 */
final class SimLedger implements BlockLedger {
  /** Thrown by an armed {@link #stage}: the simulated process dies here. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(long height) {
      super("simulated crash while writing block " + height, null, false, false);
    }
  }

  private final KeyValueStore db;
  private boolean crashNextStage;

  SimLedger(KeyValueStore db) {
    this.db = db;
  }

  void crashNextStage() {
    crashNextStage = true;
  }

  private static byte[] key(char kind, long h) {
    return ByteBuffer.allocate(10).put((byte) 'S').put((byte) kind).putLong(h).array();
  }

  @Override
  public long latestHeight() {
    return db.get(key('L', 0)).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
  }

  @Override
  public Optional<Block> block(long height) {
    return db.get(key('b', height)).map(b -> parse(() -> Block.parseFrom(b)));
  }

  @Override
  public Optional<Commit> commit(long height) {
    return db.get(key('c', height)).map(b -> parse(() -> Commit.parseFrom(b)));
  }

  @Override
  public Optional<List<TxResult>> results(long height) {
    return db.get(key('r', height))
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
    return db.get(key('a', height));
  }

  @Override
  public void stage(WriteBatch batch, BlockCommitted block) {
    long h = block.height();
    if (crashNextStage) {
      crashNextStage = false;
      throw new Crash(h);
    }
    batch.put(key('b', h), block.block().toByteArray());
    batch.put(key('c', h), block.commit().toByteArray());
    ByteArrayOutputStream results = new ByteArrayOutputStream();
    for (TxResult r : block.results()) {
      byte[] b = r.toByteArray();
      results.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      results.writeBytes(b);
    }
    batch.put(key('r', h), results.toByteArray());
    batch.put(key('a', h), block.appHash());
    batch.put(key('L', 0), ByteBuffer.allocate(8).putLong(h).array());
  }

  private interface Parse<T> {
    T run() throws InvalidProtocolBufferException;
  }

  private static <T> T parse(Parse<T> p) {
    try {
      return p.run();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored block data does not decode", e);
    }
  }
}
