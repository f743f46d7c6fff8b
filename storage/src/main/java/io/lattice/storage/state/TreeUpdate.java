package io.lattice.storage.state;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies one version's sorted batch of writes to the tree, top-down, touching each affected node
 * once. Produces the new root and the node writes and orphaned node keys to stage; writes nothing
 * itself. Node keys never repeat across versions (internal nodes are keyed by version and path,
 * leaves by key hash and version), so a node orphaned at version {@code v} is unreachable from
 * every version ≥ {@code v} and may be deleted once {@code v} falls out of the retained window.
 */
final class TreeUpdate {
  /** Reads an internal node of a committed version. */
  interface NodeSource {
    InternalNode load(ChildRef ref, int depth, byte[] keyHash);
  }

  final long version;
  private final NodeSource source;
  private final byte[][] keyHashes;
  private final byte[][] keys;
  private final byte[][] values;
  private final byte[][] leafHashes;
  private final MessageDigest md;

  final List<byte[]> writeKeys = new ArrayList<>();
  final List<byte[]> writeValues = new ArrayList<>();
  final List<InternalNode> newNodes = new ArrayList<>();
  final List<ChildRef> newNodeRefs = new ArrayList<>();
  final List<ChildRef> orphanedNodeRefs = new ArrayList<>();
  final ByteArrayOutputStream stale = new ByteArrayOutputStream();
  int staleCount;
  ChildRef root;

  /**
   * @param keyHashes sorted ascending (unsigned), distinct
   * @param values {@code null} entries are deletes
   */
  TreeUpdate(long version, NodeSource source, byte[][] keyHashes, byte[][] keys, byte[][] values) {
    this.version = version;
    this.source = source;
    this.keyHashes = keyHashes;
    this.keys = keys;
    this.values = values;
    this.md = TreeHasher.digest();
    md.reset();
    this.leafHashes = new byte[keyHashes.length][];
    for (int i = 0; i < keyHashes.length; i++) {
      if (values[i] != null) {
        leafHashes[i] = TreeHasher.leaf(md, keyHashes[i], md.digest(values[i]));
      }
    }
  }

  TreeUpdate run(ChildRef oldRoot) {
    root = apply(0, oldRoot, 0, keyHashes.length);
    return this;
  }

  private ChildRef apply(int depth, ChildRef existing, int lo, int hi) {
    if (lo == hi) {
      return existing;
    }
    if (depth >= TreeHasher.MAX_NIBBLES) {
      throw new IllegalStateException("SHA-256 collision between state keys");
    }
    if (existing != null && !existing.isLeaf()) {
      InternalNode node = source.load(existing, depth, keyHashes[lo]);
      return rebuild(depth, node, new ChildRef[16], existing, lo, hi);
    }
    ChildRef carry = existing;
    int skip = -1;
    if (carry != null) {
      int idx = find(carry.keyHash, lo, hi);
      if (idx >= 0) {
        if (values[idx] != null && Arrays.equals(leafHashes[idx], carry.hash)) {
          skip = idx;
        } else {
          orphan(Layout.leafKey(carry.keyHash, carry.version));
          carry = null;
        }
      }
    }
    int count = carry == null ? 0 : 1;
    int last = -1;
    for (int i = lo; i < hi; i++) {
      if (values[i] != null && i != skip) {
        count++;
        last = i;
      }
    }
    if (count == 0) {
      return null;
    }
    if (count == 1) {
      return carry != null ? carry : newLeaf(last);
    }
    ChildRef[] children = new ChildRef[16];
    if (carry != null) {
      children[TreeHasher.nibble(carry.keyHash, depth)] = carry;
    }
    return rebuild(depth, null, children, null, lo, hi);
  }

  /**
   * Applies updates {@code [lo, hi)} below a node. With a {@code base} node, {@code children}
   * starts empty and receives only the touched slots (marked in {@code dirty}); untouched children
   * stay in the base node's bytes and are never decoded. Without one, {@code children} holds every
   * child.
   */
  private ChildRef rebuild(
      int depth, InternalNode base, ChildRef[] children, ChildRef existing, int lo, int hi) {
    int dirty = 0;
    int i = lo;
    while (i < hi) {
      int nib = TreeHasher.nibble(keyHashes[i], depth);
      int j = i + 1;
      while (j < hi && TreeHasher.nibble(keyHashes[j], depth) == nib) {
        j++;
      }
      ChildRef old = base == null ? children[nib] : base.child(nib);
      ChildRef updated = apply(depth + 1, old, i, j);
      if (updated != old) {
        children[nib] = updated;
        dirty |= 1 << nib;
      }
      i = j;
    }
    if (existing != null) {
      if (dirty == 0) {
        return existing;
      }
      orphan(Layout.internalKey(existing.version, depth, keyHashes[lo]));
      orphanedNodeRefs.add(existing);
    }
    int present = 0;
    for (int s = 0; s < 16; s++) {
      if (children[s] != null) {
        present |= 1 << s;
      }
    }
    if (base != null) {
      present |= base.present & ~dirty;
    }
    int n = Integer.bitCount(present);
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      int slot = Integer.numberOfTrailingZeros(present);
      ChildRef only = children[slot] != null ? children[slot] : base.child(slot);
      if (only.isLeaf()) {
        return only;
      }
    }
    InternalNode node = base == null ? InternalNode.of(children) : base.derive(children, dirty, md);
    byte[] hash = node.hash(md);
    byte[] key = Layout.internalKey(version, depth, keyHashes[lo]);
    writeKeys.add(key);
    writeValues.add(node.encode());
    ChildRef ref = ChildRef.internal(version, hash);
    newNodeRefs.add(ref);
    newNodes.add(node);
    return ref;
  }

  private ChildRef newLeaf(int i) {
    writeKeys.add(Layout.leafKey(keyHashes[i], version));
    writeValues.add(Layout.encodeLeaf(keys[i], values[i]));
    return ChildRef.leaf(version, leafHashes[i], keyHashes[i]);
  }

  private void orphan(byte[] relativeKey) {
    stale.write(relativeKey.length);
    stale.writeBytes(relativeKey);
    staleCount++;
  }

  private int find(byte[] keyHash, int lo, int hi) {
    int a = lo;
    int b = hi - 1;
    while (a <= b) {
      int mid = (a + b) >>> 1;
      int c = Arrays.compareUnsigned(keyHashes[mid], keyHash);
      if (c < 0) {
        a = mid + 1;
      } else if (c > 0) {
        b = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }
}
