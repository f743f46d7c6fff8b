package io.lattice.storage.block;

import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Blocks and the transaction index over a {@link KeyValueStore}. Every write is staged into a
 * caller-provided batch so that the engine writes block, state and index in one synced batch per
 * height; reads see what has been written. Key layout under the prefix {@code P} (default {@code
 * "B"}):
 *
 * <pre>
 * P 'b' height:u64  → block bytes          P 'h' height:u64 → block hash
 * P 'c' height:u64  → commit bytes         P 'r' height:u64 → tx results bytes
 * P 'x' blockHash   → height:u64           P 't' txHash     → height:u64 ‖ index:u32
 * P 'a' address 0x00 ~height:u64 index:u32 → txHash   (newest first)
 * P 'm' 'L'         → latest height:u64
 * </pre>
 *
 * Thread-safe: it keeps no state besides the store.
 */
public final class BlockStore {
  private static final byte[] DEFAULT_PREFIX = {'B'};

  private final KeyValueStore store;
  private final byte[] prefix;

  public BlockStore(KeyValueStore store) {
    this(store, DEFAULT_PREFIX);
  }

  public BlockStore(KeyValueStore store, byte[] prefix) {
    if (prefix.length == 0) {
      throw new IllegalArgumentException("block store prefix must not be empty");
    }
    this.store = store;
    this.prefix = prefix.clone();
  }

  /** Height of the newest written block, 0 when there is none. */
  public long latestHeight() {
    return store.get(key('m', new byte[] {'L'})).map(BlockStore::toLong).orElse(0L);
  }

  /**
   * Stages block {@code height} (must be above {@link #latestHeight}; gaps are allowed, e.g. after
   * state sync) with its hash, encoded block, commit and tx results, and indexes {@code txs}. All
   * arguments are validated before anything is staged.
   */
  public void stageBlock(
      WriteBatch batch,
      long height,
      byte[] blockHash,
      byte[] blockBytes,
      byte[] commitBytes,
      byte[] resultsBytes,
      List<TxIndexEntry> txs) {
    long latest = latestHeight();
    if (height <= latest) {
      throw new IllegalArgumentException(
          "block height " + height + " must be above the latest stored height " + latest);
    }
    if (blockHash.length == 0) {
      throw new IllegalArgumentException("block hash must not be empty");
    }
    if (heightOf(blockHash).isPresent()) {
      throw new IllegalArgumentException(
          "block hash already stored at height " + heightOf(blockHash).get());
    }
    byte[] h = longBytes(height);
    batch.put(key('b', h), blockBytes);
    batch.put(key('h', h), blockHash);
    batch.put(key('c', h), commitBytes);
    batch.put(key('r', h), resultsBytes);
    batch.put(key('x', blockHash), h);
    for (TxIndexEntry tx : txs) {
      byte[] txHash = tx.txHash();
      batch.put(
          key('t', txHash), ByteBuffer.allocate(12).putLong(height).putInt(tx.index()).array());
      for (String account : tx.accounts()) {
        batch.put(accountKey(account, height, tx.index()), txHash);
      }
    }
    batch.put(key('m', new byte[] {'L'}), h);
  }

  /** As the full overload, with an empty commit (stage it later with {@link #stageCommit}). */
  public void stageBlock(
      WriteBatch batch,
      long height,
      byte[] blockHash,
      byte[] blockBytes,
      byte[] resultsBytes,
      List<TxIndexEntry> txs) {
    stageBlock(batch, height, blockHash, blockBytes, new byte[0], resultsBytes, txs);
  }

  /** Stages (or replaces) the commit of a stored block, e.g. the canonical commit seen later. */
  public void stageCommit(WriteBatch batch, long height, byte[] commitBytes) {
    if (blockHash(height).isEmpty()) {
      throw new IllegalArgumentException("no block stored at height " + height);
    }
    batch.put(key('c', longBytes(height)), commitBytes);
  }

  public Optional<byte[]> block(long height) {
    return store.get(key('b', longBytes(height)));
  }

  public Optional<byte[]> blockHash(long height) {
    return store.get(key('h', longBytes(height)));
  }

  public Optional<byte[]> commit(long height) {
    return store.get(key('c', longBytes(height)));
  }

  public Optional<byte[]> results(long height) {
    return store.get(key('r', longBytes(height)));
  }

  public Optional<Long> heightOf(byte[] blockHash) {
    return store.get(key('x', blockHash)).map(BlockStore::toLong);
  }

  public Optional<TxLocation> tx(byte[] txHash) {
    return store
        .get(key('t', txHash))
        .map(v -> {
          ByteBuffer b = ByteBuffer.wrap(v);
          return new TxLocation(b.getLong(), b.getInt());
        });
  }

  /** Up to {@code limit} hashes of transactions touching {@code address}, newest first. */
  public List<byte[]> txHashesByAccount(String address, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be ≥ 0, got " + limit);
    }
    List<byte[]> out = new ArrayList<>();
    if (limit == 0 || address.isEmpty() || address.indexOf('\0') >= 0) {
      return out;
    }
    try (KeyValueIterator it = store.scanPrefix(accountPrefix(address))) {
      while (it.hasNext() && out.size() < limit) {
        out.add(it.next().value());
      }
    }
    return out;
  }

  private byte[] accountPrefix(String address) {
    byte[] a = address.getBytes(StandardCharsets.UTF_8);
    byte[] rel = Arrays.copyOf(a, a.length + 1);
    return key('a', rel);
  }

  private byte[] accountKey(String address, long height, int index) {
    byte[] p = accountPrefix(address);
    return ByteBuffer.allocate(p.length + 12).put(p).putLong(~height).putInt(~index).array();
  }

  private byte[] key(char tag, byte[] rest) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + 1 + rest.length);
    out[prefix.length] = (byte) tag;
    System.arraycopy(rest, 0, out, prefix.length + 1, rest.length);
    return out;
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long toLong(byte[] b) {
    if (b.length != 8) {
      throw new IllegalStateException("corrupt block store entry: " + b.length + " bytes");
    }
    return ByteBuffer.wrap(b).getLong();
  }
}
