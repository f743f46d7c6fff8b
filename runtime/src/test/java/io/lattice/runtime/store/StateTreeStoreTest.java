package io.lattice.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import io.lattice.storage.state.StateProof;
import io.lattice.storage.state.StateProofVerifier;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateTreeStoreTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private final MemoryKeyValueStore db = new MemoryKeyValueStore();
  private final StateTreeStore store = StateTreeStore.open(db);

  private byte[] commit(long version) {
    try (WriteBatch batch = db.newBatch()) {
      byte[] root = store.commit(version, batch);
      db.write(batch, true);
      return root;
    }
  }

  @Test
  void workingRootIsTheCommittedRoot() {
    assertThat(store.version()).isEqualTo(-1);
    store.set(b("a/1"), b("one"));
    byte[] working = store.workingRoot();
    byte[] root = commit(0);
    assertThat(root).isEqualTo(working);
    assertThat(store.rootHash()).isEqualTo(root);
    assertThat(store.version()).isZero();
  }

  @Test
  void readViewsSeeTheirVersion() {
    store.set(b("a/1"), b("one"));
    store.set(b("a/2"), b("two"));
    commit(0);
    store.set(b("a/1"), b("uno"));
    store.set(b("a/3"), b("three"));
    commit(1);
    KVStore v0 = store.readView(0);
    KVStore v1 = store.readView(1);
    assertThat(v0.get(b("a/1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("one")));
    assertThat(v1.get(b("a/1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("uno")));
    assertThat(v0.scanPrefix(b("a/"))).hasSize(2);
    assertThat(v1.scanPrefix(b("a/"))).hasSize(3);
    assertThatThrownBy(() -> v1.set(b("x"), b("y"))).isInstanceOf(ReadOnlyException.class);
  }

  @Test
  void readViewIgnoresTheWorkingSet() {
    store.set(b("a/1"), b("one"));
    commit(0);
    store.set(b("a/1"), b("pending"));
    store.set(b("a/2"), b("pending"));
    KVStore v0 = store.readView(0);
    assertThat(v0.get(b("a/1"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("one")));
    assertThat(v0.scanPrefix(b("a/"))).hasSize(1);
    assertThat(v0.scanPrefix(b("a/")).getFirst().value()).isEqualTo(b("one"));
  }

  @Test
  void proofsVerifyAgainstTheRoot() {
    store.set(b("k"), b("v"));
    byte[] root = commit(0);
    CommitStore.StateProof p = store.proof(b("k"), 0).orElseThrow();
    assertThat(p.rootHash()).isEqualTo(root);
    assertThat(p.value()).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v")));
    assertThat(StateProofVerifier.verify(root, b("k"), p.value(), StateProof.decode(p.proof())))
        .isTrue();
    assertThat(
            StateProofVerifier.verify(
                root, b("k"), Optional.of(b("w")), StateProof.decode(p.proof())))
        .isFalse();
    assertThat(store.proof(b("k"), 5)).isEmpty();
  }

  @Test
  void reopenResumesAtTheLastWrittenVersion() {
    store.set(b("k"), b("v"));
    byte[] root = commit(0);
    StateTreeStore reopened = StateTreeStore.open(db);
    assertThat(reopened.version()).isZero();
    assertThat(Arrays.equals(reopened.rootHash(), root)).isTrue();
    assertThat(reopened.get(b("k"))).isPresent();
  }

  @Test
  void discardDropsTheWorkingSet() {
    store.set(b("k"), b("v"));
    store.discard();
    assertThat(store.get(b("k"))).isEmpty();
  }
}
