package io.lattice.consensus.tendermint;

import static io.lattice.consensus.block.Votes.PREVOTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.Commit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Block transfer in parts (docs/spec/consensus.md, "Block transfer"), scripted against one core
 * whose blocks may have up to 4 parts: parts in any order, duplicated, before their proposal; and
 * every kind of bad part, dropped with its reason against the peer that sent it.
 */
class BlockPartsTest {
  private static final String MALLORY = "mallory";

  private final Fixture f = new Fixture(10, 10, 10, 10);
  private final int p0 = f.proposer(0);
  private final int p1 = f.proposer(1);
  private final int me =
      IntStream.range(0, 4).filter(i -> i != p0 && i != p1).findFirst().orElseThrow();

  /** About 150 KB of transactions: three parts. */
  private final Block a = f.block(p0, "a".repeat(150_000));

  private ConsensusCore core;

  @BeforeEach
  void start() {
    core =
        new ConsensusCore(
            new CoreConfig(
                Fixture.CHAIN, TimeoutConfig.defaults(), 4 * CoreConfig.BLOCK_PART_SIZE, 100),
            new Fixture.RecordingSigner(f.keys.get(me)),
            (h, r, last) -> f.block(h, last, me, "own"),
            b -> Optional.empty());
    core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
  }

  private List<Action> proposal(Proposal p) {
    return core.handle(new Event.ProposalReceived(p, "peer"));
  }

  private List<Action> part(BlockPart part, String peer) {
    return core.handle(new Event.BlockPartReceived(part, peer));
  }

  private static Optional<Vote> prevote(List<Action> actions) {
    return actions.stream()
        .filter(x -> x instanceof Action.Broadcast b && b.message().hasVote())
        .map(x -> ((Action.Broadcast) x).message().getVote())
        .filter(v -> v.getType() == PREVOTE)
        .findFirst();
  }

  /** {@code actions} are exactly one drop of {@code peer}'s input naming {@code reason}. */
  private void assertDropped(List<Action> actions, String peer, String reason) {
    assertThat(actions).singleElement().isInstanceOf(Action.Dropped.class);
    Action.Dropped d = (Action.Dropped) actions.get(0);
    assertThat(d.peer()).isEqualTo(peer);
    assertThat(d.reason()).contains(reason);
  }

  @Test
  void theBlockIsCutIntoPartsOf64KiBWithVerifyingProofs() {
    BlockPartSet set = BlockPartSet.of(1, 0, a);
    byte[] encoding = a.toByteArray();
    assertThat(set.header().getTotal()).isEqualTo(3);
    assertThat(set.parts().get(0).getBytes().size()).isEqualTo(CoreConfig.BLOCK_PART_SIZE);
    assertThat(set.parts().get(2).getBytes().size())
        .isEqualTo(encoding.length - 2 * CoreConfig.BLOCK_PART_SIZE);
    ByteString joined = ByteString.EMPTY;
    for (BlockPart part : set.parts()) {
      assertThat(BlockPartSet.verify(set.header(), part)).isEmpty();
      joined = joined.concat(part.getBytes());
    }
    assertThat(joined.toByteArray()).isEqualTo(encoding);
    assertThat(BlockPartSet.of(1, 0, new byte[0]).header().getTotal()).isEqualTo(1);
  }

  @Test
  void partsInAnyOrderAndDuplicatedMakeTheProposalsBlock() {
    Proposal p = f.proposal(p0, a, 0, -1);
    List<BlockPart> parts = f.parts(p);
    assertThat(proposal(p)).isEmpty();
    assertThat(part(parts.get(2), "x")).isEmpty();
    assertThat(part(parts.get(2), "y")).as("a duplicate is ignored").isEmpty();
    assertThat(part(parts.get(0), "x")).isEmpty();
    assertThat(part(parts.get(0), "x")).isEmpty();
    assertThat(core.state().step()).isEqualTo(Step.PROPOSE); // no block yet: no prevote
    Vote pv = prevote(part(parts.get(1), "y")).orElseThrow();
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(a));
    assertThat(part(parts.get(1), "x")).isEmpty();
  }

  @Test
  void partsBeforeTheirProposalAreKeptUntilItComes() {
    Proposal p = f.proposal(p0, a, 0, -1);
    for (BlockPart part : f.parts(p).reversed()) {
      assertThat(part(part, "x")).isEmpty();
    }
    Vote pv = prevote(proposal(p)).orElseThrow();
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(a));
  }

  @Test
  void badPartsAreDroppedWithTheirReasonAgainstTheSender() {
    Proposal p = f.proposal(p0, a, 0, -1);
    List<BlockPart> parts = f.parts(p);
    proposal(p);
    RoundState before = core.state();
    BlockPart good = parts.get(0);

    byte[] flipped = good.getProof(0).toByteArray();
    flipped[0] ^= 1;
    BlockPart badProof = good.toBuilder().setProof(0, ByteString.copyFrom(flipped)).build();
    assertDropped(part(badProof, MALLORY), MALLORY, "block part 0 of 1/0 has a bad proof");

    byte[] content = good.getBytes().toByteArray();
    content[100] ^= 1;
    BlockPart badBytes = good.toBuilder().setBytes(ByteString.copyFrom(content)).build();
    assertDropped(part(badBytes, MALLORY), MALLORY, "has a bad proof");

    BlockPart elsewhere = parts.get(1).toBuilder().setIndex(0).build();
    assertDropped(part(elsewhere, MALLORY), MALLORY, "has a bad proof");

    BlockPart outOfRange = good.toBuilder().setIndex(3).build();
    assertDropped(
        part(outOfRange, MALLORY),
        MALLORY,
        "block part index 3 is not below the part set's total of 3");

    BlockPart oversized =
        good.toBuilder()
            .setBytes(ByteString.copyFrom(new byte[CoreConfig.BLOCK_PART_SIZE + 1]))
            .build();
    assertDropped(
        part(oversized, MALLORY), MALLORY, "oversized block part: 65537 bytes, limit 65536");

    assertDropped(
        part(good.toBuilder().setHeight(0).build(), MALLORY),
        MALLORY,
        "stale height 0 of block part");
    assertDropped(
        part(good.toBuilder().setHeight(3).build(), MALLORY),
        MALLORY,
        "future height 3 of block part");
    assertDropped(
        part(good.toBuilder().setRound(101).build(), MALLORY),
        MALLORY,
        "block part for round 101 is more than 100 rounds ahead");
    assertDropped(
        part(good.toBuilder().setRound(-1).build(), MALLORY),
        MALLORY,
        "block part round 4294967295 out of range");
    assertThat(core.state()).isEqualTo(before);

    // the genuine parts still make the block
    part(parts.get(0), "x");
    part(parts.get(1), "x");
    assertThat(prevote(part(parts.get(2), "x")).orElseThrow().getBlockId().getHash())
        .isEqualTo(Fixture.id(a));
  }

  @Test
  void aPartForAnotherRoundIsDroppedWhenThatRoundsProposalShowsItIsNotOneOfItsParts() {
    Proposal p = f.proposal(p0, a, 0, -1);
    BlockPart relabelled = f.parts(p).get(0).toBuilder().setRound(1).build();
    assertThat(part(relabelled, MALLORY)).as("kept until round 1's proposal comes").isEmpty();
    core.handle(new Event.TimeoutFired(1, 0, Step.PROPOSE));
    for (int i = 0; i < 4; i++) {
      core.handle(new Event.VoteReceived(f.precommit(i, 0, null), "peer"));
    }
    core.handle(new Event.TimeoutFired(1, 0, Step.PRECOMMIT));
    assertThat(core.state().round()).isEqualTo(1);
    Block b = f.block(p1, "b");
    Proposal p1Proposal = f.proposal(p1, b, 1, -1);
    assertDropped(proposal(p1Proposal), MALLORY, "buffered block part 0 of 1/1 has a bad proof");
    assertThat(prevote(part(f.parts(p1Proposal).get(0), "x")).orElseThrow().getBlockId().getHash())
        .isEqualTo(Fixture.id(b));
  }

  @Test
  void aPartSetAboveTheBlockSizeLimitIsDropped() {
    byte[] fiveParts = new byte[4 * CoreConfig.BLOCK_PART_SIZE + 1];
    Proposal tooBig = f.proposal(p0, a, 1, 0, -1, fiveParts);
    RoundState before = core.state();
    assertDropped(proposal(tooBig), "peer", "part set of 5 parts is not in [1, 4]");
    Proposal none =
        f.proposal(p0, a, 0, -1).toBuilder()
            .setPartSetHeader(f.proposal(p0, a, 0, -1).getPartSetHeader().toBuilder().setTotal(0))
            .build();
    assertDropped(proposal(none), "peer", "part set of 0 parts is not in [1, 4]");
    assertThat(core.state()).isEqualTo(before);
  }

  @Test
  void partsThatAreNotTheProposedBlockEndInANilPrevote() {
    byte[] garbage = new byte[100_000];
    new Random(7).nextBytes(garbage);
    Proposal undecodable = f.proposal(p0, a, 1, 0, -1, garbage);
    proposal(undecodable);
    List<Action> last = new ArrayList<>();
    for (BlockPart part : f.parts(undecodable)) {
      last = part(part, "x");
    }
    assertDropped(last, "", "block of 1/0");
    assertThat(prevote(core.handle(new Event.TimeoutFired(1, 0, Step.PROPOSE))).orElseThrow())
        .satisfies(v -> assertThat(v.getBlockId().getHash()).isEmpty());
  }

  @Test
  void anotherBlockUnderTheProposalsIdIsInvalid() {
    Block other = f.block(p0, "other");
    Proposal p = f.proposal(p0, a, 1, 0, -1, other.toByteArray());
    proposal(p);
    assertDropped(
        part(f.parts(p).get(0), "x"), "", "block of 1/0: header hash is not the block id");
    assertThat(core.state().step()).isEqualTo(Step.PROPOSE);
  }

  @Test
  void theBufferOfPartsWithoutAProposalIsBounded() {
    // 4 parts per block at most: 8 parts are kept without their proposal
    for (int i = 0; i < 8; i++) {
      byte[] bytes = new byte[10];
      Arrays.fill(bytes, (byte) i);
      BlockPart part = BlockPartSet.of(1, 5, bytes).parts().get(0);
      assertThat(part(part, MALLORY)).isEmpty();
    }
    BlockPart ninth = BlockPartSet.of(1, 5, new byte[] {9}).parts().get(0);
    assertDropped(part(ninth, MALLORY), MALLORY, "block part buffer is full");
  }

  @Test
  void theNextHeightsBlockFromPartsDecidesThisHeightByItsLastCommit() {
    Proposal p = f.proposal(p0, a, 0, -1);
    proposal(p);
    f.parts(p).forEach(part -> part(part, "x"));
    Commit commit = Commits.build(f.validators, precommitsFor(a), 1, 0, Fixture.id(a));
    int proposer2 = f.validators.indexOf(f.next.proposer(0).address());
    Block next = f.block(2, commit, proposer2, "next");
    Proposal p2 = f.proposal(proposer2, next, 2, 0, -1);
    // the next height's parts come first, its proposal last
    for (BlockPart part : f.parts(p2)) {
      assertThat(part(part, "x")).isEmpty();
    }
    List<Action> actions = proposal(p2);
    assertThat(actions).anySatisfy(x -> assertThat(x).isInstanceOf(Action.Decide.class));
    Action.Decide d =
        (Action.Decide) actions.stream().filter(Action.Decide.class::isInstance).findFirst().get();
    assertThat(Fixture.id(d.block())).isEqualTo(Fixture.id(a));
  }

  @Test
  void theNextHeightsBlockThatCameFirstDecidesThisHeightOnceItsOwnBlockIsIn() {
    Proposal p = f.proposal(p0, a, 0, -1);
    Commit commit = Commits.build(f.validators, precommitsFor(a), 1, 0, Fixture.id(a));
    int proposer2 = f.validators.indexOf(f.next.proposer(0).address());
    Block next = f.block(2, commit, proposer2, "next");
    Proposal p2 = f.proposal(proposer2, next, 2, 0, -1);
    proposal(p2);
    f.parts(p2).forEach(part -> part(part, "x"));
    assertThat(core.state().decided()).isFalse(); // block a is not here yet
    proposal(p);
    List<BlockPart> parts = f.parts(p);
    part(parts.get(0), "x");
    part(parts.get(1), "x");
    List<Action> actions = part(parts.get(2), "x");
    assertThat(
            actions.stream().filter(Action.Decide.class::isInstance).map(Action.Decide.class::cast))
        .singleElement()
        .satisfies(d -> assertThat(Fixture.id(d.block())).isEqualTo(Fixture.id(a)));
  }

  private VoteSet precommitsFor(Block b) {
    VoteSet set = new VoteSet(f.validators);
    for (int i = 0; i < 3; i++) {
      set.add(f.precommit(i, 0, b));
    }
    return set;
  }
}
