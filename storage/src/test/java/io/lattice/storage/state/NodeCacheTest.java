package io.lattice.storage.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NodeCacheTest {
  private static final InternalNode NODE = InternalNode.of(new ChildRef[16]);

  @Test
  void tableMatchesAHashMapUnderRandomPutsAndRemoves() {
    long seed = 11;
    Random rnd = new Random(seed);
    NodeCache.Table table = new NodeCache.Table(64);
    Map<List<Long>, InternalNode> ref = new HashMap<>();
    InternalNode[] nodes = new InternalNode[8];
    for (int i = 0; i < nodes.length; i++) {
      ChildRef[] c = new ChildRef[16];
      c[i] = ChildRef.internal(i, new byte[32]);
      nodes[i] = InternalNode.of(c);
    }
    for (int step = 0; step < 20_000; step++) {
      // few distinct keys with colliding low bits, so probe chains and backward shifts happen
      long version = rnd.nextInt(4);
      long h0 = (long) rnd.nextInt(16) << 40;
      long h1 = rnd.nextInt(3);
      List<Long> key = List.of(version, h0, h1);
      int op = rnd.nextInt(3);
      if (op == 0 && ref.size() < 64) {
        InternalNode n = nodes[rnd.nextInt(nodes.length)];
        table.put(version, h0, h1, n);
        ref.put(key, n);
      } else if (op == 1) {
        assertThat(table.remove(version, h0, h1))
            .as("seed %d step %d", seed, step)
            .isSameAs(ref.remove(key));
      } else {
        assertThat(table.get(version, h0, h1))
            .as("seed %d step %d", seed, step)
            .isSameAs(ref.get(key));
      }
      assertThat(table.size).isEqualTo(ref.size());
    }
  }

  @Test
  void cacheKeepsRecentNodesAndDropsRemovedOnes() {
    NodeCache cache = new NodeCache(8);
    ChildRef a = ChildRef.internal(1, hash(1));
    ChildRef b = ChildRef.internal(1, hash(2));
    cache.put(a, NODE);
    cache.put(b, NODE);
    assertThat(cache.get(a)).isSameAs(NODE);
    cache.remove(a);
    assertThat(cache.get(a)).isNull();
    assertThat(cache.get(ChildRef.internal(2, hash(2)))).as("version is part of the key").isNull();
    for (int i = 10; i < 30; i++) {
      cache.put(ChildRef.internal(3, hash(i)), NODE);
    }
    assertThat(cache.size()).isLessThanOrEqualTo(8);
    assertThat(cache.get(ChildRef.internal(3, hash(29)))).isSameAs(NODE);
  }

  private static byte[] hash(int i) {
    byte[] h = new byte[32];
    h[0] = (byte) i;
    h[15] = (byte) (i * 7);
    return h;
  }
}
