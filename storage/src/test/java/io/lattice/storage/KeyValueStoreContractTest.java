package io.lattice.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link KeyValueStore} contract, run against every adapter. */
abstract class KeyValueStoreContractTest {
  protected KeyValueStore store;

  protected abstract KeyValueStore openStore() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = openStore();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  static byte[] bytes(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  void put(byte[] k, byte[] v) {
    try (WriteBatch batch = store.newBatch()) {
      batch.put(k, v);
      store.write(batch, false);
    }
  }

  static List<String> keys(KeyValueIterator it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        out.add(Arrays.toString(it.next().key()));
      }
    }
    return out;
  }

  @Test
  void getOfAbsentKeyIsEmpty() {
    assertThat(store.get(b("nope"))).isEmpty();
  }

  @Test
  void putGetOverwriteDelete() {
    put(b("k"), b("v1"));
    assertThat(store.get(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v1")));
    put(b("k"), b("v2"));
    assertThat(store.get(b("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v2")));
    try (WriteBatch batch = store.newBatch()) {
      batch.delete(b("k"));
      store.write(batch, true);
    }
    assertThat(store.get(b("k"))).isEmpty();
  }

  @Test
  void emptyValueIsStoredAndDistinctFromAbsent() {
    put(b("e"), new byte[0]);
    assertThat(store.get(b("e"))).hasValueSatisfying(v -> assertThat(v).isEmpty());
  }

  @Test
  void batchOpsApplyInOrderAndAtomically() {
    try (WriteBatch batch = store.newBatch()) {
      batch.put(b("a"), b("1"));
      batch.put(b("b"), b("2"));
      batch.delete(b("a"));
      batch.put(b("c"), b("3"));
      assertThat(batch.size()).isEqualTo(4);
      assertThat(store.get(b("b"))).isEmpty();
      store.write(batch, true);
    }
    assertThat(store.get(b("a"))).isEmpty();
    assertThat(store.get(b("b"))).isPresent();
    assertThat(store.get(b("c"))).isPresent();
  }

  @Test
  void keysOrderAsUnsignedBytes() {
    int[][] ks = {{0xFF}, {0x80}, {0x7F}, {0x00}, {0x80, 0x00}, {0x01}};
    for (int[] k : ks) {
      put(bytes(k), b("x"));
    }
    assertThat(keys(store.scan(new byte[0], null)))
        .containsExactly(
            Arrays.toString(bytes(0x00)),
            Arrays.toString(bytes(0x01)),
            Arrays.toString(bytes(0x7F)),
            Arrays.toString(bytes(0x80)),
            Arrays.toString(bytes(0x80, 0x00)),
            Arrays.toString(bytes(0xFF)));
  }

  @Test
  void scanIsHalfOpenAndPrefixScanStopsAtPrefixEnd() {
    for (String k : List.of("a", "ab", "abc", "abd", "ac", "b")) {
      put(b(k), b(k));
    }
    assertThat(keys(store.scan(b("ab"), b("ac"))))
        .containsExactly(
            Arrays.toString(b("ab")), Arrays.toString(b("abc")), Arrays.toString(b("abd")));
    assertThat(keys(store.scanPrefix(b("ab")))).hasSize(3);
    assertThat(keys(store.scan(b("b"), b("a")))).isEmpty();
    put(bytes(0xFF, 0xFF), b("x"));
    put(bytes(0xFF, 0xFF, 0x01), b("y"));
    assertThat(keys(store.scanPrefix(bytes(0xFF, 0xFF)))).hasSize(2);
  }

  @Test
  void iteratorIsASnapshot() {
    put(b("k1"), b("v1"));
    put(b("k2"), b("v2"));
    try (KeyValueIterator it = store.scanPrefix(b("k"))) {
      put(b("k3"), b("v3"));
      try (WriteBatch batch = store.newBatch()) {
        batch.delete(b("k2"));
        store.write(batch, false);
      }
      List<String> seen = new ArrayList<>();
      while (it.hasNext()) {
        KeyValueIterator.Entry e = it.next();
        seen.add(new String(e.key(), UTF_8) + "=" + new String(e.value(), UTF_8));
      }
      assertThat(seen).containsExactly("k1=v1", "k2=v2");
    }
    assertThat(keys(store.scanPrefix(b("k")))).hasSize(2);
  }

  @Test
  void arraysAreNotShared() {
    byte[] k = b("key");
    byte[] v = b("value");
    try (WriteBatch batch = store.newBatch()) {
      batch.put(k, v);
      k[0] = 'X';
      v[0] = 'X';
      store.write(batch, false);
    }
    byte[] got = store.get(b("key")).orElseThrow();
    assertThat(got).isEqualTo(b("value"));
    got[0] = 'Y';
    assertThat(store.get(b("key")).orElseThrow()).isEqualTo(b("value"));
  }

  @Test
  void rejectsForeignAndClosedBatches() throws Exception {
    try (KeyValueStore other = new MemoryKeyValueStore();
        WriteBatch foreign = other.newBatch()) {
      assertThatThrownBy(() -> store.write(foreign, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not created by this store");
    }
    WriteBatch batch = store.newBatch();
    batch.close();
    assertThatThrownBy(() -> batch.put(b("a"), b("b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void matchesAReferenceMapUnderRandomBatches() {
    long seed = 0x5EED_0001L;
    Random rnd = new Random(seed);
    TreeMap<byte[], byte[]> ref = new TreeMap<>(Arrays::compareUnsigned);
    for (int round = 0; round < 50; round++) {
      try (WriteBatch batch = store.newBatch()) {
        for (int i = 0; i < 20; i++) {
          byte[] k = new byte[1 + rnd.nextInt(3)];
          rnd.nextBytes(k);
          if (rnd.nextInt(4) == 0) {
            batch.delete(k);
            ref.remove(k);
          } else {
            byte[] v = new byte[rnd.nextInt(8)];
            rnd.nextBytes(v);
            batch.put(k, v);
            ref.put(k, v);
          }
        }
        store.write(batch, round % 10 == 0);
      }
      List<String> expected = new ArrayList<>();
      ref.forEach((k, v) -> expected.add(Arrays.toString(k) + Arrays.toString(v)));
      List<String> actual = new ArrayList<>();
      try (KeyValueIterator it = store.scan(new byte[0], null)) {
        while (it.hasNext()) {
          KeyValueIterator.Entry e = it.next();
          actual.add(Arrays.toString(e.key()) + Arrays.toString(e.value()));
        }
      }
      assertThat(actual).as("seed %d round %d", seed, round).isEqualTo(expected);
    }
  }
}
