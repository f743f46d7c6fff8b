package io.lattice.p2p.discovery;

import io.lattice.common.Hex;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.PeerAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * The Kademlia routing table (Maymounkov and Mazières, 2002): 160 k-buckets by XOR distance from
 * this node's id, bucket {@code i} holding contacts whose distance has its highest set bit at
 * {@code i}. Each bucket orders its contacts from least to most recently seen. A new contact for a
 * full bucket is not inserted: {@link #offer} returns the least recently seen contact, which the
 * caller pings and then either {@link #touch}es (alive: the new contact is dropped) or {@link
 * #replace}s. Thread-safe.
 */
public final class RoutingTable {
  public static final int ID_BITS = 160;

  private final NodeId self;
  private final BigInteger selfValue;
  private final int k;
  private final List<LinkedHashMap<NodeId, PeerAddress>> buckets = new ArrayList<>();

  public RoutingTable(NodeId self, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.self = self;
    this.selfValue = value(self);
    this.k = k;
    for (int i = 0; i < ID_BITS; i++) {
      buckets.add(new LinkedHashMap<>());
    }
  }

  static BigInteger value(NodeId id) {
    return new BigInteger(1, Hex.decode(id.hex()));
  }

  /** The XOR distance between two ids, as an unsigned integer. */
  public static BigInteger distance(NodeId a, NodeId b) {
    return value(a).xor(value(b));
  }

  /** The bucket of {@code other}: the index of the highest set bit of the distance; -1 for self. */
  public int bucketIndex(NodeId other) {
    return selfValue.xor(value(other)).bitLength() - 1;
  }

  /** Orders ids by distance to {@code target}, closest first. */
  public static Comparator<NodeId> byDistanceTo(NodeId target) {
    BigInteger t = value(target);
    return Comparator.comparing((NodeId id) -> value(id).xor(t));
  }

  /**
   * Adds or refreshes {@code contact} (it becomes the most recently seen). When its bucket is full
   * and does not hold it, nothing changes and the bucket's least recently seen contact is returned.
   */
  public synchronized Optional<PeerAddress> offer(PeerAddress contact) {
    int i = bucketIndex(contact.id());
    if (i < 0) {
      return Optional.empty();
    }
    LinkedHashMap<NodeId, PeerAddress> bucket = buckets.get(i);
    if (bucket.remove(contact.id()) != null || bucket.size() < k) {
      bucket.put(contact.id(), contact);
      return Optional.empty();
    }
    return Optional.of(bucket.values().iterator().next());
  }

  /** Marks {@code id} as just seen (moves it to the tail of its bucket). */
  public synchronized void touch(NodeId id) {
    int i = bucketIndex(id);
    if (i >= 0) {
      PeerAddress a = buckets.get(i).remove(id);
      if (a != null) {
        buckets.get(i).put(id, a);
      }
    }
  }

  /** Drops {@code stale} and inserts {@code fresh} if that makes room in fresh's bucket. */
  public synchronized void replace(NodeId stale, PeerAddress fresh) {
    remove(stale);
    var unused = offer(fresh);
  }

  public synchronized void remove(NodeId id) {
    int i = bucketIndex(id);
    if (i >= 0) {
      buckets.get(i).remove(id);
    }
  }

  public synchronized boolean contains(NodeId id) {
    int i = bucketIndex(id);
    return i >= 0 && buckets.get(i).containsKey(id);
  }

  public synchronized Optional<PeerAddress> get(NodeId id) {
    int i = bucketIndex(id);
    return i < 0 ? Optional.empty() : Optional.ofNullable(buckets.get(i).get(id));
  }

  /** Up to {@code n} contacts closest to {@code target} by XOR distance, closest first. */
  public synchronized List<PeerAddress> closest(NodeId target, int n) {
    List<PeerAddress> all = new ArrayList<>();
    buckets.forEach(b -> all.addAll(b.values()));
    all.sort(Comparator.comparing(PeerAddress::id, byDistanceTo(target)));
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /**
   * A uniformly random id in the range of bucket {@code i} (0..159): its XOR distance to this
   * node's id has its highest set bit at {@code i}. Looking it up refreshes that bucket, as the
   * Kademlia paper's bucket refresh does.
   */
  public NodeId randomIdInBucket(int i, RandomGenerator random) {
    if (i < 0 || i >= ID_BITS) {
      throw new IllegalArgumentException("bucket index must be 0.." + (ID_BITS - 1) + ", got " + i);
    }
    byte[] noise = new byte[ID_BITS / 8];
    random.nextBytes(noise);
    BigInteger below =
        new BigInteger(1, noise).and(BigInteger.ONE.shiftLeft(i).subtract(BigInteger.ONE));
    BigInteger id = selfValue.xor(BigInteger.ONE.shiftLeft(i).or(below));
    byte[] bytes = new byte[ID_BITS / 8];
    byte[] raw = id.toByteArray();
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    return new NodeId(Hex.encode(bytes));
  }

  /** The index of the lowest non-empty bucket (the closest contact's), or empty when empty. */
  public synchronized OptionalInt lowestNonEmptyBucket() {
    for (int i = 0; i < ID_BITS; i++) {
      if (!buckets.get(i).isEmpty()) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** How many contacts bucket {@code i} holds. */
  public synchronized int bucketSize(int i) {
    return buckets.get(i).size();
  }

  public synchronized int size() {
    return buckets.stream().mapToInt(LinkedHashMap::size).sum();
  }

  public NodeId self() {
    return self;
  }

  public int k() {
    return k;
  }
}
