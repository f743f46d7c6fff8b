package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ConsensusNetwork}s of several engines in one process: a message broadcast by one member is
 * handed, synchronously and in join order, to the receivers of every other member. Reliable and
 * ordered; tests and simulations that need loss or delay wrap a member.
 */
public final class InProcessNetwork {
  private final Map<String, List<ConsensusNetwork.Receiver>> receivers = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  /**
   * The network endpoint of member {@code id}.
   *
   * @throws IllegalArgumentException when {@code id} joined already
   */
  public ConsensusNetwork join(String id) {
    if (receivers.putIfAbsent(id, new CopyOnWriteArrayList<>()) != null) {
      throw new IllegalArgumentException("member " + id + " joined already");
    }
    order.add(id);
    return new ConsensusNetwork() {
      @Override
      public void broadcast(ConsensusMessage message) {
        for (String other : order) {
          if (!other.equals(id)) {
            for (ConsensusNetwork.Receiver r : receivers.get(other)) {
              r.received(id, message);
            }
          }
        }
      }

      @Override
      public AutoCloseable onMessage(ConsensusNetwork.Receiver receiver) {
        receivers.get(id).add(receiver);
        return () -> receivers.get(id).remove(receiver);
      }
    };
  }
}
