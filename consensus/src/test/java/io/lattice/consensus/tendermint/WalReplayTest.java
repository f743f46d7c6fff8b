package io.lattice.consensus.tendermint;

import static io.lattice.consensus.block.Votes.PRECOMMIT;
import static io.lattice.consensus.block.Votes.PREVOTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.wal.ConsensusWal;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash and restart mid-round: the shell's WAL discipline (inputs logged before the core sees them,
 * own messages fsync'd before broadcast) lets a restarted core continue in the same round with the
 * same lock, and never sign anything that conflicts with what it sent before the crash — even with
 * a signer that has no memory of its own.
 */
class WalReplayTest {
  private final Fixture f = new Fixture(10, 10, 10, 10);
  private final int p0 = f.proposer(0);
  private final int p1 = f.proposer(1);
  private final int me =
      IntStream.range(0, 4).filter(i -> i != p0 && i != p1).findFirst().orElseThrow();
  private final List<Integer> peers = IntStream.range(0, 4).filter(i -> i != me).boxed().toList();

  @TempDir Path dir;

  /** The part of the shell that matters here: log, handle, log own messages. */
  private final class Node {
    final Fixture.RecordingSigner signer;
    final ConsensusCore core;
    final ConsensusWal wal;
    final List<ConsensusMessage> sent = new ArrayList<>();

    Node(Path file) throws IOException {
      this(file, me, "own");
    }

    /** Validator {@code self}, whose blocks carry the transaction {@code tx}. */
    Node(Path file, int self, String tx) throws IOException {
      signer = new Fixture.RecordingSigner(f.keys.get(self));
      core =
          new ConsensusCore(
              CoreConfig.defaults(Fixture.CHAIN),
              signer,
              (h, r, last) -> f.block(h, last, self, tx),
              b -> Optional.empty());
      wal = ConsensusWal.open(file);
    }

    List<Action> input(Event e) throws IOException {
      wal.logInput(e);
      return apply(core.handle(e));
    }

    /** A proposal and then its parts, last part first. */
    List<Action> proposal(Proposal p) throws IOException {
      List<Action> out = new ArrayList<>(input(new Event.ProposalReceived(p, "peer")));
      for (BlockPart part : f.parts(p).reversed()) {
        out.addAll(input(new Event.BlockPartReceived(part, "peer")));
      }
      return out;
    }

    List<Action> apply(List<Action> actions) throws IOException {
      for (Action a : actions) {
        if (a instanceof Action.Broadcast b) {
          wal.logOwn(b.message());
          sent.add(b.message());
        }
      }
      return actions;
    }

    void restart() throws IOException {
      ConsensusWal.Replay replay = wal.replay(1);
      for (Event e : replay.beforeStart()) {
        apply(core.handle(e));
      }
      apply(core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance())));
      for (Event e : replay.afterStart()) {
        apply(core.handle(e));
      }
    }
  }

  private static Event vote(Vote v) {
    return new Event.VoteReceived(v, "peer");
  }

  private static String key(ConsensusMessage m) {
    return switch (m.getMessageCase()) {
      case VOTE ->
          m.getVote().getHeight() + "/" + m.getVote().getRound() + "/" + m.getVote().getType();
      case BLOCK_PART ->
          m.getBlockPart().getHeight()
              + "/"
              + m.getBlockPart().getRound()
              + "/part"
              + m.getBlockPart().getIndex();
      default -> m.getProposal().getHeight() + "/" + m.getProposal().getRound() + "/p";
    };
  }

  @Test
  void restartContinuesInTheSameRoundWithTheSameLock() throws IOException {
    Path file = dir.resolve("cs.wal");
    Node before = new Node(file);
    before.apply(
        before.core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance())));
    Block a = f.block(p0, "a");
    before.proposal(f.proposal(p0, a, 0, -1));
    before.input(vote(f.prevote(peers.get(0), 0, a)));
    before.input(vote(f.prevote(peers.get(1), 0, a))); // polka: lock on a, precommit a
    before.input(vote(f.precommit(peers.get(0), 0, null)));
    before.input(vote(f.precommit(peers.get(1), 0, null)));
    before.input(new Event.TimeoutFired(1, 0, Step.PRECOMMIT)); // round 1
    Block b = f.block(p1, "b");
    before.proposal(f.proposal(p1, b, 1, -1)); // prevote nil
    RoundState crashed = before.core.state();
    assertThat(crashed.round()).isEqualTo(1);
    assertThat(crashed.lockedBlock()).contains(Fixture.id(a));
    Map<String, ConsensusMessage> sentBefore = new HashMap<>();
    before.sent.forEach(m -> sentBefore.put(key(m), m));
    before.wal.close();

    Node after = new Node(file);
    after.restart();
    assertThat(after.core.state()).isEqualTo(crashed);
    assertThat(after.signer.signed).as("nothing signed again on replay").isEmpty();
    // the restarted node re-sends exactly what it had sent
    for (ConsensusMessage m : after.sent) {
      assertThat(sentBefore.get(key(m))).isEqualTo(m);
    }
    // and carries on: a polka for b in round 1 makes it relock and precommit b
    List<Action> last = new ArrayList<>();
    for (int peer : peers) {
      last = after.input(vote(f.prevote(peer, 1, b)));
    }
    List<Vote> pcs =
        last.stream()
            .filter(x -> x instanceof Action.Broadcast bc && bc.message().hasVote())
            .map(x -> ((Action.Broadcast) x).message().getVote())
            .toList();
    assertThat(pcs).singleElement().satisfies(v -> assertThat(v.getType()).isEqualTo(PRECOMMIT));
    assertThat(pcs.get(0).getBlockId().getHash()).isEqualTo(Fixture.id(b));
    assertThat(sentBefore)
        .doesNotContainKey(key(ConsensusMessage.newBuilder().setVote(pcs.get(0)).build()));
    assertThat(after.signer.signed).hasSize(1);
    after.wal.close();
  }

  @Test
  void aTornOwnVoteWasNeverSentAndIsSignedAgainIdentically() throws IOException {
    Path file = dir.resolve("torn.wal");
    Node before = new Node(file);
    before.apply(
        before.core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance())));
    Block a = f.block(p0, "a");
    before.proposal(f.proposal(p0, a, 0, -1));
    Vote prevote = before.sent.get(before.sent.size() - 1).getVote();
    assertThat(prevote.getType()).isEqualTo(PREVOTE);
    before.wal.close();
    // the crash tore the last record (the own prevote) in half
    long size = Files.size(file);
    try (var ch =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(size - 10);
    }
    Node after = new Node(file);
    assertThat(after.wal.wal().repairedBytes()).isPositive();
    after.restart();
    assertThat(after.signer.signed).hasSize(1);
    assertThat(after.signer.signed.get(0).getVote()).isEqualTo(prevote);
    assertThat(after.core.state().step()).isEqualTo(Step.PREVOTE);
    after.wal.close();
  }

  @Test
  void aRestartedProposerSendsTheSameProposalAndPartsAgain() throws IOException {
    Path file = dir.resolve("proposer.wal");
    // p0 proposes a block of several parts (about 200 KB of transactions) in round 0
    String big = "t".repeat(200_000);
    Node before = new Node(file, p0, big);
    before.apply(
        before.core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance())));
    List<ConsensusMessage> proposed = List.copyOf(before.sent);
    assertThat(proposed.stream().filter(ConsensusMessage::hasBlockPart)).hasSize(4);
    assertThat(proposed.get(proposed.size() - 2).hasProposal()).isTrue(); // parts, proposal, vote
    RoundState crashed = before.core.state();
    assertThat(crashed.step()).isEqualTo(Step.PREVOTE);
    before.wal.close();

    // restarted with a proposal source that would build another block: the logged one is reused
    Node after = new Node(file, p0, "another block");
    after.restart();
    assertThat(after.signer.signed).as("nothing signed again on replay").isEmpty();
    assertThat(after.sent).containsExactlyElementsOf(proposed);
    assertThat(after.core.state()).isEqualTo(crashed);
    after.wal.close();
  }
}
