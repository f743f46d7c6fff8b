package io.lattice.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static NodeId id(String hex) {
    return new NodeId(hex);
  }

  private static NodeId randomId(Random r) {
    byte[] b = new byte[20];
    r.nextBytes(b);
    return new NodeId(HexFormat.of().formatHex(b));
  }

  private static PeerAddress at(NodeId id) {
    return new PeerAddress(id, "127.0.0.1", 1000);
  }

  @Test
  void bucketIsTheHighestDifferingBit() {
    RoutingTable t = new RoutingTable(id("0".repeat(40)), 2);
    assertThat(t.bucketIndex(id("0".repeat(40)))).isEqualTo(-1);
    assertThat(t.bucketIndex(id("0".repeat(39) + "1"))).isEqualTo(0);
    assertThat(t.bucketIndex(id("0".repeat(39) + "f"))).isEqualTo(3);
    assertThat(t.bucketIndex(id("8" + "0".repeat(39)))).isEqualTo(159);
    assertThat(t.bucketIndex(id("7" + "f".repeat(39)))).isEqualTo(158);
  }

  @Test
  void closestMatchesABruteForceSortByXorDistance() {
    Random r = new Random(42);
    NodeId self = randomId(r);
    RoutingTable t = new RoutingTable(self, 20);
    List<NodeId> all = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      NodeId n = randomId(r);
      if (t.offer(at(n)).isEmpty() && t.contains(n)) {
        all.add(n);
      }
    }
    for (int trial = 0; trial < 20; trial++) {
      NodeId target = randomId(r);
      List<NodeId> expected =
          all.stream()
              .sorted(
                  Comparator.comparing((NodeId n) ->
                      new BigInteger(1, HexFormat.of().parseHex(n.hex()))
                          .xor(new BigInteger(1, HexFormat.of().parseHex(target.hex())))))
              .limit(8)
              .toList();
      assertThat(t.closest(target, 8)).extracting(PeerAddress::id).isEqualTo(expected);
    }
  }

  @Test
  void fullBucketOffersItsOldestContactForAPing() {
    NodeId self = id("0".repeat(40));
    RoutingTable t = new RoutingTable(self, 2);
    // all in bucket 159
    NodeId a = id("8" + "0".repeat(39));
    NodeId b = id("9" + "0".repeat(39));
    NodeId c = id("a" + "0".repeat(39));
    assertThat(t.offer(at(a))).isEmpty();
    assertThat(t.offer(at(b))).isEmpty();
    assertThat(t.offer(at(c))).contains(at(a));
    assertThat(t.contains(c)).isFalse();
    // a answered: it becomes the most recent, b is now the oldest
    t.touch(a);
    assertThat(t.offer(at(c))).contains(at(b));
    // b did not answer: replaced by c
    t.replace(b, at(c));
    assertThat(t.contains(b)).isFalse();
    assertThat(t.contains(c)).isTrue();
    assertThat(t.size()).isEqualTo(2);
    // refreshing a known contact in a full bucket is fine
    assertThat(t.offer(at(a))).isEmpty();
    // self is never stored
    assertThat(t.offer(at(self))).isEmpty();
    assertThat(t.contains(self)).isFalse();
  }

  @Test
  void randomIdsFallInTheAskedBucket() {
    Random r = new Random(7);
    RoutingTable t = new RoutingTable(randomId(r), 16);
    for (int i = 0; i < RoutingTable.ID_BITS; i++) {
      for (int trial = 0; trial < 5; trial++) {
        assertThat(t.bucketIndex(t.randomIdInBucket(i, r))).as("bucket %d", i).isEqualTo(i);
      }
    }
    // the low bits are random: a wide bucket yields distinct ids
    assertThat(t.randomIdInBucket(159, r)).isNotEqualTo(t.randomIdInBucket(159, r));
    assertThatThrownBy(() -> t.randomIdInBucket(160, r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..159");
  }

  @Test
  void refreshLooksUpOneRandomIdPerBucketFromTheFarthestToTheClosestContact() {
    Random r = new Random(9);
    NodeId self = id("0".repeat(40));
    RoutingTable t = new RoutingTable(self, 16);
    assertThat(Discovery.bucketRefreshTargets(t, r)).isEmpty();
    // closest contact in bucket 150: buckets 159 down to 150
    var unused = t.offer(at(id("0".repeat(2) + "4" + "0".repeat(37))));
    assertThat(t.lowestNonEmptyBucket()).hasValue(150);
    assertThat(Discovery.bucketRefreshTargets(t, r))
        .extracting(t::bucketIndex)
        .containsExactly(159, 158, 157, 156, 155, 154, 153, 152, 151, 150);
    // a contact very close by: capped at the 16 farthest buckets
    var unused2 = t.offer(at(id("0".repeat(39) + "8")));
    assertThat(t.lowestNonEmptyBucket()).hasValue(3);
    List<NodeId> capped = Discovery.bucketRefreshTargets(t, r);
    assertThat(capped).hasSize(Discovery.MAX_BUCKET_REFRESHES);
    assertThat(capped.getLast()).extracting(t::bucketIndex).isEqualTo(144);
  }
}
