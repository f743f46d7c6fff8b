package io.lattice.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

/**
 * {@link KeyValueStore} on RocksDB (bytewise comparator = unsigned byte order). Opened with
 * create-if-missing, LZ4 compression (none when the native library lacks LZ4), 10-bit bloom filters
 * and a 64 MiB block cache. One process may hold a directory at a time; a second open fails with
 * "database at &lt;path&gt; is already open by another process". {@link #close} frees every native
 * handle, closing iterators still open; batches stay usable only for {@link WriteBatch#close}.
 */
public final class RocksKeyValueStore implements KeyValueStore {
  static {
    RocksDB.loadLibrary();
  }

  private final Path path;
  private final RocksDB db;
  private final Options options;
  private final LRUCache blockCache;
  private final BloomFilter bloom;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  private final CompressionType compression;
  private final Set<Iter> openIterators = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private RocksKeyValueStore(
      Path path,
      RocksDB db,
      Options options,
      LRUCache blockCache,
      BloomFilter bloom,
      CompressionType compression) {
    this.path = path;
    this.db = db;
    this.options = options;
    this.blockCache = blockCache;
    this.bloom = bloom;
    this.compression = compression;
    this.syncWrite = new WriteOptions().setSync(true);
    this.asyncWrite = new WriteOptions().setSync(false);
  }

  /** Opens (creating if missing) the database in directory {@code dir}. */
  public static RocksKeyValueStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database directory " + dir, e);
    }
    try {
      return open(dir, CompressionType.LZ4_COMPRESSION);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().contains("not linked")) {
        return open(dir, CompressionType.NO_COMPRESSION);
      }
      throw e;
    }
  }

  private static RocksKeyValueStore open(Path dir, CompressionType compression) {
    LRUCache cache = new LRUCache(64L << 20);
    BloomFilter bloom = new BloomFilter(10, false);
    BlockBasedTableConfig table =
        new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(bloom)
            .setBlockSize(16 << 10)
            .setCacheIndexAndFilterBlocks(true);
    Options options =
        new Options()
            .setCreateIfMissing(true)
            .setCompressionType(compression)
            .setTableFormatConfig(table)
            .setMaxOpenFiles(512)
            .setKeepLogFileNum(4)
            .setWriteBufferSize(128L << 20)
            .setMaxWriteBufferNumber(3)
            .setLevel0FileNumCompactionTrigger(8)
            .setTargetFileSizeBase(64L << 20)
            .setMaxBytesForLevelBase(512L << 20)
            .setMaxBackgroundJobs(2);
    try {
      RocksDB db = RocksDB.open(options, dir.toString());
      return new RocksKeyValueStore(dir, db, options, cache, bloom, compression);
    } catch (RocksDBException e) {
      options.close();
      bloom.close();
      cache.close();
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("lock") || msg.contains("LOCK")) {
        throw new IllegalStateException(
            "database at " + dir + " is already open by another process (" + msg + ")", e);
      }
      if (msg.contains("not linked")) {
        throw new IllegalArgumentException(msg, e);
      }
      throw new IllegalStateException("cannot open database at " + dir + ": " + msg, e);
    }
  }

  /** The directory this store lives in. */
  public Path path() {
    return path;
  }

  /** The block compression in use (LZ4 unless the native library lacks it). */
  public CompressionType compression() {
    return compression;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    ensureOpen();
    try {
      return Optional.ofNullable(db.get(key));
    } catch (RocksDBException e) {
      throw failure("get", e);
    }
  }

  @Override
  public WriteBatch newBatch() {
    ensureOpen();
    return new Batch(this);
  }

  @Override
  public void write(WriteBatch batch, boolean sync) {
    ensureOpen();
    if (!(batch instanceof Batch b) || b.owner != this) {
      throw new IllegalArgumentException("batch was not created by this store");
    }
    b.ensureOpen();
    try {
      db.write(sync ? syncWrite : asyncWrite, b.batch);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  @Override
  public KeyValueIterator scan(byte[] from, byte[] to) {
    ensureOpen();
    Snapshot snapshot = db.getSnapshot();
    ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
    Slice upper = null;
    if (to != null) {
      upper = new Slice(to);
      ro.setIterateUpperBound(upper);
    }
    RocksIterator it = db.newIterator(ro);
    it.seek(from);
    Iter iter = new Iter(this, snapshot, ro, upper, it);
    openIterators.add(iter);
    return iter;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    for (Iter it : openIterators) {
      it.close();
    }
    closed = true;
    syncWrite.close();
    asyncWrite.close();
    db.close();
    options.close();
    bloom.close();
    blockCache.close();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("store at " + path + " closed");
    }
  }

  private IllegalStateException failure(String op, RocksDBException e) {
    return new IllegalStateException("rocksdb " + op + " failed at " + path + ": " + e, e);
  }

  private static final class Iter implements KeyValueIterator {
    private final RocksKeyValueStore owner;
    private final Snapshot snapshot;
    private final ReadOptions ro;
    private final Slice upper;
    private final RocksIterator it;
    private boolean closed;

    Iter(
        RocksKeyValueStore owner,
        Snapshot snapshot,
        ReadOptions ro,
        Slice upper,
        RocksIterator it) {
      this.owner = owner;
      this.snapshot = snapshot;
      this.ro = ro;
      this.upper = upper;
      this.it = it;
    }

    @Override
    public synchronized boolean hasNext() {
      if (closed) {
        return false;
      }
      return it.isValid();
    }

    @Override
    public synchronized Entry next() {
      if (!hasNext()) {
        if (!closed) {
          try {
            it.status();
          } catch (RocksDBException e) {
            throw owner.failure("iterate", e);
          }
        }
        throw new NoSuchElementException();
      }
      Entry e = new Entry(it.key(), it.value());
      it.next();
      return e;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      it.close();
      ro.close();
      if (upper != null) {
        upper.close();
      }
      owner.db.releaseSnapshot(snapshot);
      owner.openIterators.remove(this);
    }
  }

  private static final class Batch implements WriteBatch {
    private final RocksKeyValueStore owner;
    private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
    private boolean closed;

    Batch(RocksKeyValueStore owner) {
      this.owner = owner;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      ensureOpen();
      try {
        batch.put(key, value);
      } catch (RocksDBException e) {
        throw owner.failure("batch put", e);
      }
    }

    @Override
    public void delete(byte[] key) {
      ensureOpen();
      try {
        batch.delete(key);
      } catch (RocksDBException e) {
        throw owner.failure("batch delete", e);
      }
    }

    @Override
    public int size() {
      return batch.count();
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        batch.close();
      }
    }

    void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("write batch closed");
      }
    }
  }
}
