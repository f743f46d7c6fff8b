package io.lattice.p2p.peer;

import io.lattice.p2p.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Misbehaviour points per node id, kept across reconnections and decaying by {@code
 * decayPerSecond}. When a peer's points reach the ban score, {@link #add} says so and the points
 * start again from zero (the ban itself is the switch's). Thread-safe.
 */
final class PeerScores {
  private static final int PURGE_ABOVE = 10_000;

  private final double banScore;
  private final double decayPerNano;
  private final LongSupplier nanoTime;
  private final Map<NodeId, Points> points = new HashMap<>();

  private static final class Points {
    double value;
    long at;

    Points(long at) {
      this.at = at;
    }
  }

  PeerScores(double banScore, double decayPerSecond, LongSupplier nanoTime) {
    this.banScore = banScore;
    this.decayPerNano = decayPerSecond / 1e9;
    this.nanoTime = nanoTime;
  }

  /** Adds {@code add} points to {@code id}; true when that reached the ban score. */
  synchronized boolean add(NodeId id, double add) {
    long now = nanoTime.getAsLong();
    if (points.size() > PURGE_ABOVE) {
      points.values().removeIf(p -> decayed(p, now) == 0);
    }
    Points p = points.computeIfAbsent(id, k -> new Points(now));
    double total = decayed(p, now) + add;
    if (total >= banScore) {
      points.remove(id);
      return true;
    }
    p.value = total;
    p.at = now;
    return false;
  }

  synchronized double score(NodeId id) {
    Points p = points.get(id);
    return p == null ? 0 : decayed(p, nanoTime.getAsLong());
  }

  private double decayed(Points p, long now) {
    return Math.max(0, p.value - (now - p.at) * decayPerNano);
  }
}
