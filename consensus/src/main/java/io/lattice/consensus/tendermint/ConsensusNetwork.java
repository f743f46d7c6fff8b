package io.lattice.consensus.tendermint;

import io.lattice.proto.consensus.v1.ConsensusMessage;

/**
 * How the Tendermint shell talks to the other validators: it broadcasts its own signed messages and
 * receives everyone else's. {@link InProcessNetwork} connects engines in one process; the P2P layer
 * implements it over TCP.
 *
 * <p>Contract: {@link #broadcast} does not block on the network and never delivers to the sender;
 * the handler may be called on any thread (the engine moves every message to its own thread); a
 * message may be duplicated or reordered. For liveness the network must gossip: a message that one
 * honest node received eventually reaches every honest node (the P2P layer relays what it receives;
 * {@link InProcessNetwork} sends every message to every member directly).
 */
public interface ConsensusNetwork {
  void broadcast(ConsensusMessage message);

  /** Registers the receiver of messages from peers; closing the handle unregisters it. */
  AutoCloseable onMessage(Receiver receiver);

  /** Receives a message and the id of the peer it came from. */
  @FunctionalInterface
  interface Receiver {
    void received(String peer, ConsensusMessage message);
  }
}
