package io.lattice.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
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
 * create-if-missing, LZ4 compression (none when the native library lacks LZ4), 10-bit bloom
 * filters, a 64 MiB block cache and up to three 64 MiB memtables. One process may hold a directory
 * at a time; a second open fails with "database at &lt;path&gt; is already open by another
 * process". {@link #close} frees every native handle, closing iterators still open; batches hold no
 * native memory.
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
            .setWriteBufferSize(64L << 20)
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

  /**
   * A RocksDB integer property of the default column family, e.g. {@code rocksdb.estimate-num-keys}
   * or {@code rocksdb.estimate-live-data-size} (for metrics); empty when the store is closed or
   * RocksDB does not know the property.
   */
  public OptionalLong longProperty(String name) {
    if (closed) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(db.getLongProperty(name));
    } catch (RocksDBException e) {
      return OptionalLong.empty();
    }
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
    try (org.rocksdb.WriteBatch nativeBatch = new org.rocksdb.WriteBatch(b.serialized())) {
      db.write(sync ? syncWrite : asyncWrite, nativeBatch);
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

  /**
   * Collects operations in RocksDB's serialized write-batch format (12-byte header: sequence u64
   * LE, count u32 LE; then per operation a tag, 0x01 put or 0x00 delete, and varint-length-prefixed
   * key and value) and hands the whole batch to RocksDB in one native call at write time, instead
   * of one JNI call per operation.
   */
  static final class Batch implements WriteBatch {
    private static final int HEADER = 12;
    private static final byte PUT = 0x1;
    private static final byte DELETE = 0x0;

    private final RocksKeyValueStore owner;
    private byte[] buf = new byte[256];
    private int len = HEADER;
    private int count;
    private boolean closed;

    Batch(RocksKeyValueStore owner) {
      this.owner = owner;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      ensureOpen();
      ensureCapacity(1 + 10 + key.length + value.length);
      buf[len++] = PUT;
      append(key);
      append(value);
      count++;
    }

    @Override
    public void delete(byte[] key) {
      ensureOpen();
      ensureCapacity(1 + 5 + key.length);
      buf[len++] = DELETE;
      append(key);
      count++;
    }

    private void append(byte[] data) {
      int n = data.length;
      while ((n & ~0x7F) != 0) {
        buf[len++] = (byte) ((n & 0x7F) | 0x80);
        n >>>= 7;
      }
      buf[len++] = (byte) n;
      System.arraycopy(data, 0, buf, len, data.length);
      len += data.length;
    }

    private void ensureCapacity(int extra) {
      if (len + extra > buf.length) {
        long want = Math.max((long) buf.length * 2, (long) len + extra);
        if (want > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("write batch larger than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) want);
      }
    }

    /** The serialized batch (header sequence 0, RocksDB assigns the real one). */
    byte[] serialized() {
      byte[] out = Arrays.copyOf(buf, len);
      for (int i = 0; i < 4; i++) {
        out[8 + i] = (byte) (count >>> (8 * i));
      }
      return out;
    }

    @Override
    public int size() {
      return count;
    }

    @Override
    public void close() {
      closed = true;
      buf = new byte[0];
    }

    void ensureOpen() {
      if (closed) {
        throw new IllegalStateException("write batch closed");
      }
    }
  }
}
