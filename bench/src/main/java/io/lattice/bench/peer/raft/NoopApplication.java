package io.lattice.bench.peer.raft;

import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.Application;
import io.lattice.consensus.app.BlockContext;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.app.FinalizedBlock;
import io.lattice.crypto.Hashes;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A state machine whose transactions are opaque payloads that change nothing but a counter: the
 * replicated-log workload. A payload starts with a unique 8-byte id (the "sender" the mempool
 * orders by, so payloads never depend on each other); any other bytes are ignored. The state is the
 * number of applied payloads and the height, stored under {@link #KEY} in the engine's block batch;
 * the app hash is the SHA-256 of that count, so every validator's next header proves it applied the
 * same number.
 */
public final class NoopApplication implements Application {
  static final byte[] KEY = "noop/state".getBytes(StandardCharsets.US_ASCII);

  /** Smallest payload: the 8-byte id. */
  public static final int MIN_PAYLOAD = Long.BYTES;

  private static final TxResult OK = TxResult.getDefaultInstance();
  private static final HexFormat HEX = HexFormat.of();

  private long height;
  private long applied;
  private long pendingApplied;
  private long pendingHeight;

  /** Starts from the state stored in {@code db} (none: height 0, nothing applied). */
  public NoopApplication(KeyValueStore db) {
    Optional<byte[]> stored = db.get(KEY);
    if (stored.isPresent()) {
      ByteBuffer b = ByteBuffer.wrap(stored.get());
      height = b.getLong();
      applied = b.getLong();
    }
  }

  /** The id a payload starts with. */
  public static long id(byte[] payload) {
    if (payload.length < MIN_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload of " + payload.length + " bytes has no 8-byte id");
    }
    return ByteBuffer.wrap(payload).getLong();
  }

  /** A payload of {@code size} bytes: {@code id} big-endian, then zeros. */
  public static byte[] payload(long id, int size) {
    if (size < MIN_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload size must be at least " + MIN_PAYLOAD + " bytes (the id), got " + size);
    }
    return ByteBuffer.allocate(size).putLong(id).array();
  }

  static byte[] appHash(long applied) {
    return Hashes.sha256(ByteBuffer.allocate(Long.BYTES).putLong(applied).array());
  }

  /** Payloads applied by the committed blocks. */
  public synchronized long applied() {
    return applied;
  }

  @Override
  public synchronized AppInfo info() {
    return new AppInfo(height, appHash(applied));
  }

  @Override
  public byte[] initChain(byte[] appStateJson, WriteBatch batch) {
    return appHash(0);
  }

  @Override
  public CheckTxResult checkTx(byte[] tx, boolean recheck) {
    if (tx.length < MIN_PAYLOAD) {
      return CheckTxResult.rejected(
          1, "noop", "payload of " + tx.length + " bytes has no 8-byte id");
    }
    // unique sender per payload, sequence 0: no payload waits for another
    return new CheckTxResult(0, "", "", 0, HEX.formatHex(tx, 0, MIN_PAYLOAD), 0, 0);
  }

  @Override
  public synchronized FinalizedBlock finalizeBlock(BlockContext context, List<byte[]> txs) {
    pendingHeight = context.height();
    pendingApplied = applied + txs.size();
    return new FinalizedBlock(
        Collections.nCopies(txs.size(), OK), List.of(), appHash(pendingApplied));
  }

  @Override
  public synchronized void commit(WriteBatch batch) {
    batch.put(
        KEY,
        ByteBuffer.allocate(2 * Long.BYTES).putLong(pendingHeight).putLong(pendingApplied).array());
  }

  @Override
  public synchronized void afterCommit() {
    height = pendingHeight;
    applied = pendingApplied;
  }
}
