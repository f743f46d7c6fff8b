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
