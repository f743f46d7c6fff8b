/**
 * State snapshots: the state tree at one height, cut into chunks that are each verified against a
 * manifest, which is itself verified against the app hash. {@link
 * io.lattice.storage.snapshot.SnapshotStore} writes and serves them from disk, {@link
 * io.lattice.storage.snapshot.SnapshotRestorer} rebuilds a tree from them (state sync).
 */
package io.lattice.storage.snapshot;
