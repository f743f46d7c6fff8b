package io.lattice.runtime.store;

import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link CommitStore} over the storage module's {@link StateTree}: the production state of {@code
 * LatticeApp}. All methods synchronize on this adapter, so API threads reading committed versions
 * never observe the engine thread's working set mid-update.
 */
public final class StateTreeStore implements CommitStore {
  private static final byte[] DEFAULT_PREFIX = {'s', '/'};

  private final StateTree tree;
  private long version;
  private byte[] root;

  public StateTreeStore(StateTree tree) {
    this.tree = tree;
    this.version = tree.latestVersion();
    this.root = version < 0 ? StateTree.emptyRoot() : tree.rootHash(version);
  }

  /** Key prefix of the application state tree in the node's key/value store: {@code "s/"}. */
  public static byte[] defaultPrefix() {
    return DEFAULT_PREFIX.clone();
  }

  /** Opens the application state tree stored under {@link #defaultPrefix()} in {@code db}. */
  public static StateTreeStore open(KeyValueStore db) {
    return new StateTreeStore(StateTree.open(db, DEFAULT_PREFIX));
  }

  public StateTree tree() {
    return tree;
  }

  @Override
  public synchronized Optional<byte[]> get(byte[] key) {
    return tree.get(key);
  }

  @Override
  public synchronized void set(byte[] key, byte[] value) {
    tree.set(key, value);
  }

  @Override
  public synchronized void delete(byte[] key) {
    tree.delete(key);
  }

  @Override
  public synchronized List<Entry> scanPrefix(byte[] prefix) {
    List<Entry> out = new ArrayList<>();
    try (KeyValueIterator it = tree.scan(prefix)) {
      while (it.hasNext()) {
        KeyValueIterator.Entry e = it.next();
        out.add(new Entry(e.key(), e.value()));
      }
    }
    return out;
  }

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public synchronized byte[] rootHash() {
    return root.clone();
  }

  @Override
  public synchronized byte[] workingRoot() {
    return tree.workingRoot();
  }

  @Override
  public synchronized byte[] commit(long version, WriteBatch batch) {
    byte[] hash = tree.commit(version, batch);
    this.version = version;
    this.root = hash;
    return hash.clone();
  }

  @Override
  public synchronized void discard() {
    tree.discard();
  }

  @Override
  public Optional<byte[]> getAt(byte[] key, long version) {
    return tree.get(key, version);
  }

  @Override
  public KVStore readView(long version) {
    return new ReadView(version);
  }

  @Override
  public Optional<StateProof> proof(byte[] key, long version) {
    if (version < tree.earliestVersion() || version > tree.latestVersion()) {
      return Optional.empty();
    }
    io.lattice.storage.state.StateProof p = tree.prove(key, version);
    return Optional.of(
        new StateProof(
            key.clone(), tree.get(key, version), version, tree.rootHash(version), p.encode()));
  }

  /** Committed state at one version; scans as documented on {@link CommitStore#readView}. */
  private final class ReadView implements KVStore {
    private final long at;

    ReadView(long at) {
      this.at = at;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      return tree.get(key, at);
    }

    @Override
    public void set(byte[] key, byte[] value) {
      throw new ReadOnlyException("set at version " + at);
    }

    @Override
    public void delete(byte[] key) {
      throw new ReadOnlyException("delete at version " + at);
    }

    @Override
    public List<Entry> scanPrefix(byte[] prefix) {
      List<Entry> out = new ArrayList<>();
      for (Entry latest : StateTreeStore.this.committedScan(prefix)) {
        if (at == latestCommitted()) {
          out.add(latest);
        } else {
          tree.get(latest.key(), at).ifPresent(v -> out.add(new Entry(latest.key(), v)));
        }
      }
      return out;
    }
  }

  private synchronized long latestCommitted() {
    return version;
  }

  /**
   * Entries of the latest committed version: the working set's scan with pending keys re-read at
   * the committed version (pending writes exist only between finalizeBlock and commit).
   */
  private synchronized List<Entry> committedScan(byte[] prefix) {
    List<Entry> raw = scanPrefix(prefix);
    if (tree.pendingCount() == 0) {
      return raw;
    }
    List<Entry> out = new ArrayList<>(raw.size());
    for (Entry e : raw) {
      tree.get(e.key(), version).ifPresent(v -> out.add(new Entry(e.key(), v)));
    }
    return out;
  }
}
