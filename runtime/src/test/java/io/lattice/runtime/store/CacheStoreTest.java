package io.lattice.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.storage.MemoryKeyValueStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheStoreTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys(List<KVStore.Entry> entries) {
    return entries.stream().map(e -> new String(e.key(), StandardCharsets.UTF_8)).toList();
  }

  private final StateTreeStore base = StateTreeStore.open(new MemoryKeyValueStore());

  @Test
  void writesStayInTheCacheUntilWritten() {
    base.set(b("a"), b("1"));
    CacheStore cache = new CacheStore(base);
    cache.set(b("a"), b("2"));
    cache.set(b("b"), b("3"));
    assertThat(cache.get(b("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
    assertThat(base.get(b("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("1")));
    assertThat(base.get(b("b"))).isEmpty();
    cache.write();
    assertThat(base.get(b("a"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("2")));
    assertThat(base.get(b("b"))).isPresent();
    assertThat(cache.pendingWrites()).isZero();
  }

  @Test
  void droppingTheCacheRollsBack() {
    base.set(b("a"), b("1"));
    CacheStore tx = new CacheStore(base);
    CacheStore msg = new CacheStore(tx);
    msg.delete(b("a"));
    assertThat(msg.get(b("a"))).isEmpty();
    assertThat(tx.get(b("a"))).isPresent();
    // msg dropped: nothing reached tx or base
    tx.write();
    assertThat(base.get(b("a"))).isPresent();
  }

  @Test
  void scanMergesCachedWritesAndDeletesInKeyOrder() {
    base.set(b("p/1"), b("x"));
    base.set(b("p/3"), b("x"));
    base.set(b("p/5"), b("x"));
    base.set(b("q/1"), b("x"));
    CacheStore cache = new CacheStore(base);
    cache.set(b("p/2"), b("y"));
    cache.delete(b("p/3"));
    cache.set(b("p/5"), b("z"));
    cache.set(b("p/6"), b("y"));
    List<KVStore.Entry> entries = cache.scanPrefix(b("p/"));
    assertThat(keys(entries)).containsExactly("p/1", "p/2", "p/5", "p/6");
    assertThat(entries.get(2).value()).isEqualTo(b("z"));
    CacheStore nested = new CacheStore(cache);
    nested.delete(b("p/1"));
    assertThat(keys(nested.scanPrefix(b("p/")))).containsExactly("p/2", "p/5", "p/6");
  }

  @Test
  void returnedArraysAreCopies() {
    CacheStore cache = new CacheStore(base);
    byte[] v = b("v");
    cache.set(b("k"), v);
    v[0] = 'x';
    byte[] got = cache.get(b("k")).orElseThrow();
    assertThat(got).isEqualTo(b("v"));
    got[0] = 'y';
    assertThat(cache.get(b("k")).orElseThrow()).isEqualTo(b("v"));
  }
}
