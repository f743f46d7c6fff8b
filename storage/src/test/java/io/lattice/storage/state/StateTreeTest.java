package io.lattice.storage.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.storage.KeyValueIterator;
import io.lattice.storage.KeyValueStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.RocksKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateTreeTest {
  static final byte[] PREFIX = {'S'};

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static TreeMap<byte[], byte[]> newMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  static byte[] commit(StateTree tree, KeyValueStore store, long version) {
    try (WriteBatch batch = store.newBatch()) {
      byte[] root = tree.commit(version, batch);
      store.write(batch, true);
      return root;
    }
  }

  static long countKeys(KeyValueStore store, byte[] prefix) {
    long n = 0;
    try (KeyValueIterator it = store.scanPrefix(prefix)) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void emptyTreeHasZeroRootAndNoVersion() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    assertThat(tree.latestVersion()).isEqualTo(-1);
    assertThat(StateTree.emptyRoot()).isEqualTo(new byte[32]);
    assertThat(tree.workingRoot()).isEqualTo(new byte[32]);
    assertThat(commit(tree, store, 0)).isEqualTo(new byte[32]);
    assertThat(tree.rootHash(0)).isEqualTo(new byte[32]);
    assertThat(tree.get(b("a"), 0)).isEmpty();
    assertThat(
            StateProofVerifier.verify(
                new byte[32], b("a"), Optional.empty(), tree.prove(b("a"), 0)))
        .isTrue();
  }

  @Test
  void singleKeyRootIsItsLeafHash() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    tree.set(b("k"), b("v"));
    byte[] root = commit(tree, store, 1);
    TreeMap<byte[], byte[]> m = newMap();
    m.put(b("k"), b("v"));
    assertThat(root).isEqualTo(ReferenceRoot.of(m));
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 42L, 0xC0FFEEL})
  void randomVersionsMatchReferenceModel(long seed) {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX, 64);
    Random rnd = new Random(seed);
    List<TreeMap<byte[], byte[]>> snapshots = new ArrayList<>();
    TreeMap<byte[], byte[]> model = newMap();
    List<byte[]> roots = new ArrayList<>();
    int keySpace = 300;
    for (int v = 0; v < 25; v++) {
      int ops = 1 + rnd.nextInt(60);
      for (int i = 0; i < ops; i++) {
        byte[] key = b("key-" + rnd.nextInt(keySpace));
        if (rnd.nextInt(3) == 0) {
          tree.delete(key);
          model.remove(key);
        } else {
          byte[] value = new byte[rnd.nextInt(20)];
          rnd.nextBytes(value);
          tree.set(key, value);
          model.put(key, value);
        }
        byte[] probe = b("key-" + rnd.nextInt(keySpace));
        assertThat(tree.get(probe).map(StateTreeTest::hex))
            .as("seed %d version %d working get", seed, v)
            .isEqualTo(Optional.ofNullable(model.get(probe)).map(StateTreeTest::hex));
      }
      byte[] working = tree.workingRoot();
      byte[] root = commit(tree, store, v);
      assertThat(root).as("seed %d version %d", seed, v).isEqualTo(working);
      assertThat(hex(root))
          .as("seed %d version %d root vs reference", seed, v)
          .isEqualTo(hex(ReferenceRoot.of(model)));
      TreeMap<byte[], byte[]> snap = newMap();
      snap.putAll(model);
      snapshots.add(snap);
      roots.add(root);
    }
    for (int v = 0; v < snapshots.size(); v++) {
      assertThat(tree.rootHash(v)).isEqualTo(roots.get(v));
      for (int k = 0; k < keySpace; k += 7) {
        byte[] key = b("key-" + k);
        Optional<byte[]> expected = Optional.ofNullable(snapshots.get(v).get(key));
        assertThat(tree.get(key, v).map(StateTreeTest::hex))
            .as("seed %d version %d key %d", seed, v, k)
            .isEqualTo(expected.map(StateTreeTest::hex));
        StateProof proof = StateProof.decode(tree.prove(key, v).encode());
        assertThat(StateProofVerifier.failure(roots.get(v), key, expected, proof))
            .as("seed %d version %d key %d proof", seed, v, k)
            .isEmpty();
      }
    }
  }

  @Test
  void rootIsIndependentOfInsertionOrderAndBatching() {
    long seed = 7;
    Random rnd = new Random(seed);
    List<byte[][]> entries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      byte[] v = new byte[8];
      rnd.nextBytes(v);
      entries.add(new byte[][] {b("acct/" + i), v});
    }
    byte[] first = null;
    for (int trial = 0; trial < 4; trial++) {
      java.util.Collections.shuffle(entries, new Random(seed + trial));
      KeyValueStore store = new MemoryKeyValueStore();
      StateTree tree = StateTree.open(store, PREFIX);
      int perVersion = 50 + trial * 100;
      long version = 0;
      for (int i = 0; i < entries.size(); i++) {
        tree.set(entries.get(i)[0], entries.get(i)[1]);
        if (i % perVersion == perVersion - 1) {
          commit(tree, store, version++);
        }
      }
      byte[] root = commit(tree, store, version);
      if (first == null) {
        first = root;
      }
      assertThat(root).as("seed %d trial %d", seed, trial).isEqualTo(first);
    }
  }

  @Test
  void proofsFailWhenKeyValueOrRootIsTampered() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    for (int i = 0; i < 100; i++) {
      tree.set(b("k" + i), b("v" + i));
    }
    byte[] root = commit(tree, store, 1);
    StateProof member = tree.prove(b("k5"), 1);
    assertThat(StateProofVerifier.verify(root, b("k5"), Optional.of(b("v5")), member)).isTrue();
    assertThat(StateProofVerifier.failure(root, b("k5"), Optional.of(b("v6")), member))
        .contains("value does not match the proof's leaf");
    assertThat(StateProofVerifier.verify(root, b("k6"), Optional.of(b("v5")), member)).isFalse();
    assertThat(StateProofVerifier.verify(root, b("k5"), Optional.empty(), member)).isFalse();
    byte[] badRoot = root.clone();
    badRoot[0] ^= 1;
    assertThat(StateProofVerifier.failure(badRoot, b("k5"), Optional.of(b("v5")), member))
        .contains("computed root does not match the expected root hash");

    StateProof absent = tree.prove(b("missing"), 1);
    assertThat(StateProofVerifier.verify(root, b("missing"), Optional.empty(), absent)).isTrue();
    assertThat(StateProofVerifier.verify(root, b("missing"), Optional.of(b("x")), absent))
        .isFalse();
    assertThat(StateProofVerifier.verify(badRoot, b("missing"), Optional.empty(), absent))
        .isFalse();

    List<byte[]> tampered = new ArrayList<>(member.siblings());
    byte[] s = tampered.get(0).clone();
    s[31] ^= 1;
    tampered.set(0, s);
    assertThat(
            StateProofVerifier.verify(
                root, b("k5"), Optional.of(b("v5")), new StateProof(member.leaf(), tampered)))
        .isFalse();
    List<byte[]> shorter = member.siblings().subList(1, member.siblings().size());
    assertThat(
            StateProofVerifier.verify(
                root, b("k5"), Optional.of(b("v5")), new StateProof(member.leaf(), shorter)))
        .isFalse();
  }

  @Test
  void everyAbsentKeyHasAVerifyingNonMembershipProof() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    for (int i = 0; i < 40; i++) {
      tree.set(b("p" + i), b("v"));
    }
    byte[] root = commit(tree, store, 1);
    int withLeaf = 0;
    for (int i = 0; i < 300; i++) {
      byte[] key = b("absent" + i);
      StateProof proof = tree.prove(key, 1);
      withLeaf += proof.leaf().isPresent() ? 1 : 0;
      assertThat(StateProofVerifier.failure(root, key, Optional.empty(), proof)).isEmpty();
    }
    assertThat(withLeaf).as("some paths must end in another key's leaf").isPositive();
  }

  @Test
  void proofDecodingRejectsMalformedBytes() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    for (int i = 0; i < 20; i++) {
      tree.set(b("k" + i), b("v"));
    }
    commit(tree, store, 1);
    byte[] good = tree.prove(b("k3"), 1).encode();
    assertThat(StateProof.decode(good).encode()).isEqualTo(good);

    assertThatThrownBy(() -> StateProof.decode(new byte[2]))
        .hasMessageContaining("malformed state proof: too short");
    byte[] badFormat = good.clone();
    badFormat[0] = 9;
    assertThatThrownBy(() -> StateProof.decode(badFormat)).hasMessageContaining("unknown format 9");
    byte[] badFlag = good.clone();
    badFlag[1] = 2;
    assertThatThrownBy(() -> StateProof.decode(badFlag)).hasMessageContaining("invalid leaf flag");
    assertThatThrownBy(() -> StateProof.decode(Arrays.copyOf(good, good.length - 1)))
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> StateProof.decode(Arrays.copyOf(good, good.length + 1)))
        .hasMessageContaining("1 trailing bytes");
    assertThatThrownBy(() -> StateProof.decode(new byte[] {1, 0, 0x01, 0x01, 0}))
        .hasMessageContaining("too many siblings");
    assertThatThrownBy(() -> StateProof.decode(new byte[] {1, 0, 0, 1, (byte) 0x40}))
        .hasMessageContaining("bits set beyond 1 siblings");
    byte[] zeroSibling = new byte[5 + 32];
    zeroSibling[0] = 1;
    zeroSibling[3] = 1;
    zeroSibling[4] = (byte) 0x80;
    assertThatThrownBy(() -> StateProof.decode(zeroSibling))
        .hasMessageContaining("sibling 0 is the empty hash but marked non-empty");
  }

  @Test
  void corruptedProofBytesAreRejectedOrFailVerificationButNeverCrash() {
    long seed = 314;
    Random rnd = new Random(seed);
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    for (int i = 0; i < 200; i++) {
      tree.set(b("k" + i), b("v" + i));
    }
    byte[] root = commit(tree, store, 1);
    for (int trial = 0; trial < 2000; trial++) {
      int k = rnd.nextInt(400);
      byte[] key = b("k" + k);
      Optional<byte[]> value = k < 200 ? Optional.of(b("v" + k)) : Optional.empty();
      byte[] bytes = tree.prove(key, 1).encode();
      int flips = 1 + rnd.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
      }
      StateProof decoded;
      try {
        decoded = StateProof.decode(bytes);
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageStartingWith("malformed state proof: ");
        continue;
      }
      assertThat(StateProofVerifier.verify(root, key, value, decoded))
          .as("seed %d trial %d: a corrupted proof must not verify", seed, trial)
          .isFalse();
    }
  }

  @Test
  void pruningDropsOldVersionsAndKeepsRecentOnesReadable() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX, 0);
    Random rnd = new Random(99);
    List<TreeMap<byte[], byte[]>> snapshots = new ArrayList<>();
    TreeMap<byte[], byte[]> model = newMap();
    for (int v = 1; v <= 20; v++) {
      for (int i = 0; i < 30; i++) {
        byte[] key = b("k" + rnd.nextInt(100));
        if (rnd.nextInt(4) == 0) {
          tree.delete(key);
          model.remove(key);
        } else {
          byte[] value = b("v" + v + "-" + i);
          tree.set(key, value);
          model.put(key, value);
        }
      }
      commit(tree, store, v);
      TreeMap<byte[], byte[]> snap = newMap();
      snap.putAll(model);
      snapshots.add(snap);
    }
    long before = countKeys(store, PREFIX);
    long deleted = tree.prune(5);
    assertThat(deleted).isPositive();
    assertThat(countKeys(store, PREFIX)).isLessThan(before);
    assertThat(tree.earliestVersion()).isEqualTo(16);
    assertThatThrownBy(() -> tree.get(b("k1"), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version 3 pruned (earliest available 16)");
    assertThatThrownBy(() -> tree.rootHash(15)).hasMessageContaining("version 15 pruned");
    for (int v = 16; v <= 20; v++) {
      for (int k = 0; k < 100; k++) {
        byte[] key = b("k" + k);
        assertThat(tree.get(key, v).map(StateTreeTest::hex))
            .as("version %d key %d", v, k)
            .isEqualTo(Optional.ofNullable(snapshots.get(v - 1).get(key)).map(StateTreeTest::hex));
      }
    }
    tree.prune(1);
    assertThat(countKeys(store, new byte[] {'S', 'l'}))
        .as("exactly one leaf per live key remains")
        .isEqualTo(model.size());
    assertThat(StateTree.open(store, PREFIX).earliestVersion()).isEqualTo(20);
    for (int k = 0; k < 100; k++) {
      byte[] key = b("k" + k);
      assertThat(tree.get(key, 20).map(StateTreeTest::hex))
          .isEqualTo(Optional.ofNullable(model.get(key)).map(StateTreeTest::hex));
    }
  }

  @Test
  void noOpWritesLeaveTheRootAndStoreUnchanged() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    for (int i = 0; i < 50; i++) {
      tree.set(b("k" + i), b("v" + i));
    }
    byte[] root1 = commit(tree, store, 1);
    long leaves = countKeys(store, new byte[] {'S', 'l'});
    tree.set(b("k3"), b("v3"));
    tree.delete(b("never-there"));
    byte[] root2 = commit(tree, store, 2);
    assertThat(root2).isEqualTo(root1);
    assertThat(countKeys(store, new byte[] {'S', 'l'})).isEqualTo(leaves);
    assertThat(countKeys(store, new byte[] {'S', 's'})).isZero();
  }

  @Test
  void discardRollsBackTheWorkingSet() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    tree.set(b("a"), b("1"));
    byte[] root = commit(tree, store, 1);
    tree.set(b("a"), b("2"));
    tree.set(b("b"), b("3"));
    assertThat(tree.workingRoot()).isNotEqualTo(root);
    tree.discard();
    assertThat(tree.pendingCount()).isZero();
    assertThat(tree.get(b("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
    assertThat(tree.workingRoot()).isEqualTo(root);
  }

  @Test
  void commitRejectsOutOfOrderVersionsWithoutChangingState() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    tree.set(b("a"), b("1"));
    commit(tree, store, 5);
    tree.set(b("a"), b("2"));
    try (WriteBatch batch = store.newBatch()) {
      assertThatThrownBy(() -> tree.commit(7, batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("commit version 7 must be 6");
      assertThat(batch.size()).isZero();
    }
    assertThat(tree.pendingCount()).isEqualTo(1);
    assertThatThrownBy(() -> tree.get(b("a"), 6)).hasMessage("version 6 not committed (latest 5)");
    assertThatThrownBy(() -> tree.set(new byte[0], b("x")))
        .hasMessage("state key must not be empty");
  }

  @Test
  void scanMergesPendingWritesOverTheLatestState() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree tree = StateTree.open(store, PREFIX);
    tree.set(b("acc/a"), b("1"));
    tree.set(b("acc/b"), b("2"));
    tree.set(b("acc/c"), b("3"));
    tree.set(b("bal/a"), b("9"));
    commit(tree, store, 1);
    tree.delete(b("acc/b"));
    tree.set(b("acc/c"), b("33"));
    tree.set(b("acc/d"), b("4"));
    List<String> seen = new ArrayList<>();
    try (KeyValueIterator it = tree.scan(b("acc/"))) {
      while (it.hasNext()) {
        KeyValueIterator.Entry e = it.next();
        seen.add(new String(e.key(), UTF_8) + "=" + new String(e.value(), UTF_8));
      }
    }
    assertThat(seen).containsExactly("acc/a=1", "acc/c=33", "acc/d=4");
  }

  @Test
  void twoTreesUnderDifferentPrefixesAreIndependent() {
    KeyValueStore store = new MemoryKeyValueStore();
    StateTree a = StateTree.open(store, new byte[] {'A'});
    StateTree c = StateTree.open(store, new byte[] {'C'});
    a.set(b("x"), b("1"));
    commit(a, store, 1);
    assertThat(c.latestVersion()).isEqualTo(-1);
    assertThat(c.get(b("x"))).isEmpty();
  }

  @Test
  void readersOfCommittedVersionsRunConcurrentlyWithTheWriter(@TempDir Path dir) throws Exception {
    try (KeyValueStore store = RocksKeyValueStore.open(dir)) {
      StateTree tree = StateTree.open(store, PREFIX, 256);
      tree.set(b("k0"), b("0-0"));
      commit(tree, store, 0);
      java.util.concurrent.atomic.AtomicBoolean done =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        long seed = 500 + r;
        Thread t =
            new Thread(() -> {
              Random rnd = new Random(seed);
              try {
                while (!done.get()) {
                  long v = rnd.nextInt((int) tree.latestVersion() + 1);
                  byte[] key = b("k" + rnd.nextInt(50));
                  byte[] root = tree.rootHash(v);
                  Optional<byte[]> value = tree.get(key, v);
                  value.ifPresent(x ->
                      assertThat(new String(x, UTF_8))
                          .startsWith(new String(key, UTF_8).substring(1)));
                  assertThat(StateProofVerifier.failure(root, key, value, tree.prove(key, v)))
                      .as("reader seed %d version %d", seed, v)
                      .isEmpty();
                }
              } catch (Throwable e) {
                failures.add(e);
              }
            });
        t.start();
        readers.add(t);
      }
      Random rnd = new Random(77);
      for (int v = 1; v <= 40; v++) {
        for (int i = 0; i < 30; i++) {
          int k = rnd.nextInt(50);
          tree.set(b("k" + k), b(k + "-" + v));
        }
        commit(tree, store, v);
      }
      done.set(true);
      for (Thread t : readers) {
        t.join(30_000);
      }
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void reopenFromRocksDbGivesTheSameRootsAndValues(@TempDir Path dir) {
    Random rnd = new Random(2024);
    TreeMap<byte[], byte[]> model = newMap();
    byte[] root;
    try (KeyValueStore store = RocksKeyValueStore.open(dir)) {
      StateTree tree = StateTree.open(store, PREFIX);
      for (int v = 1; v <= 10; v++) {
        for (int i = 0; i < 200; i++) {
          byte[] key = b("key" + rnd.nextInt(1000));
          byte[] value = b("val" + rnd.nextLong());
          tree.set(key, value);
          model.put(key, value);
        }
        commit(tree, store, v);
      }
      root = tree.rootHash(10);
    }
    assertThat(root).isEqualTo(ReferenceRoot.of(model));
    try (KeyValueStore store = RocksKeyValueStore.open(dir)) {
      StateTree tree = StateTree.open(store, PREFIX);
      assertThat(tree.latestVersion()).isEqualTo(10);
      assertThat(tree.rootHash(10)).isEqualTo(root);
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertThat(tree.get(e.getKey(), 10))
            .hasValueSatisfying(v -> assertThat(v).isEqualTo(e.getValue()));
      }
      tree.set(b("after-reopen"), b("1"));
      model.put(b("after-reopen"), b("1"));
      assertThat(commit(tree, store, 11)).isEqualTo(ReferenceRoot.of(model));
    }
  }
}
