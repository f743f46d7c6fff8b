package io.lattice.storage.state;

import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.Keys;
import io.lattice.storage.WriteBatch;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Versioned, authenticated key/value state: a compressed binary sparse Merkle tree over SHA-256 of
 * the keys, stored as 16-ary nodes in a {@link KeyValueStore} under a prefix. Design, hashing and
 * key layout: docs/adr/0001-state-tree.md.
 *
 * <p>Usage per block: {@link #set}/{@link #delete} into the working set, then {@link #commit}
 * stages every write of the new version (tree nodes, orphan list, root record, flat index, latest
 * version) into the caller's batch; the caller writes that batch, synced, with the block. A
 * committed version becomes readable once its batch is written: {@link #latestVersion} reads the
 * store. After {@code commit} returns, the caller must write the batch before the next commit, or
 * discard this instance and {@link #open} again.
 *
 * <p>Threading: the working set and {@link #commit}/{@link #prune} belong to one thread; reads of
 * committed versions ({@link #get(byte[], long)}, {@link #prove}, {@link #rootHash}) may run on
 * other threads concurrently.
 */
public final class StateTree {
  /** Default number of internal nodes kept decoded in memory. */
  public static final int DEFAULT_CACHE_NODES = 100_000;

  private static final byte[] DELETED = new byte[0];

  private final KeyValueStore store;
  private final Layout layout;
  private final NodeCache cache;
  private final TreeMap<byte[], byte[]> pending = new TreeMap<>(Arrays::compareUnsigned);

  /** Last version staged by {@link #commit} (or loaded at open); -1 when none. */
  private long head;

  private ChildRef headRoot;
  private volatile long earliest;
  private TreeUpdate plan;

  /** Highest version known to be written to the store (it never decreases). */
  private volatile long writtenLatest = -1;

  /** Root records of recently read written versions ({@code null} = empty tree). */
  private final Map<Long, ChildRef> recentRoots =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ChildRef> eldest) {
          return size() > 64;
        }
      };

  private StateTree(KeyValueStore store, byte[] prefix, int cacheNodes) {
    this.store = store;
    this.layout = new Layout(prefix);
    this.cache = new NodeCache(cacheNodes);
    this.head = store.get(layout.latestKey()).map(Layout::decodeLong).orElse(-1L);
    this.earliest = store.get(layout.earliestKey()).map(Layout::decodeLong).orElse(-1L);
    this.headRoot = head < 0 ? null : loadRoot(head);
  }

  /**
   * Opens the tree stored under {@code prefix} (empty when nothing was committed yet). Prefixes of
   * different components sharing a store must not be prefixes of one another.
   */
  public static StateTree open(KeyValueStore store, byte[] prefix) {
    return open(store, prefix, DEFAULT_CACHE_NODES);
  }

  /** As {@link #open(KeyValueStore, byte[])} with a node cache of {@code cacheNodes} entries. */
  public static StateTree open(KeyValueStore store, byte[] prefix, int cacheNodes) {
    if (prefix.length == 0) {
      throw new IllegalArgumentException("state tree prefix must not be empty");
    }
    if (cacheNodes < 0) {
      throw new IllegalArgumentException("cacheNodes must be ≥ 0, got " + cacheNodes);
    }
    return new StateTree(store, prefix, cacheNodes);
  }

  /** Root hash of the empty tree: 32 zero bytes. */
  public static byte[] emptyRoot() {
    return TreeHasher.EMPTY.clone();
  }

  /** Latest version whose batch has been written to the store, or -1 when none. */
  public long latestVersion() {
    return store.get(layout.latestKey()).map(Layout::decodeLong).orElse(-1L);
  }

  /** Oldest version still readable (-1 when nothing was committed). */
  public long earliestVersion() {
    return earliest;
  }

  /** Root hash at {@code version}. */
  public byte[] rootHash(long version) {
    ChildRef root = rootAt(version);
    return root == null ? emptyRoot() : root.hash.clone();
  }

  // ---------------------------------------------------------------- working set

  /** Sets {@code key} to {@code value} in the working set. Empty values are allowed. */
  public void set(byte[] key, byte[] value) {
    if (key.length == 0) {
      throw new IllegalArgumentException("state key must not be empty");
    }
    pending.put(key.clone(), value.length == 0 ? new byte[0] : value.clone());
    plan = null;
  }

  /** Deletes {@code key} in the working set (a no-op at commit when it is absent). */
  public void delete(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("state key must not be empty");
    }
    pending.put(key.clone(), DELETED);
    plan = null;
  }

  /** Value of {@code key} as the working set sees it: pending writes over the latest state. */
  public Optional<byte[]> get(byte[] key) {
    byte[] p = pending.get(key);
    if (p != null) {
      return p == DELETED ? Optional.empty() : Optional.of(p.clone());
    }
    return store.get(layout.valueKey(key));
  }

  /** Number of keys written or deleted in the working set. */
  public int pendingCount() {
    return pending.size();
  }

  /** Drops the working set (rollback to the latest committed state). */
  public void discard() {
    pending.clear();
    plan = null;
  }

  /**
   * Entries whose key starts with {@code keyPrefix}, ascending by key, as the working set sees them
   * (pending writes over the latest written state). Keys are the original state keys.
   */
  public KeyValueIterator scan(byte[] keyPrefix) {
    return new MergedScan(
        layout.valuePrefix().length,
        store.scanPrefix(layout.valueKey(keyPrefix)),
        pendingWithPrefix(keyPrefix));
  }

  private Iterator<Map.Entry<byte[], byte[]>> pendingWithPrefix(byte[] keyPrefix) {
    byte[] end = Keys.prefixEnd(keyPrefix);
    NavigableMap<byte[], byte[]> range =
        end == null
            ? pending.tailMap(keyPrefix, true)
            : pending.subMap(keyPrefix, true, end, false);
    return new ArrayList<>(range.entrySet()).iterator();
  }

  /** Root hash the working set would commit to as the next version, without staging anything. */
  public byte[] workingRoot() {
    TreeUpdate p = plan(head + 1);
    return p.root == null ? emptyRoot() : p.root.hash.clone();
  }

  /**
   * Commits the working set as {@code version} (must be {@code latest + 1}; the first commit may
   * use any version ≥ 0): stages all writes into {@code batch}, clears the working set and returns
   * the new root hash.
   */
  public byte[] commit(long version, WriteBatch batch) {
    if (head >= 0 ? version != head + 1 : version < 0) {
      throw new IllegalArgumentException(
          "commit version " + version + " must be " + (head >= 0 ? head + 1 : "≥ 0"));
    }
    TreeUpdate p = plan(version);
    for (int i = 0; i < p.writeKeys.size(); i++) {
      batch.put(layout.full(p.writeKeys.get(i)), p.writeValues.get(i));
    }
    if (p.staleCount > 0) {
      batch.put(layout.staleKey(version), p.stale.toByteArray());
    }
    batch.put(layout.rootKey(version), ChildRef.encodeRoot(p.root));
    for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
      if (e.getValue() == DELETED) {
        batch.delete(layout.valueKey(e.getKey()));
      } else {
        batch.put(layout.valueKey(e.getKey()), e.getValue());
      }
    }
    batch.put(layout.latestKey(), Layout.encodeLong(version));
    if (head < 0) {
      batch.put(layout.earliestKey(), Layout.encodeLong(version));
      earliest = version;
    }
    for (ChildRef orphaned : p.orphanedNodeRefs) {
      cache.remove(orphaned);
    }
    for (int i = 0; i < p.newNodes.size(); i++) {
      cache.put(p.newNodeRefs.get(i), p.newNodes.get(i));
    }
    head = version;
    headRoot = p.root;
    pending.clear();
    plan = null;
    return p.root == null ? emptyRoot() : p.root.hash.clone();
  }

  private TreeUpdate plan(long version) {
    if (plan != null && plan.version == version) {
      return plan;
    }
    int n = pending.size();
    Write[] writes = new Write[n];
    MessageDigest md = TreeHasher.digest();
    md.reset();
    int i = 0;
    for (Map.Entry<byte[], byte[]> e : pending.entrySet()) {
      byte[] kh = md.digest(e.getKey());
      writes[i++] =
          new Write(
              ByteBuffer.wrap(kh).getLong(),
              kh,
              e.getKey(),
              e.getValue() == DELETED ? null : e.getValue());
    }
    Arrays.sort(writes, Write.ORDER);
    byte[][] sk = new byte[n][];
    byte[][] skeys = new byte[n][];
    byte[][] svalues = new byte[n][];
    for (int j = 0; j < n; j++) {
      sk[j] = writes[j].keyHash;
      skeys[j] = writes[j].key;
      svalues[j] = writes[j].value;
    }
    plan = new TreeUpdate(version, this::loadNode, sk, skeys, svalues).run(headRoot);
    return plan;
  }

  // ---------------------------------------------------------------- reads at versions

  /** Value of {@code key} at committed {@code version}. */
  public Optional<byte[]> get(byte[] key, long version) {
    byte[] keyHash = TreeHasher.sha256(key);
    ChildRef ref = rootAt(version);
    int depth = 0;
    while (ref != null) {
      if (ref.isLeaf()) {
        if (!Arrays.equals(ref.keyHash, keyHash)) {
          return Optional.empty();
        }
        return Optional.of(Layout.leafValue(loadLeaf(ref)));
      }
      InternalNode node = loadNode(ref, depth, keyHash);
      ref = node.child(TreeHasher.nibble(keyHash, depth));
      depth++;
    }
    return Optional.empty();
  }

  /** Membership or non-membership proof of {@code key} at committed {@code version}. */
  public StateProof prove(byte[] key, long version) {
    byte[] keyHash = TreeHasher.sha256(key);
    ChildRef ref = rootAt(version);
    List<byte[]> siblings = new ArrayList<>();
    MessageDigest md = TreeHasher.digest();
    md.reset();
    int depth = 0;
    while (ref != null && !ref.isLeaf()) {
      InternalNode node = loadNode(ref, depth, keyHash);
      int lo = 0;
      int size = 16;
      int bit = depth * 4;
      ref = null;
      while (true) {
        int m = node.present & InternalNode.rangeMask(lo, size);
        if (m == 0) {
          break;
        }
        int only = Integer.bitCount(m) == 1 ? Integer.numberOfTrailingZeros(m) : -1;
        if (only >= 0 && (size == 1 || node.isLeaf(only))) {
          ref = node.child(only);
          break;
        }
        int half = size >>> 1;
        if (TreeHasher.bit(keyHash, bit) == 0) {
          siblings.add(node.hashRange(md, lo + half, half));
        } else {
          siblings.add(node.hashRange(md, lo, half));
          lo += half;
        }
        size = half;
        bit++;
      }
      if (ref == null || ref.isLeaf()) {
        break;
      }
      depth++;
    }
    if (ref == null) {
      return new StateProof(Optional.empty(), siblings);
    }
    byte[] valueHash = TreeHasher.sha256(Layout.leafValue(loadLeaf(ref)));
    return new StateProof(Optional.of(new StateProof.Leaf(ref.keyHash, valueHash)), siblings);
  }

  // ---------------------------------------------------------------- whole-tree walks

  /** Receives the leaves of a version in key-hash order. */
  @FunctionalInterface
  public interface LeafVisitor {
    void leaf(byte[] keyHash, byte[] key, byte[] value);
  }

  /**
   * Visits every leaf of committed {@code version} in ascending key-hash order (the order of a
   * snapshot's chunks). Safe beside commits of later versions; nodes read here bypass the cache so
   * a walk does not evict the nodes commits need.
   *
   * @throws IllegalStateException when the version was pruned meanwhile (a node is missing)
   */
  public void forEachLeaf(long version, LeafVisitor visitor) {
    ChildRef root = rootAt(version);
    if (root != null) {
      walk(root, 0, new byte[TreeHasher.HASH_LEN], visitor);
    }
  }

  /** Number of keys in committed {@code version}, read from internal nodes only. */
  public long leafCount(long version) {
    ChildRef root = rootAt(version);
    if (root == null) {
      return 0;
    }
    return root.isLeaf() ? 1 : countLeaves(root, 0, new byte[TreeHasher.HASH_LEN]);
  }

  private void walk(ChildRef ref, int depth, byte[] path, LeafVisitor visitor) {
    if (ref.isLeaf()) {
      byte[] leaf = loadLeaf(ref);
      visitor.leaf(ref.keyHash.clone(), Layout.leafKeyOf(leaf), Layout.leafValue(leaf));
      return;
    }
    InternalNode node = readNode(ref, depth, path);
    for (int slot = 0; slot < 16; slot++) {
      ChildRef child = node.child(slot);
      if (child != null) {
        walk(child, depth + 1, withNibble(path, depth, slot), visitor);
      }
    }
  }

  private long countLeaves(ChildRef ref, int depth, byte[] path) {
    InternalNode node = readNode(ref, depth, path);
    long count = Integer.bitCount(node.leaves);
    for (int slot = 0; slot < 16; slot++) {
      if ((node.present & ~node.leaves & (1 << slot)) != 0) {
        count += countLeaves(node.child(slot), depth + 1, withNibble(path, depth, slot));
      }
    }
    return count;
  }

  private static byte[] withNibble(byte[] path, int depth, int nibble) {
    byte[] out = path.clone();
    int i = depth >>> 1;
    out[i] = (byte) ((depth & 1) == 0 ? (out[i] & 0x0F) | (nibble << 4) : (out[i] & 0xF0) | nibble);
    return out;
  }

  /** A node from the cache when it is there, else from the store without caching it. */
  private InternalNode readNode(ChildRef ref, int depth, byte[] path) {
    InternalNode cached = cache.get(ref);
    if (cached != null) {
      return cached;
    }
    return InternalNode.decode(
        store
            .get(layout.full(Layout.internalKey(ref.version, depth, path)))
            .orElseThrow(() ->
                new IllegalStateException(
                    "state tree node (version " + ref.version + ", depth " + depth + ") missing")));
  }

  // ---------------------------------------------------------------- pruning

  /**
   * Keeps the {@code keepRecent} newest written versions and deletes every node reachable only from
   * older ones (one batch per pruned version, so an interrupted prune leaves a consistent tree).
   * Returns the number of nodes deleted.
   */
  public long prune(long keepRecent) {
    if (keepRecent < 1) {
      throw new IllegalArgumentException("keepRecent must be ≥ 1, got " + keepRecent);
    }
    long latest = latestVersion();
    if (latest < 0) {
      return 0;
    }
    long target = Math.max(earliest, latest - keepRecent + 1);
    long deleted = 0;
    for (long v = earliest + 1; v <= target; v++) {
      try (WriteBatch batch = store.newBatch()) {
        Optional<byte[]> stale = store.get(layout.staleKey(v));
        if (stale.isPresent()) {
          byte[] list = stale.get();
          int pos = 0;
          while (pos < list.length) {
            int len = list[pos] & 0xFF;
            batch.delete(layout.full(Arrays.copyOfRange(list, pos + 1, pos + 1 + len)));
            pos += 1 + len;
            deleted++;
          }
          batch.delete(layout.staleKey(v));
        }
        batch.delete(layout.rootKey(v - 1));
        batch.put(layout.earliestKey(), Layout.encodeLong(v));
        store.write(batch, false);
      }
      earliest = v;
    }
    return deleted;
  }

  // ---------------------------------------------------------------- node access

  private ChildRef rootAt(long version) {
    long latest = writtenLatest;
    if (latest < 0 || version > latest) {
      latest = latestVersion();
      writtenLatest = latest;
      if (latest < 0 || version > latest) {
        throw new IllegalArgumentException(
            "version " + version + " not committed (latest " + latest + ")");
      }
    }
    long e = earliest;
    if (version < e) {
      throw new IllegalArgumentException(
          "version " + version + " pruned (earliest available " + e + ")");
    }
    synchronized (recentRoots) {
      if (recentRoots.containsKey(version)) {
        return recentRoots.get(version);
      }
    }
    ChildRef root = loadRoot(version);
    synchronized (recentRoots) {
      recentRoots.put(version, root);
    }
    return root;
  }

  private ChildRef loadRoot(long version) {
    byte[] rec =
        store
            .get(layout.rootKey(version))
            .orElseThrow(() ->
                new IllegalStateException(
                    "state tree root record of version " + version + " missing"));
    return ChildRef.decodeRoot(rec);
  }

  private byte[] loadLeaf(ChildRef ref) {
    byte[] key = layout.full(Layout.leafKey(ref.keyHash, ref.version));
    return store
        .get(key)
        .orElseThrow(() ->
            new IllegalStateException("state tree leaf of version " + ref.version + " missing"));
  }

  private InternalNode loadNode(ChildRef ref, int depth, byte[] keyHash) {
    InternalNode cached = cache.get(ref);
    if (cached != null) {
      return cached;
    }
    long version = ref.version;
    byte[] rel = Layout.internalKey(version, depth, keyHash);
    byte[] bytes =
        store
            .get(layout.full(rel))
            .orElseThrow(() ->
                new IllegalStateException(
                    "state tree node (version " + version + ", depth " + depth + ") missing"));
    InternalNode node = InternalNode.decode(bytes);
    cache.put(ref, node);
    return node;
  }

  /** One pending write, ordered by key hash (first eight bytes as an unsigned long first). */
  private record Write(long head, byte[] keyHash, byte[] key, byte[] value) {
    static final Comparator<Write> ORDER =
        (a, b) -> {
          int c = Long.compareUnsigned(a.head, b.head);
          return c != 0 ? c : Arrays.compareUnsigned(a.keyHash, b.keyHash);
        };
  }

  /** Merges the flat index with pending writes; pending entries win, deletes hide keys. */
  private static final class MergedScan implements KeyValueIterator {
    private final int strip;
    private final KeyValueIterator stored;
    private final Iterator<Map.Entry<byte[], byte[]>> pendingIt;
    private Entry nextStored;
    private Map.Entry<byte[], byte[]> nextPending;
    private Entry next;

    MergedScan(int strip, KeyValueIterator stored, Iterator<Map.Entry<byte[], byte[]>> pendingIt) {
      this.strip = strip;
      this.stored = stored;
      this.pendingIt = pendingIt;
      advanceStored();
      nextPending = pendingIt.hasNext() ? pendingIt.next() : null;
      advance();
    }

    private void advanceStored() {
      if (stored.hasNext()) {
        Entry e = stored.next();
        nextStored = new Entry(Arrays.copyOfRange(e.key(), strip, e.key().length), e.value());
      } else {
        nextStored = null;
      }
    }

    private void advance() {
      next = null;
      while (next == null && (nextStored != null || nextPending != null)) {
        int c =
            nextStored == null
                ? 1
                : nextPending == null
                    ? -1
                    : Arrays.compareUnsigned(nextStored.key(), nextPending.getKey());
        if (c < 0) {
          next = nextStored;
          advanceStored();
          continue;
        }
        if (c == 0) {
          advanceStored();
        }
        Map.Entry<byte[], byte[]> p = nextPending;
        nextPending = pendingIt.hasNext() ? pendingIt.next() : null;
        if (p.getValue() != DELETED) {
          next = new Entry(p.getKey().clone(), p.getValue().clone());
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Entry next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Entry e = next;
      advance();
      return e;
    }

    @Override
    public void close() {
      stored.close();
    }
  }
}
