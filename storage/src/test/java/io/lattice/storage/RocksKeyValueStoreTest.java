package io.lattice.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksKeyValueStoreTest extends KeyValueStoreContractTest {
  @TempDir Path dir;

  @Override
  protected KeyValueStore openStore() {
    return RocksKeyValueStore.open(dir.resolve("db"));
  }

  @Test
  void usesLz4Compression() {
    assertThat(((RocksKeyValueStore) store).compression())
        .isEqualTo(org.rocksdb.CompressionType.LZ4_COMPRESSION);
  }

  @Test
  void syncedWritesSurviveReopen() {
    put(b("durable"), b("yes"));
    store.close();
    store = RocksKeyValueStore.open(dir.resolve("db"));
    assertThat(store.get(b("durable"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("yes")));
  }

  @Test
  void secondOpenOfTheSameDirectoryFailsClearly() {
    assertThatThrownBy(() -> RocksKeyValueStore.open(dir.resolve("db")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("database at " + dir.resolve("db"))
        .hasMessageContaining("is already open by another process");
    put(b("still"), b("works"));
    assertThat(store.get(b("still"))).isPresent();
  }

  @Test
  void batchSerializationMatchesRocksDbsOwnWriteBatch() throws Exception {
    java.util.Random rnd = new java.util.Random(3);
    try (RocksKeyValueStore.Batch ours = (RocksKeyValueStore.Batch) store.newBatch();
        org.rocksdb.WriteBatch theirs = new org.rocksdb.WriteBatch()) {
      for (int i = 0; i < 200; i++) {
        byte[] key = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(key);
        if (rnd.nextInt(4) == 0) {
          ours.delete(key);
          theirs.delete(key);
        } else {
          byte[] value = new byte[rnd.nextInt(20_000)];
          rnd.nextBytes(value);
          ours.put(key, value);
          theirs.put(key, value);
        }
      }
      assertThat(ours.serialized()).isEqualTo(theirs.data());
      assertThat(ours.size()).isEqualTo(theirs.count());
    }
  }

  @Test
  void closingTheStoreClosesOpenIterators() {
    put(b("a"), b("1"));
    put(b("b"), b("2"));
    KeyValueIterator it = store.scan(new byte[0], null);
    assertThat(it.next().key()).isEqualTo(b("a"));
    store.close();
    assertThat(it.hasNext()).isFalse();
    it.close();
    store = RocksKeyValueStore.open(dir.resolve("db"));
  }

  @Test
  void closedStoreRejectsUse() {
    store.close();
    assertThatThrownBy(() -> store.get(b("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    store = RocksKeyValueStore.open(dir.resolve("db"));
  }
}
