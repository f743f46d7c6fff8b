package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ConsensusNetwork}s of several engines in one process: a message broadcast by one member is
 * handed, synchronously and in join order, to the receivers of every other member. Reliable and
 * ordered: a member that joined but has no receiver yet (an engine still starting) keeps its
 * messages until its first receiver registers, as a TCP connection buffers what arrives before the
 * reader starts; a member whose receivers all unregistered (a stopped engine) misses what is sent
 * meanwhile, as a closed connection does. Tests and simulations that need loss or delay wrap a
 * member.
 */
public final class InProcessNetwork {
  private final Map<String, Member> members = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  private static final class Member {
    private final List<ConsensusNetwork.Receiver> receivers = new ArrayList<>();
    private final List<Delivery> waiting = new ArrayList<>();
    private boolean listened;

    private record Delivery(String from, ConsensusMessage message) {}

    void deliver(String from, ConsensusMessage message) {
      List<ConsensusNetwork.Receiver> now;
      synchronized (this) {
        if (!listened) {
          waiting.add(new Delivery(from, message));
          return;
        }
        now = List.copyOf(receivers);
      }
      for (ConsensusNetwork.Receiver r : now) {
        r.received(from, message);
      }
    }

    AutoCloseable subscribe(ConsensusNetwork.Receiver receiver) {
      List<Delivery> backlog;
      synchronized (this) {
        receivers.add(receiver);
        listened = true;
        backlog = List.copyOf(waiting);
        waiting.clear();
        // hand over the backlog under the lock, so it reaches the receiver before later messages
        for (Delivery d : backlog) {
          receiver.received(d.from(), d.message());
        }
      }
      return () -> {
        synchronized (this) {
          receivers.remove(receiver);
        }
      };
    }
  }

  /**
   * The network endpoint of member {@code id}.
   *
   * @throws IllegalArgumentException when {@code id} joined already
   */
  public ConsensusNetwork join(String id) {
    Member self = new Member();
    if (members.putIfAbsent(id, self) != null) {
      throw new IllegalArgumentException("member " + id + " joined already");
    }
    order.add(id);
    return new ConsensusNetwork() {
      @Override
      public void broadcast(ConsensusMessage message) {
        for (String other : order) {
          if (!other.equals(id)) {
            members.get(other).deliver(id, message);
          }
        }
      }

      @Override
      public AutoCloseable onMessage(ConsensusNetwork.Receiver receiver) {
        return self.subscribe(receiver);
      }
    };
  }
}
