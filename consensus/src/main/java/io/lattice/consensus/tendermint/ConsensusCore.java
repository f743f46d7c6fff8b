package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Tendermint consensus algorithm as a pure, single-threaded state machine
 * (docs/spec/consensus.md, "Algorithm"; line numbers in comments refer to it).
 *
 * <p>{@link #handle} takes one {@link Event} and returns the {@link Action}s it causes, in order.
 * The core reads no clock, starts no thread and does no I/O; it calls its three ports
 * synchronously: {@link VoteSigner} to sign its own votes and proposals, {@link ProposalSource} to
 * build a block when it proposes, {@link BlockValidator} for application-level validity. Given the
 * same events and port answers it returns the same actions, so the shell can log events to a
 * write-ahead log and replay them after a crash, and a simulator can run many cores under one
 * seeded scheduler.
 *
 * <p>Life cycle: any number of {@link Event.OwnMessageRecovered} (replay), then {@link
 * Event.Start}; from then on proposals, votes and timeouts; after an {@link Action.Decide} the
 * shell answers {@link Event.Committed}, the core schedules the commit timeout and on it starts the
 * next height by itself. Not thread-safe: one thread calls {@link #handle}.
 */
public final class ConsensusCore {
  /**
   * Messages for rounds further ahead than this are dropped, which bounds the memory a Byzantine
   * validator can make an honest one spend on future rounds (spec "Message validity").
   */
  public static final int MAX_ROUNDS_AHEAD = 100;

  /**
   * Messages of heights {@code h_p + 1} to {@code h_p + FUTURE_HEIGHTS} are kept (bounded by {@link
   * CoreConfig#maxBufferedMessages}) until their height starts: a node a little behind then
   * finishes its heights without block sync. Those of {@code h_p + 1} are verified on arrival
   * against the next validator set; later ones, whose set is not known yet, when their height
   * starts.
   */
  public static final int FUTURE_HEIGHTS = 3;

  private final CoreConfig config;
  private final VoteSigner signer;
  private final ProposalSource proposalSource;
  private final BlockValidator blockValidator;
  private final Address self;

  /** Messages this validator signed, by (height, round, type): never signed twice. */
  private final Map<String, ConsensusMessage> own = new HashMap<>();

  /** Proposals and votes of the next height, checked and kept until it starts. */
  private final List<Event> buffered = new ArrayList<>();

  private List<Action> out = new ArrayList<>();

  private boolean started;
  private long height;
  private ValidatorSet validators;
  private ValidatorSet nextValidators;
  private ValidatorSet afterNextValidators;
  private Commit lastCommit;
  private int round;
  private Step step;
  private Block lockedValue;
  private int lockedRound;
  private Block validValue;
  private int validRound;
  private RoundVotes votes;
  private final Map<Integer, Proposal> proposals = new TreeMap<>();
  private final Map<ByteString, Block> blocks = new HashMap<>();
  private final Set<Integer> alternativeBlocks = new HashSet<>();
  private final Map<ByteString, Optional<String>> validity = new HashMap<>();
  private int decidedRound = -1;
  private Commit decisionCommit;
  private boolean committed;
  private boolean caughtUp;

  public ConsensusCore(
      CoreConfig config,
      VoteSigner signer,
      ProposalSource proposalSource,
      BlockValidator blockValidator) {
    this.config = config;
    this.signer = signer;
    this.proposalSource = proposalSource;
    this.blockValidator = blockValidator;
    this.self = signer.address();
  }

  /** Processes {@code event} and returns what the shell must do, in order. */
  public List<Action> handle(Event event) {
    out = new ArrayList<>();
    switch (event) {
      case Event.OwnMessageRecovered r -> recover(r.message());
      case Event.Start s ->
          startHeight(s.height(), s.validators(), s.nextValidators(), s.lastCommit());
      case Event.ProposalReceived p -> {
        if (ready(p.peer())) {
          onProposal(p.proposal(), p.peer());
        }
      }
      case Event.VoteReceived v -> {
        if (ready(v.peer())) {
          onVote(v.vote(), v.peer());
        }
      }
      case Event.TimeoutFired t -> {
        if (ready("")) {
          onTimeout(t.height(), t.round(), t.step());
        }
      }
      case Event.Committed c -> {
        if (ready("")) {
          onCommitted(c);
        }
      }
      case Event.CommitReceived c -> {
        if (ready(c.peer())) {
          onCommitReceived(c);
        }
      }
    }
    List<Action> result = out;
    out = new ArrayList<>();
    return List.copyOf(result);
  }

  private boolean ready(String peer) {
    if (!started) {
      out.add(new Action.Dropped(peer, "consensus has not started"));
    }
    return started;
  }

  /** The current round state, for the shell's status and for tests. */
  public RoundState state() {
    return new RoundState(
        height,
        round,
        step,
        lockedRound,
        Optional.ofNullable(lockedValue).map(ConsensusCore::id),
        validRound,
        Optional.ofNullable(validValue).map(ConsensusCore::id),
        decidedRound >= 0);
  }

  public ValidatorSet validators() {
    return validators;
  }

  public ValidatorSet nextValidators() {
    return nextValidators;
  }

  // ---- heights and rounds ----

  private void startHeight(long h, ValidatorSet vals, ValidatorSet next, Commit last) {
    started = true;
    height = h;
    validators = vals;
    nextValidators = next;
    afterNextValidators = null;
    lastCommit = last;
    // line 4: lockedValue, lockedRound, validValue, validRound reset for the new height
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    votes = new RoundVotes(vals);
    proposals.clear();
    blocks.clear();
    alternativeBlocks.clear();
    validity.clear();
    decidedRound = -1;
    decisionCommit = null;
    committed = false;
    caughtUp = false;
    own.keySet().removeIf(k -> Long.parseLong(k.substring(0, k.indexOf('/'))) < h);
    startRound(0); // line 10: upon start do StartRound(0)
    List<Event> pending = new ArrayList<>(buffered);
    buffered.clear();
    for (Event e : pending) {
      switch (e) {
        case Event.ProposalReceived p when p.proposal().getHeight() >= h ->
            onProposal(p.proposal(), p.peer());
        case Event.VoteReceived v when v.vote().getHeight() >= h -> onVote(v.vote(), v.peer());
        default -> {} // a height decided meanwhile by a commit
      }
    }
    evaluate();
  }

  /** Lines 11–21: StartRound(r). */
  private void startRound(int r) {
    round = r; // line 12
    step = Step.PROPOSE; // line 13
    ValidatorSet.Member proposer = validators.proposer(r);
    ConsensusMessage recovered = own.get(key(height, r, SignBytes.PROPOSAL));
    if (recovered != null) {
      publishProposal(recovered.getProposal()); // replay: what was proposed before a crash
    } else if (proposer.address().equals(self)) { // line 14: if proposer(h_p, round_p) = p
      Block value;
      int polRound;
      if (validValue != null) { // line 15: if validValue_p ≠ nil then proposal ← validValue_p
        value = validValue;
        polRound = validRound;
      } else { // line 16: else proposal ← getValue()
        value = proposalSource.create(height, r, lastCommit);
        polRound = -1;
      }
      propose(
          value, polRound); // line 19: broadcast ⟨PROPOSAL, h_p, round_p, proposal, validRound_p⟩
    }
    // line 21: schedule OnTimeoutPropose(h_p, round_p) — also when this validator proposes, so
    // that a proposal it could not sign or send still ends in a timeout
    out.add(
        new Action.ScheduleTimeout(height, r, Step.PROPOSE, config.timeouts().of(Step.PROPOSE, r)));
  }

  private void propose(Block value, int polRound) {
    Proposal unsigned =
        Proposal.newBuilder()
            .setHeight(height)
            .setRound(round)
            .setPolRound(polRound)
            .setBlockId(BlockId.newBuilder().setHash(id(value)))
            .setTimestamp(value.getHeader().getTime())
            .setBlock(value)
            .setProposerAddress(ByteString.copyFrom(self.bytes()))
            .setChainId(config.chainId())
            .build();
    if (unsigned.getSerializedSize() > config.maxProposalBytes()) {
      out.add(
          new Action.Dropped(
              "",
              "own proposal of "
                  + unsigned.getSerializedSize()
                  + " bytes exceeds the limit of "
                  + config.maxProposalBytes()));
      return;
    }
    try {
      publishProposal(signer.signProposal(config.chainId(), unsigned));
    } catch (SigningRefusedException e) {
      out.add(new Action.SignRefused(e.getMessage()));
    }
  }

  private void publishProposal(Proposal signed) {
    ConsensusMessage message = ConsensusMessage.newBuilder().setProposal(signed).build();
    own.put(key(signed.getHeight(), signed.getRound(), SignBytes.PROPOSAL), message);
    out.add(new Action.Broadcast(message));
    if (!proposals.containsKey(signed.getRound())) {
      proposals.put(signed.getRound(), signed);
      blocks.put(id(signed.getBlock()), signed.getBlock());
    }
  }

  // ---- inputs ----

  private void onProposal(Proposal p, String peer) {
    if (p.getRound() < 0) {
      drop(peer, "proposal round " + Integer.toUnsignedString(p.getRound()) + " out of range");
      return;
    }
    int size = p.getSerializedSize();
    if (size > config.maxProposalBytes()) {
      drop(
          peer, "proposal of " + size + " bytes exceeds the limit of " + config.maxProposalBytes());
      return;
    }
    if (p.getHeight() == height + 1) {
      if (p.getRound() > MAX_ROUNDS_AHEAD) {
        drop(peer, "proposal for round " + p.getRound() + " of the next height");
        return;
      }
      Optional<String> bad =
          MessageCheck.proposal(config.chainId(), nextValidators.proposer(p.getRound()), p);
      if (bad.isPresent()) {
        drop(peer, bad.get());
      } else {
        buffer(new Event.ProposalReceived(p, peer), peer);
        decideByLastCommit(p.getBlock());
      }
      return;
    }
    if (p.getHeight() > height + 1 && p.getHeight() <= height + FUTURE_HEIGHTS) {
      if (p.getRound() > MAX_ROUNDS_AHEAD) {
        drop(peer, "proposal for round " + p.getRound() + " of a future height");
      } else {
        buffer(new Event.ProposalReceived(p, peer), peer); // checked when its height starts
      }
      return;
    }
    if (p.getHeight() != height) {
      drop(peer, heightReason("proposal", p.getHeight()));
      return;
    }
    if (p.getRound() > (long) round + MAX_ROUNDS_AHEAD) {
      drop(peer, roundReason("proposal", p.getRound()));
      return;
    }
    Optional<String> bad =
        MessageCheck.proposal(config.chainId(), validators.proposer(p.getRound()), p);
    if (bad.isEmpty()) {
      bad =
          MessageCheck.block(
              config.chainId(),
              height,
              validators,
              nextValidators,
              lastCommit,
              p.getBlock(),
              p.getBlockId().getHash());
    }
    if (bad.isEmpty() && !p.getTimestamp().equals(p.getBlock().getHeader().getTime())) {
      bad = Optional.of("proposal timestamp differs from its block's time");
    }
    if (bad.isPresent()) {
      drop(peer, bad.get());
      return;
    }
    Proposal known = proposals.get(p.getRound());
    if (known != null) {
      if (!known.getBlockId().equals(p.getBlockId()) || known.getPolRound() != p.getPolRound()) {
        drop(peer, "second, different proposal of the proposer for round " + p.getRound());
        // An equivocating proposer may have shown the others this block: keep it (one per round)
        // so that +2/3 precommits for it can still decide it here (line 49).
        ByteString hash = p.getBlockId().getHash();
        if (!blocks.containsKey(hash) && alternativeBlocks.add(p.getRound())) {
          blocks.put(hash, p.getBlock());
          evaluate();
        }
      }
      return;
    }
    proposals.put(p.getRound(), p);
    blocks.put(p.getBlockId().getHash(), p.getBlock());
    evaluate();
  }

  private void onVote(Vote v, String peer) {
    if (v.getRound() < 0) {
      drop(peer, "vote round " + Integer.toUnsignedString(v.getRound()) + " out of range");
      return;
    }
    if (v.getHeight() == height + 1) {
      if (v.getRound() > MAX_ROUNDS_AHEAD) {
        drop(peer, "vote for round " + v.getRound() + " of the next height");
        return;
      }
      Optional<String> bad = MessageCheck.vote(config.chainId(), nextValidators, v);
      if (bad.isPresent()) {
        drop(peer, bad.get());
      } else {
        buffer(new Event.VoteReceived(v, peer), peer);
      }
      return;
    }
    if (v.getHeight() > height + 1 && v.getHeight() <= height + FUTURE_HEIGHTS) {
      if (v.getRound() > MAX_ROUNDS_AHEAD) {
        drop(peer, "vote for round " + v.getRound() + " of a future height");
      } else {
        buffer(new Event.VoteReceived(v, peer), peer); // checked when its height starts
      }
      return;
    }
    if (v.getHeight() != height) {
      drop(peer, heightReason("vote", v.getHeight()));
      return;
    }
    if (v.getRound() > (long) round + MAX_ROUNDS_AHEAD) {
      drop(peer, roundReason("vote", v.getRound()));
      return;
    }
    Optional<String> bad = MessageCheck.vote(config.chainId(), validators, v);
    if (bad.isPresent()) {
      drop(peer, bad.get());
      return;
    }
    addVote(v);
    evaluate();
  }

  private void addVote(Vote v) {
    VoteSet.AddResult result = votes.add(v);
    if (result instanceof VoteSet.AddResult.Conflict c) {
      out.add(new Action.Equivocation(c.existing(), v));
    }
  }

  private void onTimeout(long h, int r, Step s) {
    if (h != height) {
      return;
    }
    switch (s) {
      case PROPOSE -> {
        // line 57: OnTimeoutPropose(h, r): if h = h_p ∧ r = round_p ∧ step_p = propose
        if (r == round && step == Step.PROPOSE) {
          vote(Votes.PREVOTE, null); // line 58: broadcast ⟨PREVOTE, h_p, round_p, nil⟩
          step = Step.PREVOTE; // line 59
        }
      }
      case PREVOTE -> {
        // line 61: OnTimeoutPrevote(h, r): if h = h_p ∧ r = round_p ∧ step_p = prevote
        if (r == round && step == Step.PREVOTE) {
          vote(Votes.PRECOMMIT, null); // line 62: broadcast ⟨PRECOMMIT, h_p, round_p, nil⟩
          step = Step.PRECOMMIT; // line 63
        }
      }
      case PRECOMMIT -> {
        // line 65: OnTimeoutPrecommit(h, r): if h = h_p ∧ r = round_p
        if (r == round && decidedRound < 0) {
          startRound(round + 1); // line 66
        }
      }
      case COMMIT -> {
        // line 53 (Lattice): after the commit timeout, StartRound(0) of h_p + 1
        if (committed && r == decidedRound) {
          startHeight(height + 1, nextValidators, afterNextValidators, decisionCommit);
          return;
        }
      }
    }
    evaluate();
  }

  private void onCommitted(Event.Committed c) {
    if (decidedRound < 0 || c.height() != height || committed) {
      out.add(
          new Action.Dropped(
              "", "committed height " + c.height() + " does not match the decision at " + height));
      return;
    }
    committed = true;
    // validator updates of block h apply to h + 2 (spec "Validator set changes")
    afterNextValidators = nextValidators.withUpdates(c.validatorUpdates()).incrementPriority(1);
    // a block decided by a received commit (catch-up) needs no wait for late precommits
    out.add(
        new Action.ScheduleTimeout(
            height,
            decidedRound,
            Step.COMMIT,
            caughtUp ? Duration.ZERO : config.timeouts().of(Step.COMMIT, 0)));
  }

  private void onCommitReceived(Event.CommitReceived c) {
    Block block = c.block();
    if (decidedRound >= 0 || block.getHeader().getHeight() != height) {
      drop(
          c.peer(),
          decidedRound >= 0
              ? "height " + height + " is decided already"
              : heightReason("commit", block.getHeader().getHeight()));
      return;
    }
    if (c.commit().getRound() < 0) {
      drop(
          c.peer(),
          "commit round " + Integer.toUnsignedString(c.commit().getRound()) + " out of range");
      return;
    }
    ByteString hash = id(block);
    Optional<String> bad =
        MessageCheck.block(
            config.chainId(), height, validators, nextValidators, lastCommit, block, hash);
    if (bad.isEmpty()) {
      bad = Commits.verify(config.chainId(), validators, height, hash.toByteArray(), c.commit());
    }
    if (bad.isPresent()) {
      drop(c.peer(), bad.get());
      return;
    }
    decidedRound = c.commit().getRound();
    decisionCommit = c.commit();
    caughtUp = true;
    step = Step.COMMIT;
    out.add(new Action.Decide(height, decidedRound, block, decisionCommit));
  }

  /**
   * Catch-up by the next height's proposal: its block carries the commit of this height. When that
   * commit verifies for a block this node holds, the height is decided as by {@link
   * Event.CommitReceived} (spec "Deviations": line 49 with the precommits gathered by another
   * node).
   */
  private void decideByLastCommit(Block next) {
    if (decidedRound >= 0) {
      return;
    }
    Commit commit = next.getLastCommit();
    ByteString hash = next.getHeader().getLastBlockId().getHash();
    Block block = blocks.get(hash);
    if (block == null
        || commit.getRound() < 0
        || !commit.getBlockId().getHash().equals(hash)
        || Commits.verify(config.chainId(), validators, height, hash.toByteArray(), commit)
            .isPresent()) {
      return;
    }
    decidedRound = commit.getRound();
    decisionCommit = commit;
    caughtUp = true;
    step = Step.COMMIT;
    out.add(new Action.Decide(height, decidedRound, block, decisionCommit));
  }

  private void recover(ConsensusMessage m) {
    switch (m.getMessageCase()) {
      case PROPOSAL -> {
        Proposal p = m.getProposal();
        own.put(key(p.getHeight(), p.getRound(), SignBytes.PROPOSAL), m);
      }
      case VOTE -> {
        Vote v = m.getVote();
        own.put(key(v.getHeight(), v.getRound(), v.getType()), m);
      }
      case EVIDENCE, MESSAGE_NOT_SET ->
          out.add(new Action.Dropped("", "recovered message is not a proposal or vote"));
    }
  }

  // ---- the upon rules ----

  /** Applies the upon rules until none fires (each fires at most once per its trigger). */
  private void evaluate() {
    boolean progress = true;
    while (progress && decidedRound < 0) {
      progress =
          decideRule()
              || roundSkipRule()
              || proposalRule()
              || polkaProposalRule()
              || prevoteQuorumRule()
              || polkaRule()
              || nilPolkaRule()
              || precommitQuorumRule();
    }
  }

  /**
   * Line 49: upon ⟨PROPOSAL, h_p, r, v, ∗⟩ from proposer(h_p, r) AND 2f+1 ⟨PRECOMMIT, h_p, r,
   * id(v)⟩ while decision_p[h_p] = nil: if valid(v) then decide v (lines 50–54).
   */
  private boolean decideRule() {
    for (int r : votes.rounds()) {
      Optional<ByteString> maj = votes.precommits(r).majority();
      if (maj.isEmpty() || maj.get().isEmpty()) {
        continue;
      }
      Block v = blocks.get(maj.get());
      if (v != null && valid(v)) {
        decidedRound = r; // line 51: decision_p[h_p] = v
        step = Step.COMMIT;
        decisionCommit = Commits.build(validators, votes.precommits(r), height, r, maj.get());
        out.add(new Action.Decide(height, r, v, decisionCommit));
        return true;
      }
    }
    return false;
  }

  /** Line 55: upon f+1 ⟨∗, h_p, round, ∗, ∗⟩ with round > round_p: StartRound(round). */
  private boolean roundSkipRule() {
    int target = -1;
    for (int r : votes.rounds()) {
      if (r > round && validators.isOneThird(votes.voterPower(r))) {
        target = r;
      }
    }
    if (target < 0) {
      return false;
    }
    startRound(target); // line 56
    return true;
  }

  /**
   * Line 22: upon ⟨PROPOSAL, h_p, round_p, v, −1⟩ from proposer(h_p, round_p) while step_p =
   * propose.
   */
  private boolean proposalRule() {
    Proposal p = proposals.get(round);
    if (step != Step.PROPOSE || p == null || p.getPolRound() != -1) {
      return false;
    }
    Block v = p.getBlock();
    // line 23: if valid(v) ∧ (lockedRound_p = −1 ∨ lockedValue_p = v)
    if (valid(v) && (lockedRound == -1 || id(lockedValue).equals(id(v)))) {
      vote(Votes.PREVOTE, v); // line 24: broadcast ⟨PREVOTE, h_p, round_p, id(v)⟩
    } else {
      vote(Votes.PREVOTE, null); // line 26: broadcast ⟨PREVOTE, h_p, round_p, nil⟩
    }
    step = Step.PREVOTE; // line 27
    return true;
  }

  /**
   * Line 28: upon ⟨PROPOSAL, h_p, round_p, v, vr⟩ from proposer(h_p, round_p) AND 2f+1 ⟨PREVOTE,
   * h_p, vr, id(v)⟩ while step_p = propose ∧ (vr ≥ 0 ∧ vr < round_p).
   */
  private boolean polkaProposalRule() {
    Proposal p = proposals.get(round);
    if (step != Step.PROPOSE || p == null || p.getPolRound() < 0 || p.getPolRound() >= round) {
      return false;
    }
    int vr = p.getPolRound();
    Block v = p.getBlock();
    if (!votes.prevotes(vr).hasQuorumFor(id(v))) {
      return false;
    }
    // line 29: if valid(v) ∧ (lockedRound_p ≤ vr ∨ lockedValue_p = v)
    if (valid(v) && (lockedRound <= vr || id(lockedValue).equals(id(v)))) {
      vote(Votes.PREVOTE, v); // line 30
    } else {
      vote(Votes.PREVOTE, null); // line 32
    }
    step = Step.PREVOTE; // line 33
    return true;
  }

  /**
   * Line 34: upon 2f+1 ⟨PREVOTE, h_p, round_p, ∗⟩ while step_p = prevote for the first time:
   * schedule OnTimeoutPrevote(h_p, round_p).
   */
  private boolean prevoteQuorumRule() {
    if (step != Step.PREVOTE
        || !votes.prevotes(round).hasQuorumAny()
        || !votes.firstTime("34", round)) {
      return false;
    }
    out.add(
        new Action.ScheduleTimeout(
            height, round, Step.PREVOTE, config.timeouts().of(Step.PREVOTE, round)));
    return true;
  }

  /**
   * Line 36: upon ⟨PROPOSAL, h_p, round_p, v, ∗⟩ from proposer(h_p, round_p) AND 2f+1 ⟨PREVOTE,
   * h_p, round_p, id(v)⟩ while valid(v) ∧ step_p ≥ prevote for the first time.
   */
  private boolean polkaRule() {
    Proposal p = proposals.get(round);
    if (p == null || step == Step.PROPOSE || step == Step.COMMIT) {
      return false;
    }
    Block v = p.getBlock();
    if (!votes.prevotes(round).hasQuorumFor(id(v)) || !valid(v) || !votes.firstTime("36", round)) {
      return false;
    }
    if (step == Step.PREVOTE) { // line 37
      lockedValue = v; // line 38
      lockedRound = round; // line 39
      vote(Votes.PRECOMMIT, v); // line 40: broadcast ⟨PRECOMMIT, h_p, round_p, id(v)⟩
      step = Step.PRECOMMIT; // line 41
    }
    validValue = v; // line 42
    validRound = round; // line 43
    return true;
  }

  /** Line 44: upon 2f+1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote. */
  private boolean nilPolkaRule() {
    if (step != Step.PREVOTE || !votes.prevotes(round).hasQuorumFor(ByteString.EMPTY)) {
      return false;
    }
    vote(Votes.PRECOMMIT, null); // line 45: broadcast ⟨PRECOMMIT, h_p, round_p, nil⟩
    step = Step.PRECOMMIT; // line 46
    return true;
  }

  /**
   * Line 47: upon 2f+1 ⟨PRECOMMIT, h_p, round_p, ∗⟩ for the first time: schedule
   * OnTimeoutPrecommit(h_p, round_p).
   */
  private boolean precommitQuorumRule() {
    if (!votes.precommits(round).hasQuorumAny() || !votes.firstTime("47", round)) {
      return false;
    }
    out.add(
        new Action.ScheduleTimeout(
            height, round, Step.PRECOMMIT, config.timeouts().of(Step.PRECOMMIT, round)));
    return true;
  }

  // ---- helpers ----

  /**
   * Signs and broadcasts this validator's vote of {@code type} at (h_p, round_p) for {@code block}
   * (null = nil), and counts it. A validator outside the set does not vote.
   */
  private void vote(int type, Block block) {
    if (validators.indexOf(self) < 0) {
      return;
    }
    String key = key(height, round, type);
    ConsensusMessage recovered = own.get(key);
    Vote signed;
    if (recovered != null) {
      signed = recovered.getVote();
    } else {
      Vote.Builder b =
          Vote.newBuilder()
              .setType(type)
              .setHeight(height)
              .setRound(round)
              .setValidatorAddress(ByteString.copyFrom(self.bytes()))
              .setChainId(config.chainId());
      if (block == null) {
        b.setBlockId(BlockId.getDefaultInstance());
      } else {
        b.setBlockId(BlockId.newBuilder().setHash(id(block)))
            .setTimestamp(block.getHeader().getTime());
      }
      try {
        signed = signer.signVote(config.chainId(), b.build());
      } catch (SigningRefusedException e) {
        out.add(new Action.SignRefused(e.getMessage()));
        return;
      }
    }
    ConsensusMessage message = ConsensusMessage.newBuilder().setVote(signed).build();
    own.put(key, message);
    out.add(new Action.Broadcast(message));
    addVote(signed);
  }

  /** valid(v): the core's checks passed on receipt; the application decides (cached per hash). */
  private boolean valid(Block v) {
    return validity.computeIfAbsent(id(v), h -> blockValidator.invalidReason(v)).isEmpty();
  }

  private void buffer(Event e, String peer) {
    if (buffered.size() >= config.maxBufferedMessages()) {
      drop(peer, "next-height buffer is full");
      return;
    }
    buffered.add(e);
  }

  private void drop(String peer, String reason) {
    out.add(new Action.Dropped(peer, reason));
  }

  private String heightReason(String what, long h) {
    return (h < height ? "stale height " : "future height ")
        + h
        + " of "
        + what
        + ", current height "
        + height;
  }

  private String roundReason(String what, int r) {
    return what
        + " for round "
        + r
        + " is more than "
        + MAX_ROUNDS_AHEAD
        + " rounds ahead of round "
        + round;
  }

  private static String key(long h, int r, int type) {
    return h + "/" + r + "/" + type;
  }

  static ByteString id(Block block) {
    return ByteString.copyFrom(BlockHashes.header(block.getHeader()));
  }
}
