package io.lattice.sim;

import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The simulated network between nodes {@code 0 … n-1}: every copy of a message is dropped, delayed
 * (which reorders) or duplicated by the seeded {@link Random}, and never crosses a partition. Each
 * delivery is hashed into the run's trace. A node without a receiver (crashed) loses what arrives.
 */
final class SimNetwork {
  /** Fault levels; changed by the simulation's schedule. */
  static final class Faults {
    double drop;
    double duplicate;
    long minDelay = 1;
    long maxDelay = 20;
  }

  private final SimScheduler scheduler;
  private final Random random;
  private final MessageDigest trace;
  private final ConsensusNetwork.Receiver[] receivers;
  private final int[] group;
  final Faults faults = new Faults();
  private long delivered;
  private BiConsumer<Integer, ConsensusMessage> onDeliver = (to, m) -> {};

  SimNetwork(int nodes, SimScheduler scheduler, Random random, MessageDigest trace) {
    this.scheduler = scheduler;
    this.random = random;
    this.trace = trace;
    this.receivers = new ConsensusNetwork.Receiver[nodes];
    this.group = new int[nodes];
  }

  int size() {
    return receivers.length;
  }

  long delivered() {
    return delivered;
  }

  /** Splits the nodes: {@code groups[i]} is node i's side; only nodes on one side talk. */
  void partition(int[] groups) {
    System.arraycopy(groups, 0, group, 0, group.length);
  }

  void heal() {
    Arrays.fill(group, 0);
  }

  boolean connected(int a, int b) {
    return group[a] == group[b];
  }

  boolean partitioned() {
    for (int g : group) {
      if (g != group[0]) {
        return true;
      }
    }
    return false;
  }

  /** Called for every consensus message handed to a running node, before the node sees it. */
  void onDeliver(BiConsumer<Integer, ConsensusMessage> listener) {
    this.onDeliver = listener;
  }

  /** Sends {@code message} from {@code from} to {@code to} through the faults. */
  void send(int from, int to, ConsensusMessage message) {
    transmit(
        from,
        to,
        peer -> {
          ConsensusNetwork.Receiver r = receivers[to];
          if (r != null) {
            onDeliver.accept(to, message);
            r.received(peer, message);
          }
        },
        message.toByteArray());
  }

  /**
   * Sends an arbitrary delivery (block sync) from {@code from} to {@code to} through the same
   * faults; {@code traceBytes} identify it in the trace.
   */
  void transmit(int from, int to, Consumer<String> delivery, byte[] traceBytes) {
    if (from == to || !connected(from, to) || random.nextDouble() < faults.drop) {
      return;
    }
    int copies = random.nextDouble() < faults.duplicate ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      long delay =
          faults.minDelay + (long) random.nextInt((int) (faults.maxDelay - faults.minDelay + 1));
      scheduler.after(
          delay,
          () -> {
            if (!connected(from, to)) {
              return;
            }
            delivered++;
            trace.update(
                ByteBuffer.allocate(20)
                    .putLong(scheduler.now())
                    .putInt(from)
                    .putInt(to)
                    .putInt(traceBytes.length)
                    .array());
            trace.update(traceBytes);
            delivery.accept(peerId(from));
          });
    }
  }

  static String peerId(int i) {
    return "node-" + i;
  }

  /**
   * Node {@code i}'s endpoint. {@code outgoing} sees every message the node broadcasts and decides
   * who gets which copy (honest nodes send the same message to everyone; a Byzantine one may not).
   */
  ConsensusNetwork endpoint(int i, BiConsumer<Integer, ConsensusMessage> outgoing) {
    return new ConsensusNetwork() {
      @Override
      public void broadcast(ConsensusMessage message) {
        outgoing.accept(i, message);
      }

      @Override
      public AutoCloseable onMessage(Receiver receiver) {
        receivers[i] = receiver;
        return () -> {
          if (receivers[i] == receiver) {
            receivers[i] = null;
          }
        };
      }
    };
  }
}
