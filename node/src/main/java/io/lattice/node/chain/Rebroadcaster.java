package io.lattice.node.chain;

import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Re-sends this node's own consensus messages of its latest height every {@code interval}, so a
 * peer that connected after a message left (or lost it in a reconnect) still gets it: Tendermint
 * assumes that every message eventually reaches every honest node, and two validators that each
 * wait for the other's prevote would otherwise wait forever. The P2P layer sends a message only to
 * peers not known to have it, so a re-send costs nothing for peers that do.
 */
final class Rebroadcaster implements ConsensusNetwork, AutoCloseable {
  /** Most own messages kept for the latest height (proposal, parts, votes of its rounds). */
  static final int MAX_KEPT = 4096;

  private final ConsensusNetwork inner;
  private final ScheduledExecutorService timer;
  private final List<ConsensusMessage> latest = new ArrayList<>();
  private long latestHeight;

  Rebroadcaster(ConsensusNetwork inner, Duration interval) {
    this.inner = inner;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "consensus-rebroadcast");
          t.setDaemon(true);
          return t;
        });
    var unused =
        timer.scheduleWithFixedDelay(
            this::resend, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    long h =
        switch (message.getMessageCase()) {
          case PROPOSAL -> message.getProposal().getHeight();
          case VOTE -> message.getVote().getHeight();
          case BLOCK_PART -> message.getBlockPart().getHeight();
          case EVIDENCE, MESSAGE_NOT_SET -> -1; // kept with the height being decided
        };
    synchronized (this) {
      if (h > latestHeight) {
        latestHeight = h;
        latest.clear();
      }
      if ((h == latestHeight || h < 0) && latest.size() < MAX_KEPT) {
        latest.add(message);
      }
    }
    inner.broadcast(message);
  }

  private void resend() {
    List<ConsensusMessage> copy;
    synchronized (this) {
      copy = List.copyOf(latest);
    }
    for (ConsensusMessage m : copy) {
      inner.broadcast(m);
    }
  }

  @Override
  public AutoCloseable onMessage(Receiver receiver) {
    return inner.onMessage(receiver);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
