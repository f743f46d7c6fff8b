package io.lattice.consensus.tendermint;

import static io.lattice.consensus.block.Votes.PRECOMMIT;
import static io.lattice.consensus.block.Votes.PREVOTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Scripted-peer tests: the test plays the other validators of a 4 × 10 power set by hand and checks
 * the actions of the core of validator {@code me}. No clock, no threads: timeouts fire when the
 * test says so.
 */
class ConsensusCoreTest {
  private final Fixture f = new Fixture(10, 10, 10, 10);
  private final int p0 = f.proposer(0);
  private final int p1 = f.proposer(1);
  private final int p2 = f.proposer(2);
  private final int me =
      IntStream.range(0, 4).filter(i -> i != p0 && i != p1 && i != p2).findFirst().orElseThrow();
  private final List<Integer> peers = IntStream.range(0, 4).filter(i -> i != me).boxed().toList();
  private Fixture.RecordingSigner signer;
  private int blocksCreated;
  private ConsensusCore core;

  private ConsensusCore newCore(int self, int maxProposalBytes) {
    signer = new Fixture.RecordingSigner(f.keys.get(self));
    return new ConsensusCore(
        new CoreConfig(Fixture.CHAIN, TimeoutConfig.defaults(), maxProposalBytes, 100),
        signer,
        (h, r, last) -> {
          blocksCreated++;
          return f.block(h, last, self, "own-" + h + "-" + r);
        },
        b ->
            b.getData().getTxsList().contains(ByteString.copyFromUtf8("invalid"))
                ? Optional.of("invalid tx")
                : Optional.empty());
  }

  private List<Action> start(int self) {
    core = newCore(self, 64 * 1024);
    return core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
  }

  private List<Action> proposalAlone(Proposal p) {
    return core.handle(new Event.ProposalReceived(p, "peer"));
  }

  /** Delivers {@code p} and then its block parts. */
  private List<Action> proposal(Proposal p) {
    List<Action> out = new ArrayList<>(core.handle(new Event.ProposalReceived(p, "peer")));
    for (BlockPart part : f.parts(p)) {
      out.addAll(core.handle(new Event.BlockPartReceived(part, "peer")));
    }
    return out;
  }

  private List<Action> vote(Vote v) {
    return core.handle(new Event.VoteReceived(v, "peer"));
  }

  private List<Action> timeout(int round, Step step) {
    return core.handle(new Event.TimeoutFired(1, round, step));
  }

  private static List<Vote> votes(List<Action> actions) {
    List<Vote> out = new ArrayList<>();
    for (Action a : actions) {
      if (a instanceof Action.Broadcast b && b.message().hasVote()) {
        out.add(b.message().getVote());
      }
    }
    return out;
  }

  private static Vote onlyVote(List<Action> actions, int type) {
    List<Vote> v = votes(actions);
    assertThat(v).hasSize(1);
    assertThat(v.get(0).getType()).isEqualTo(type);
    return v.get(0);
  }

  private static List<String> dropped(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Dropped)
        .map(a -> ((Action.Dropped) a).reason())
        .toList();
  }

  private static Optional<Action.Decide> decide(List<Action> actions) {
    return actions.stream()
        .filter(a -> a instanceof Action.Decide)
        .map(a -> (Action.Decide) a)
        .findFirst();
  }

  /** Round 0: the proposer's block arrives, {@code me} prevotes it, two peers prevote it too. */
  private Block lockRound0() {
    start(me);
    Block a = f.block(p0, "a");
    Vote pv = onlyVote(proposal(f.proposal(p0, a, 0, -1)), PREVOTE);
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(a));
    assertThat(votes(vote(f.prevote(peers.get(0), 0, a)))).isEmpty();
    Vote pc = onlyVote(vote(f.prevote(peers.get(1), 0, a)), PRECOMMIT);
    assertThat(pc.getBlockId().getHash()).isEqualTo(Fixture.id(a));
    return a;
  }

  @Test
  void happyPathDecidesInRoundZero() {
    Block a = lockRound0();
    assertThat(decide(vote(f.precommit(peers.get(0), 0, a)))).isEmpty();
    List<Action> last = vote(f.precommit(peers.get(1), 0, a));
    Action.Decide d = decide(last).orElseThrow();
    assertThat(d.height()).isEqualTo(1);
    assertThat(d.round()).isZero();
    assertThat(d.block()).isEqualTo(a);
    assertThat(
            Commits.verify(Fixture.CHAIN, f.validators, 1, Fixture.id(a).toByteArray(), d.commit()))
        .isEmpty();
    assertThat(d.commit().getSignaturesList())
        .filteredOn(s -> s.getBlockIdFlag() == BlockIdFlag.BLOCK_ID_FLAG_COMMIT)
        .hasSize(3);
    assertThat(core.state().decided()).isTrue();
    assertThat(core.state().step()).isEqualTo(Step.COMMIT);
  }

  @Test
  void proposerProposesAndPrevotesItsOwnBlock() {
    List<Action> actions = start(p0);
    assertThat(blocksCreated).isEqualTo(1);
    Proposal p =
        actions.stream()
            .filter(a -> a instanceof Action.Broadcast b && b.message().hasProposal())
            .map(a -> ((Action.Broadcast) a).message().getProposal())
            .findFirst()
            .orElseThrow();
    assertThat(p.getPolRound()).isEqualTo(-1);
    assertThat(MessageCheck.proposal(Fixture.CHAIN, 1, f.validators.proposer(0), p)).isEmpty();
    assertThat(onlyVote(actions, PREVOTE).getBlockId()).isEqualTo(p.getBlockId());
    assertThat(core.state().step()).isEqualTo(Step.PREVOTE);
  }

  @Test
  void locksOnPolkaAndPrecommits() {
    Block a = lockRound0();
    RoundState s = core.state();
    assertThat(s.lockedRound()).isZero();
    assertThat(s.lockedBlock()).contains(Fixture.id(a));
    assertThat(s.validRound()).isZero();
    assertThat(s.step()).isEqualTo(Step.PRECOMMIT);
  }

  @Test
  void lockedValidatorPrevotesNilForAnotherBlockThenRelocksOnANewPolka() {
    Block a = lockRound0();
    // round 0 ends without decision: two peers precommit nil, +2/3 precommits of anything
    vote(f.precommit(peers.get(0), 0, null));
    List<Action> q = vote(f.precommit(peers.get(1), 0, null));
    assertThat(q).contains(new Action.ScheduleTimeout(1, 0, Step.PRECOMMIT, Duration.ofSeconds(1)));
    timeout(0, Step.PRECOMMIT);
    assertThat(core.state().round()).isEqualTo(1);
    // round 1: p1 proposes a different block without a polka: line 26, prevote nil (locked on a)
    Block b = f.block(p1, "b");
    Vote pv = onlyVote(proposal(f.proposal(p1, b, 1, -1)), PREVOTE);
    assertThat(pv.getBlockId().getHash()).isEmpty();
    // the three peers prevote b in round 1: a polka for b → lines 36–43: lock on b, precommit b
    List<Action> last = new ArrayList<>();
    for (int peer : peers) {
      last = vote(f.prevote(peer, 1, b));
    }
    Vote pc = onlyVote(last, PRECOMMIT);
    assertThat(pc.getBlockId().getHash()).isEqualTo(Fixture.id(b));
    assertThat(core.state().lockedRound()).isEqualTo(1);
    assertThat(core.state().lockedBlock()).contains(Fixture.id(b));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void unlocksOnAProposalWithALaterPolRound() {
    lockRound0();
    vote(f.precommit(peers.get(0), 0, null));
    vote(f.precommit(peers.get(1), 0, null));
    timeout(0, Step.PRECOMMIT);
    // round 1: this validator misses p1's proposal; the others see a polka for b
    Block b = f.block(p1, "b");
    assertThat(votes(timeout(1, Step.PROPOSE))).hasSize(1);
    for (int peer : peers) {
      vote(f.prevote(peer, 1, b));
    }
    // no proposal for round 1 known: no lock on b (line 36 needs the proposal)
    assertThat(core.state().lockedRound()).isZero();
    vote(f.precommit(peers.get(0), 1, null));
    vote(f.precommit(peers.get(1), 1, null));
    timeout(1, Step.PRECOMMIT);
    // round 2: p2 re-proposes b with vr = 1; lockedRound 0 <= 1 → line 30: prevote b
    Vote pv = onlyVote(proposal(f.proposal(p2, b, 2, 1)), PREVOTE);
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(b));
  }

  @Test
  void proposalWithPolRoundWaitsForThePolka() {
    start(me);
    timeout(0, Step.PROPOSE);
    vote(f.precommit(peers.get(0), 0, null));
    vote(f.precommit(peers.get(1), 0, null));
    vote(f.precommit(peers.get(2), 0, null));
    timeout(0, Step.PRECOMMIT);
    Block b = f.block(p0, "b");
    // vr = 0 but no polka for b at round 0 seen: line 28 does not fire
    assertThat(votes(proposal(f.proposal(p1, b, 1, 0)))).isEmpty();
    vote(f.prevote(peers.get(0), 0, b));
    vote(f.prevote(peers.get(1), 0, b));
    Vote pv = onlyVote(vote(f.prevote(peers.get(2), 0, b)), PREVOTE);
    assertThat(pv.getRound()).isEqualTo(1);
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(b));
  }

  @Test
  void proposerReproposesItsValidValue() {
    // me = p1 this time: in round 0 it sees a polka for a, then round 1 is its turn
    start(p1);
    Block a = f.block(p0, "a");
    proposal(f.proposal(p0, a, 0, -1));
    int[] others = IntStream.range(0, 4).filter(i -> i != p1).toArray();
    vote(f.prevote(others[0], 0, a));
    vote(f.prevote(others[1], 0, a));
    vote(f.precommit(others[0], 0, null));
    vote(f.precommit(others[1], 0, null));
    assertThat(core.state().validRound()).isZero();
    List<Action> r1 = timeout(0, Step.PRECOMMIT);
    Proposal p =
        r1.stream()
            .filter(x -> x instanceof Action.Broadcast b && b.message().hasProposal())
            .map(x -> ((Action.Broadcast) x).message().getProposal())
            .findFirst()
            .orElseThrow();
    // lines 14–15: proposal ← validValue, with validRound as pol round; its parts go first
    assertThat(p.getBlockId().getHash()).isEqualTo(Fixture.id(a));
    assertThat(
            r1.stream()
                .filter(x -> x instanceof Action.Broadcast b && b.message().hasBlockPart())
                .map(x -> ((Action.Broadcast) x).message().getBlockPart()))
        .containsExactlyElementsOf(BlockPartSet.of(1, 1, a).parts());
    assertThat(p.getPolRound()).isZero();
    assertThat(blocksCreated).isZero();
  }

  @Test
  void timeoutPrevoteLeadsToNilPrecommit() {
    start(me);
    Block a = f.block(p0, "a");
    proposal(f.proposal(p0, a, 0, -1));
    vote(f.prevote(peers.get(0), 0, null));
    List<Action> q = vote(f.prevote(peers.get(1), 0, null));
    // line 34: +2/3 prevotes of anything (a, nil, nil), no majority → timeout scheduled
    assertThat(q)
        .containsExactly(new Action.ScheduleTimeout(1, 0, Step.PREVOTE, Duration.ofSeconds(1)));
    Vote pc = onlyVote(timeout(0, Step.PREVOTE), PRECOMMIT);
    assertThat(pc.getBlockId().getHash()).isEmpty();
    assertThat(core.state().step()).isEqualTo(Step.PRECOMMIT);
    // a stale timeout of a passed step changes nothing
    assertThat(timeout(0, Step.PREVOTE)).isEmpty();
    assertThat(timeout(0, Step.PROPOSE)).isEmpty();
  }

  @Test
  void nilPolkaLeadsToNilPrecommit() {
    start(me);
    timeout(0, Step.PROPOSE);
    vote(f.prevote(peers.get(0), 0, null));
    Vote pc = onlyVote(vote(f.prevote(peers.get(1), 0, null)), PRECOMMIT);
    assertThat(pc.getBlockId().getHash()).isEmpty();
  }

  @Test
  void timeoutProposePrevotesNil() {
    List<Action> started = start(me);
    assertThat(started)
        .containsExactly(new Action.ScheduleTimeout(1, 0, Step.PROPOSE, Duration.ofSeconds(3)));
    Vote pv = onlyVote(timeout(0, Step.PROPOSE), PREVOTE);
    assertThat(pv.getBlockId().getHash()).isEmpty();
    assertThat(pv.hasTimestamp()).isFalse();
    assertThat(core.state().step()).isEqualTo(Step.PREVOTE);
  }

  @Test
  void skipsToAHigherRoundOnMessagesOfMoreThanAThird() {
    start(me);
    Block a = f.block(p2, "a");
    // one validator (1/4 of the power) in round 2: not enough
    assertThat(vote(f.prevote(peers.get(0), 2, a))).isEmpty();
    assertThat(core.state().round()).isZero();
    // a second one (1/2 > 1/3): line 55, StartRound(2) with a longer propose timeout
    List<Action> skip = vote(f.precommit(peers.get(1), 2, null));
    assertThat(core.state().round()).isEqualTo(2);
    assertThat(skip)
        .contains(new Action.ScheduleTimeout(1, 2, Step.PROPOSE, Duration.ofSeconds(4)));
    // the round-2 proposal is now acted on
    Vote pv = onlyVote(proposal(f.proposal(p2, a, 2, -1)), PREVOTE);
    assertThat(pv.getRound()).isEqualTo(2);
  }

  @Test
  void decidesOnPrecommitsOfAnyRoundItHasTheBlockFor() {
    start(me);
    Block a = f.block(p0, "a");
    proposal(f.proposal(p0, a, 0, -1));
    vote(f.precommit(peers.get(0), 0, a));
    vote(f.precommit(peers.get(1), 0, a));
    Action.Decide d = decide(vote(f.precommit(peers.get(2), 0, a))).orElseThrow();
    assertThat(d.block()).isEqualTo(a);
    // after the decision votes of the height change nothing
    assertThat(votes(vote(f.prevote(peers.get(0), 3, a)))).isEmpty();
  }

  @Test
  void invalidBlockIsPrevotedNil() {
    start(me);
    Block bad = f.block(p0, "invalid");
    Vote pv = onlyVote(proposal(f.proposal(p0, bad, 0, -1)), PREVOTE);
    assertThat(pv.getBlockId().getHash()).isEmpty();
  }

  @Test
  void nextHeightStartsAfterCommitTimeoutWithBufferedMessages() {
    Block a = lockRound0();
    vote(f.precommit(peers.get(0), 0, a));
    Action.Decide d = decide(vote(f.precommit(peers.get(1), 0, a))).orElseThrow();
    // a height-2 prevote arrives early: buffered
    Block b2 = f.block(2, d.commit(), f.validators.indexOf(f.next.proposer(0).address()), "h2");
    assertThat(vote(f.vote(peers.get(0), PREVOTE, 2, 0, b2))).isEmpty();
    List<Action> committed = core.handle(new Event.Committed(1, List.of()));
    assertThat(committed)
        .containsExactly(new Action.ScheduleTimeout(1, 0, Step.COMMIT, Duration.ofSeconds(1)));
    core.handle(new Event.TimeoutFired(1, 0, Step.COMMIT));
    assertThat(core.state().height()).isEqualTo(2);
    assertThat(core.state().round()).isZero();
    assertThat(core.validators()).isEqualTo(f.next);
  }

  @Test
  void validatorUpdatesApplyTwoHeightsLater() {
    Block a = lockRound0();
    vote(f.precommit(peers.get(0), 0, a));
    vote(f.precommit(peers.get(1), 0, a));
    var newKey =
        Fixture.sortedKeys(5).stream()
            .filter(k -> f.validators.indexOf(k.publicKey().address()) < 0)
            .findFirst()
            .orElseThrow();
    core.handle(new Event.Committed(1, List.of(Fixture.validator(newKey, 10))));
    core.handle(new Event.TimeoutFired(1, 0, Step.COMMIT));
    assertThat(core.validators().size()).isEqualTo(4);
    assertThat(core.nextValidators().size()).isEqualTo(5);
    assertThat(core.nextValidators().indexOf(newKey.publicKey().address())).isEqualTo(4);
  }

  @Test
  void theNextHeightsProposalDecidesByItsLastCommit() {
    start(me);
    Block a = f.block(p0, "a");
    proposal(f.proposal(p0, a, 0, -1));
    // the precommits for a never reached this node, but the others moved on to height 2
    VoteSet pcs = new VoteSet(f.validators);
    for (int peer : peers) {
      pcs.add(f.precommit(peer, 0, a));
    }
    Commit commit = Commits.build(f.validators, pcs, 1, 0, Fixture.id(a));
    int proposer2 = f.validators.indexOf(f.next.proposer(0).address());
    Block b2 = f.block(2, commit, proposer2, "h2");
    Action.Decide d = decide(proposal(f.proposal(proposer2, b2, 2, 0, -1))).orElseThrow();
    assertThat(d.block()).isEqualTo(a);
    assertThat(d.commit()).isEqualTo(commit);
    // the buffered height-2 proposal is acted on once height 2 starts (no commit wait)
    assertThat(core.handle(new Event.Committed(1, List.of())))
        .containsExactly(new Action.ScheduleTimeout(1, 0, Step.COMMIT, Duration.ZERO));
    Vote pv = onlyVote(core.handle(new Event.TimeoutFired(1, 0, Step.COMMIT)), PREVOTE);
    assertThat(pv.getHeight()).isEqualTo(2);
    assertThat(pv.getBlockId().getHash()).isEqualTo(Fixture.id(b2));
  }

  @Test
  void commitReceivedDecidesAfterVerification() {
    start(me);
    Block a = f.block(p0, "a");
    VoteSet pcs = new VoteSet(f.validators);
    for (int peer : peers) {
      pcs.add(f.precommit(peer, 0, a));
    }
    Commit commit = Commits.build(f.validators, pcs, 1, 0, Fixture.id(a));
    Commit forged =
        commit.toBuilder()
            .setSignatures(
                0,
                CommitSig.newBuilder(commit.getSignatures(me == 0 ? 1 : 0))
                    .setSignature(ByteString.copyFrom(new byte[64])))
            .build();
    assertThat(dropped(core.handle(new Event.CommitReceived(a, forged, "peer"))))
        .singleElement()
        .asString()
        .contains("invalid signature");
    assertThat(core.state().decided()).isFalse();
    Action.Decide d =
        decide(core.handle(new Event.CommitReceived(a, commit, "peer"))).orElseThrow();
    assertThat(d.commit()).isEqualTo(commit);
  }

  // ---- bad input: dropped with a reason, nothing changes ----

  private void assertUnchanged(RoundState before, List<Action> actions, String reason) {
    assertThat(dropped(actions)).singleElement().asString().contains(reason);
    assertThat(actions).hasSize(1);
    assertThat(core.state()).isEqualTo(before);
  }

  @Test
  void proposalFromANonProposerIsDropped() {
    start(me);
    RoundState before = core.state();
    int notProposer = peers.stream().filter(i -> i != p0).findFirst().orElseThrow();
    Block a = f.block(notProposer, "a");
    assertUnchanged(before, proposal(f.proposal(notProposer, a, 0, -1)), "not the proposer");
  }

  @Test
  void badSignaturesAreDropped() {
    start(me);
    RoundState before = core.state();
    Block a = f.block(p0, "a");
    Proposal p = f.proposal(p0, a, 0, -1);
    Proposal forged = p.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
    assertUnchanged(before, proposal(forged), "bad signature on proposal");
    Vote v = f.prevote(peers.get(0), 0, a);
    Vote badVote = v.toBuilder().setRound(1).build();
    assertUnchanged(before, vote(badVote), "bad signature on vote");
    // the forged round-1 vote was not counted: one more real one is not a skip to round 1
    vote(f.prevote(peers.get(1), 1, a));
    assertThat(core.state().round()).isZero();
  }

  @Test
  void staleFutureForeignAndOutsiderMessagesAreDropped() {
    start(me);
    RoundState before = core.state();
    Block a = f.block(p0, "a");
    assertUnchanged(before, vote(f.vote(peers.get(0), PREVOTE, 0, 0, a)), "stale height 0");
    assertUnchanged(before, vote(f.vote(peers.get(0), PREVOTE, 5, 0, a)), "future height 5");
    assertThat(vote(f.vote(peers.get(0), PREVOTE, 3, 0, a))).isEmpty(); // kept for height 3
    Vote foreign = f.prevote(peers.get(0), 0, a).toBuilder().setChainId("other-chain").build();
    assertUnchanged(before, vote(foreign), "wrong chain id other-chain");
    Fixture outsiders = new Fixture(10, 10, 10, 10, 10);
    int outsider =
        IntStream.range(0, 5)
            .filter(i -> f.validators.indexOf(outsiders.address(i)) < 0)
            .findFirst()
            .orElseThrow();
    assertUnchanged(before, vote(outsiders.prevote(outsider, 0, a)), "is not a validator");
    Vote weird = f.vote(peers.get(0), 7, 1, 0, a);
    assertUnchanged(before, vote(weird), "vote type 7");
  }

  @Test
  void messagesTooFarAheadAreDropped() {
    start(me);
    RoundState before = core.state();
    Block a = f.block(p0, "a");
    assertUnchanged(before, vote(f.prevote(peers.get(0), 101, a)), "more than 100 rounds ahead");
    int proposer101 = f.validators.indexOf(f.validators.proposer(101).address());
    assertUnchanged(
        before, proposalAlone(f.proposal(proposer101, a, 101, -1)), "more than 100 rounds ahead");
    // a huge round is refused before any work that grows with the round
    assertUnchanged(
        before,
        proposalAlone(f.proposal(p0, a, 2, Integer.MAX_VALUE, -1)),
        "round 2147483647 of the next height");
    // uint32 rounds above 2^31 - 1 (negative as Java ints) are out of range
    assertUnchanged(before, proposalAlone(f.proposal(p0, a, 1, -5, -1)), "out of range");
    assertUnchanged(before, vote(f.prevote(peers.get(0), -5, a)), "out of range");
  }

  @Test
  void aSecondDifferentProposalForARoundIsDropped() {
    start(me);
    Block a = f.block(p0, "a");
    Block b = f.block(p0, "b");
    proposal(f.proposal(p0, a, 0, -1));
    RoundState before = core.state();
    assertUnchanged(before, proposal(f.proposal(p0, b, 0, -1)), "second, different proposal");
    assertThat(proposal(f.proposal(p0, a, 0, -1))).isEmpty(); // the same again: ignored
  }

  @Test
  void oversizeProposalIsDropped() {
    core = newCore(me, CoreConfig.BLOCK_PART_SIZE); // blocks of one part at most
    core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
    RoundState before = core.state();
    Block big = f.block(p0, "x".repeat(CoreConfig.BLOCK_PART_SIZE));
    assertUnchanged(
        before,
        proposalAlone(f.proposal(p0, big, 0, -1)),
        "part set of 2 parts is not in [1, 1] (block size limit)");
  }

  @Test
  void proposalWithBadContentIsDropped() {
    start(me);
    RoundState before = core.state();
    Block a = f.block(p0, "a");
    Block wrongData =
        a.toBuilder()
            .setData(
                a.getData().toBuilder().setTxs(0, ByteString.copyFrom("z", StandardCharsets.UTF_8)))
            .build();
    // the proposer signs a's id with the part set of a block of other content
    Proposal p = f.proposal(p0, a, 1, 0, -1, wrongData.toByteArray());
    assertUnchanged(before, proposal(p), "data_hash");
  }

  @Test
  void equivocatingVotesAreDetected() {
    start(me);
    Block a = f.block(p0, "a");
    Vote first = f.prevote(peers.get(0), 0, a);
    Vote second = f.prevote(peers.get(0), 0, null);
    vote(first);
    assertThat(vote(first)).isEmpty(); // the same vote again: a duplicate, ignored
    assertThat(vote(second)).containsExactly(new Action.Equivocation(first, second));
    // the equivocator counts once in the total: with one more validator 20 of 40 voted, no
    // timeout is scheduled, no quorum for nil
    assertThat(vote(f.prevote(peers.get(1), 0, null))).isEmpty();
    assertThat(core.state().step()).isEqualTo(Step.PROPOSE);
  }

  @Test
  void recoveredOwnMessagesAreReusedNotSignedAgain() {
    // before a crash, p0 proposed block x in round 0 and prevoted it
    Block x = f.block(p0, "before-crash");
    Proposal p = f.proposal(p0, x, 0, -1);
    Vote pv = f.prevote(p0, 0, x);
    core = newCore(p0, 64 * 1024);
    for (BlockPart part : f.parts(p)) {
      core.handle(
          new Event.OwnMessageRecovered(ConsensusMessage.newBuilder().setBlockPart(part).build()));
    }
    core.handle(
        new Event.OwnMessageRecovered(ConsensusMessage.newBuilder().setProposal(p).build()));
    core.handle(new Event.OwnMessageRecovered(ConsensusMessage.newBuilder().setVote(pv).build()));
    List<Action> started =
        core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
    assertThat(blocksCreated).isZero();
    assertThat(signer.signed).isEmpty();
    assertThat(started)
        .contains(
            new Action.Broadcast(
                ConsensusMessage.newBuilder().setBlockPart(f.parts(p).get(0)).build()),
            new Action.Broadcast(ConsensusMessage.newBuilder().setProposal(p).build()),
            new Action.Broadcast(ConsensusMessage.newBuilder().setVote(pv).build()));
  }

  @Test
  void aRefusingSignerLeavesTheVoteOutAndTheCoreGoesOn() {
    VoteSigner refusing =
        new VoteSigner() {
          @Override
          public io.lattice.crypto.Address address() {
            return f.address(me);
          }

          @Override
          public Vote signVote(String chainId, Vote vote) throws SigningRefusedException {
            throw new SigningRefusedException("conflicts with an earlier signature");
          }

          @Override
          public Proposal signProposal(String chainId, Proposal proposal)
              throws SigningRefusedException {
            throw new SigningRefusedException("conflicts with an earlier signature");
          }
        };
    core =
        new ConsensusCore(
            CoreConfig.defaults(Fixture.CHAIN),
            refusing,
            (h, r, l) -> f.block(me, "x"),
            b -> Optional.empty());
    core.handle(new Event.Start(1, f.validators, f.next, Commit.getDefaultInstance()));
    List<Action> actions = timeout(0, Step.PROPOSE);
    assertThat(actions)
        .containsExactly(new Action.SignRefused("conflicts with an earlier signature"));
    assertThat(core.state().step()).isEqualTo(Step.PREVOTE);
    // its missing prevote is not counted: two peers' nil prevotes are not +2/3
    vote(f.prevote(peers.get(0), 0, null));
    assertThat(votes(vote(f.prevote(peers.get(1), 0, null)))).isEmpty();
    assertThat(core.state().step()).isEqualTo(Step.PREVOTE);
  }

  @Test
  void eventsBeforeStartAreDropped() {
    core = newCore(me, 64 * 1024);
    assertThat(dropped(vote(f.prevote(peers.get(0), 0, null))))
        .containsExactly("consensus has not started");
  }
}
