package io.lattice.runtime.store;

import io.lattice.storage.WriteBatch;
import java.util.Optional;

/**
 * The application's authenticated, versioned state: the one state tree all modules share, whose
 * root hash is the app hash. Reads through the {@link KVStore} methods see the latest committed
 * version plus the pending working set; {@link #commit} turns the working set into a new version.
 *
 * <p>Contract: the working set ({@code get}, {@code set}, {@code delete}, {@code scanPrefix},
 * {@link #workingRoot}, {@link #commit}, {@link #discard}) belongs to one thread (the consensus
 * engine's). {@link #getAt}, {@link #readView}, {@link #proof}, {@link #version()} and {@link
 * #rootHash()} are safe to call from other threads (API queries) at the same time.
 */
public interface CommitStore extends KVStore {
  /** The last committed version (block height; genesis is version 0), -1 before genesis. */
  long version();

  /** Root hash of the last committed version (the app hash). */
  byte[] rootHash();

  /** The root hash the working set would commit to, without committing. */
  byte[] workingRoot();

  /**
   * Commits the working set as {@code version} ({@link #version()} + 1, or any version ≥ 0 for the
   * first commit), staging the persistent writes into {@code batch}, and returns the new root hash.
   * The caller must write {@code batch} before the next commit; the version is readable through
   * {@link #getAt} once it is written.
   */
  byte[] commit(long version, WriteBatch batch);

  /** Drops the working set. */
  void discard();

  /** The value of {@code key} at a committed {@code version}; empty when absent. */
  Optional<byte[]> getAt(byte[] key, long version);

  /**
   * A read-only view of a committed version, for queries. Its scans list the keys present in the
   * latest committed state with their values at {@code version}: exact for the latest version; at a
   * past version a key deleted since then (e.g. a balance spent to zero) is missing.
   */
  KVStore readView(long version);

  /**
   * A membership or non-membership proof for {@code key} at a committed {@code version}, in the
   * storage module's serialized form; empty when that version is unknown or pruned.
   */
  Optional<StateProof> proof(byte[] key, long version);

  /**
   * A proof and what it proves.
   *
   * @param value the value at that version, empty for a non-membership proof
   * @param proof the serialized proof, checkable against {@code rootHash} without a database
   */
  record StateProof(
      byte[] key, Optional<byte[]> value, long version, byte[] rootHash, byte[] proof) {}
}
