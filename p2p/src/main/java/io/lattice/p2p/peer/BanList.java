package io.lattice.p2p.peer;

import io.lattice.common.Clock;
import io.lattice.p2p.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Banned node ids with their expiry. Thread-safe; an expired ban is forgotten when looked up. */
public final class BanList {
  private final Clock clock;
  private final Map<NodeId, Instant> until = new ConcurrentHashMap<>();

  public BanList(Clock clock) {
    this.clock = clock;
  }

  /** Bans {@code id} for {@code duration} from now; a longer existing ban is kept. */
  public void ban(NodeId id, Duration duration) {
    Instant end = clock.now().plus(duration);
    until.merge(id, end, (a, b) -> a.isAfter(b) ? a : b);
  }

  /** When the ban on {@code id} ends, if it is banned now. */
  public Optional<Instant> bannedUntil(NodeId id) {
    Instant end = until.get(id);
    if (end == null) {
      return Optional.empty();
    }
    if (!clock.now().isBefore(end)) {
      until.remove(id, end);
      return Optional.empty();
    }
    return Optional.of(end);
  }

  public boolean isBanned(NodeId id) {
    return bannedUntil(id).isPresent();
  }

  public void unban(NodeId id) {
    until.remove(id);
  }
}
