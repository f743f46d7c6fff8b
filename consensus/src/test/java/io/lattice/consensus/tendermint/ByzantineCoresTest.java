package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Four pure cores under one seeded virtual-time message queue (delays, reordering, duplicates,
 * gossip relaying), one of them Byzantine: besides its honest messages it sends every peer-half a
 * conflicting proposal or vote signed with its key. Checked: the three honest nodes decide the same
 * block at every height, keep deciding, never sign two different votes for one (height, round,
 * type), and report the Byzantine validator's equivocations. (The full simulator with crashes,
 * partitions and the real engine is the node issue's; this checks the core alone.)
 */
class ByzantineCoresTest {
  private static final int BYZANTINE = 3;
  private static final int HEIGHTS = 6;

  private record Delivery(long at, long seq, int to, Event event) {}

  private final Fixture f = new Fixture(10, 10, 10, 10);
  private final PriorityQueue<Delivery> queue =
      new PriorityQueue<>(Comparator.comparingLong(Delivery::at).thenComparingLong(Delivery::seq));
  private final List<Map<Long, ByteString>> decided = new ArrayList<>();
  private final List<Fixture.RecordingSigner> signers = new ArrayList<>();
  private final List<Set<ByteString>> seen = new ArrayList<>();

  /** The commit the Byzantine node's blocks of a height carry, for its conflicting blocks. */
  private final Map<Long, Commit> lastCommits = new HashMap<>();

  private ConsensusCore[] cores;
  private Random random;
  private long now;
  private long seq;
  private int equivocationsSeen;

  /** Seeds 1..20 by default; {@code -Dbyzantine.seeds=N} runs 1..N (long runs, not in CI). */
  static LongStream seeds() {
    return LongStream.rangeClosed(1, Long.getLong("byzantine.seeds", 20));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void honestNodesAgreeDespiteAnEquivocatingValidator(long seed) {
    random = new Random(seed);
    TimeoutConfig timeouts =
        new TimeoutConfig(
            Duration.ofMillis(1000),
            Duration.ofMillis(500),
            Duration.ofMillis(500),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofMillis(250),
            Duration.ofMillis(200));
    cores = new ConsensusCore[4];
    for (int i = 0; i < 4; i++) {
      int self = i;
      decided.add(new HashMap<>());
      seen.add(new HashSet<>());
      signers.add(new Fixture.RecordingSigner(f.keys.get(i)));
      cores[i] =
          new ConsensusCore(
              new CoreConfig(Fixture.CHAIN, timeouts, CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 1000),
              signers.get(i),
              (h, r, last) -> f.block(h, last, self, "node" + self + "-h" + h + "-r" + r),
              b -> Optional.empty());
    }
    for (int i = 0; i < 4; i++) {
      process(
          i,
          cores[i].handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance())));
    }
    while (!queue.isEmpty() && now < 120_000 && minHonestHeight() < HEIGHTS) {
      Delivery d = queue.poll();
      now = d.at();
      relay(d.to(), d.event());
      process(d.to(), cores[d.to()].handle(d.event()));
    }
    assertThat(minHonestHeight())
        .as("seed %d: honest nodes keep deciding; %s", seed, states())
        .isGreaterThanOrEqualTo(HEIGHTS);
    for (long h = 1; h <= HEIGHTS; h++) {
      ByteString first = decided.get(0).get(h);
      for (int i = 1; i < 4; i++) {
        if (i != BYZANTINE) {
          assertThat(decided.get(i).get(h))
              .as("seed %d height %d node %d", seed, h, i)
              .isEqualTo(first);
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      if (i != BYZANTINE) {
        assertNoDoubleSign(signers.get(i), seed);
      }
    }
    assertThat(equivocationsSeen).as("seed %d: equivocations reported", seed).isPositive();
  }

  private String states() {
    StringBuilder sb = new StringBuilder("at " + now + " ms:");
    for (int i = 0; i < 4; i++) {
      RoundState st = cores[i].state();
      sb.append(
          String.format(
              "%n node %d: h=%d r=%d %s locked=%d valid=%d decided=%d",
              i,
              st.height(),
              st.round(),
              st.step(),
              st.lockedRound(),
              st.validRound(),
              decided.get(i).size()));
    }
    return sb.toString();
  }

  private long minHonestHeight() {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      if (i != BYZANTINE) {
        min = Math.min(min, decided.get(i).size());
      }
    }
    return min;
  }

  private static void assertNoDoubleSign(Fixture.RecordingSigner signer, long seed) {
    Map<String, ByteString> votes = new HashMap<>();
    for (ConsensusMessage m : signer.signed) {
      String key;
      ByteString id;
      if (m.hasVote()) {
        key = m.getVote().getHeight() + "/" + m.getVote().getRound() + "/" + m.getVote().getType();
        id = m.getVote().getBlockId().getHash();
      } else {
        key = m.getProposal().getHeight() + "/" + m.getProposal().getRound() + "/p";
        id = m.getProposal().getBlockId().getHash();
      }
      ByteString before = votes.putIfAbsent(key, id);
      assertThat(before == null || before.equals(id))
          .as("seed %d: %s signed twice", seed, key)
          .isTrue();
    }
  }

  private void send(int to, Event e, long delay) {
    queue.add(new Delivery(now + delay, seq++, to, e));
  }

  private void process(int node, List<Action> actions) {
    for (Action a : actions) {
      switch (a) {
        case Action.Broadcast b -> {
          for (int j = 0; j < 4; j++) {
            if (j == node) {
              continue;
            }
            ConsensusMessage m = b.message();
            if (node == BYZANTINE && random.nextBoolean()) {
              for (ConsensusMessage evil : conflicting(m)) {
                send(j, event(evil), random.nextInt(200));
              }
            }
            send(j, event(m), random.nextInt(200));
            if (random.nextInt(10) == 0) {
              send(j, event(m), random.nextInt(400)); // duplicate, maybe reordered
            }
          }
        }
        case Action.ScheduleTimeout t ->
            send(
                node,
                new Event.TimeoutFired(t.height(), t.round(), t.step()),
                t.after().toMillis());
        case Action.Decide d -> {
          decided.get(node).put(d.height(), Fixture.id(d.block()));
          if (node == BYZANTINE) {
            lastCommits.put(d.height() + 1, d.commit());
          }
          send(node, new Event.Committed(d.height(), List.of()), 0);
        }
        case Action.Equivocation e -> {
          if (node != BYZANTINE) {
            assertThat(e.first().getValidatorAddress())
                .isEqualTo(ByteString.copyFrom(f.address(BYZANTINE).bytes()));
            equivocationsSeen++;
          }
        }
        case Action.Dropped d -> {}
        case Action.SignRefused r -> {}
      }
    }
  }

  /**
   * Gossip: a node forwards each message it receives for the first time to every other node, so
   * that what one honest node received reaches all (the paper's assumption; the P2P layer does it).
   */
  private void relay(int node, Event e) {
    ConsensusMessage m;
    if (e instanceof Event.ProposalReceived p) {
      m = ConsensusMessage.newBuilder().setProposal(p.proposal()).build();
    } else if (e instanceof Event.VoteReceived v) {
      m = ConsensusMessage.newBuilder().setVote(v.vote()).build();
    } else if (e instanceof Event.BlockPartReceived b) {
      m = ConsensusMessage.newBuilder().setBlockPart(b.part()).build();
    } else {
      return;
    }
    if (node == BYZANTINE || !seen.get(node).add(m.toByteString())) {
      return;
    }
    for (int j = 0; j < 4; j++) {
      if (j != node) {
        send(j, event(m), 50 + random.nextInt(200));
      }
    }
  }

  private static Event event(ConsensusMessage m) {
    return switch (m.getMessageCase()) {
      case PROPOSAL -> new Event.ProposalReceived(m.getProposal(), "peer");
      case BLOCK_PART -> new Event.BlockPartReceived(m.getBlockPart(), "peer");
      default -> new Event.VoteReceived(m.getVote(), "peer");
    };
  }

  /**
   * The Byzantine validator's other message for the same (height, round, type): for a proposal,
   * another block's proposal and its parts; none for a block part.
   */
  private List<ConsensusMessage> conflicting(ConsensusMessage m) {
    if (m.hasBlockPart()) {
      return List.of();
    }
    if (m.hasProposal()) {
      Proposal p = m.getProposal();
      Block other =
          f.block(
              p.getHeight(),
              lastCommits.getOrDefault(p.getHeight(), Commit.getDefaultInstance()),
              BYZANTINE,
              "evil-" + p.getRound());
      Proposal evil = f.proposal(BYZANTINE, other, p.getHeight(), p.getRound(), -1);
      List<ConsensusMessage> out = new ArrayList<>();
      out.add(ConsensusMessage.newBuilder().setProposal(evil).build());
      for (BlockPart part : f.parts(evil)) {
        out.add(ConsensusMessage.newBuilder().setBlockPart(part).build());
      }
      return out;
    }
    Vote v = m.getVote();
    Vote.Builder b = v.toBuilder().clearSignature();
    if (v.getBlockId().getHash().isEmpty()) {
      byte[] fake = new byte[32];
      random.nextBytes(fake);
      b.setBlockId(BlockId.newBuilder().setHash(ByteString.copyFrom(fake)))
          .setTimestamp(io.lattice.consensus.block.Votes.timestamp(Fixture.T0));
    } else {
      b.setBlockId(BlockId.getDefaultInstance()).clearTimestamp();
    }
    Vote unsigned = b.build();
    return List.of(
        ConsensusMessage.newBuilder()
            .setVote(
                unsigned.toBuilder()
                    .setSignature(
                        ByteString.copyFrom(
                            f.keys.get(BYZANTINE).sign(SignBytes.vote(Fixture.CHAIN, unsigned)))))
            .build());
  }
}
