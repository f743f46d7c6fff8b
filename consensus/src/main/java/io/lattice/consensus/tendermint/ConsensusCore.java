package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.BlockPart;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.Commit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

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
 * Event.Start}; from then on proposals, block parts, votes and timeouts; after an {@link
 * Action.Decide} the shell answers {@link Event.Committed}, the core schedules the commit timeout
 * and on it starts the next height by itself. Not thread-safe: one thread calls {@link #handle}.
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

  /** Messages this validator signed: never signed twice. */
  private final OwnMessages own = new OwnMessages();

  /** Part sets of the current and the next height, filling as parts arrive. */
  private final BlockParts parts;

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
  private final Map<Integer, Proposal> alternatives = new TreeMap<>();
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
    this.parts = new BlockParts(config.maxParts());
  }

  /** Processes {@code event} and returns what the shell must do, in order. */
  public List<Action> handle(Event event) {
    out = new ArrayList<>();
    switch (event) {
      case Event.OwnMessageRecovered r ->
          own.recover(r.message()).ifPresent(reason -> drop("", reason));
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
      case Event.BlockPartReceived b -> {
        if (ready(b.peer())) {
          onBlockPart(b.part(), b.peer());
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

  /** The height being decided. */
  public long height() {
    return height;
  }

  /** The round of {@link #height} in progress. */
  public int round() {
    return round;
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
    alternatives.clear();
    parts.prune(h);
    validity.clear();
    decidedRound = -1;
    decisionCommit = null;
    committed = false;
    caughtUp = false;
    own.prune(h);
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
    Optional<ConsensusMessage> recovered = own.get(height, r, SignBytes.PROPOSAL);
    if (recovered.isPresent()) {
      // replay: what was proposed before a crash, with its logged parts
      Proposal p = recovered.get().getProposal();
      publishProposal(p, own.parts(height, r, p.getPartSetHeader()));
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
    BlockPartSet set = BlockPartSet.of(height, round, value);
    if (set.header().getTotal() > config.maxParts()) {
      out.add(
          new Action.Dropped(
              "",
              "own block of "
                  + value.getSerializedSize()
                  + " bytes needs "
                  + set.header().getTotal()
                  + " parts, more than the limit of "
                  + config.maxParts()));
      return;
    }
    Proposal unsigned =
        Proposal.newBuilder()
            .setHeight(height)
            .setRound(round)
            .setPolRound(polRound)
            .setBlockId(BlockId.newBuilder().setHash(id(value)))
            .setTimestamp(value.getHeader().getTime())
            .setPartSetHeader(set.header())
            .setProposerAddress(ByteString.copyFrom(self.bytes()))
            .setChainId(config.chainId())
            .build();
    try {
      publishProposal(signer.signProposal(config.chainId(), unsigned), set.parts());
    } catch (SigningRefusedException e) {
      out.add(new Action.SignRefused(e.getMessage()));
    }
  }

  /**
   * Broadcasts the parts of an own proposal, then the proposal: the shell logs the parts without
   * and the proposal with fsync, so a logged proposal always has its parts in the WAL.
   */
  private void publishProposal(Proposal signed, List<BlockPart> blockParts) {
    own.putParts(signed.getHeight(), signed.getRound(), blockParts);
    for (BlockPart part : blockParts) {
      out.add(new Action.Broadcast(ConsensusMessage.newBuilder().setBlockPart(part).build()));
    }
    ConsensusMessage message = ConsensusMessage.newBuilder().setProposal(signed).build();
    own.put(signed.getHeight(), signed.getRound(), SignBytes.PROPOSAL, message);
    out.add(new Action.Broadcast(message));
    if (!proposals.containsKey(signed.getRound())) {
      proposals.put(signed.getRound(), signed);
      expectParts(signed);
      for (BlockPart part : blockParts) {
        settle(parts.add(part, ""));
      }
    }
  }

  // ---- inputs ----

  private void onProposal(Proposal p, String peer) {
    if (p.getRound() < 0) {
      drop(peer, "proposal round " + Integer.toUnsignedString(p.getRound()) + " out of range");
      return;
    }
    if (ahead(
        "proposal",
        p.getHeight(),
        p.getRound(),
        new Event.ProposalReceived(p, peer),
        () ->
            MessageCheck.proposal(
                config.chainId(), config.maxParts(), nextValidators.proposer(p.getRound()), p),
        peer,
        // its block, once assembled, may carry the commit of this height (decideByLastCommit)
        () -> expectParts(p))) {
      return;
    }
    if (p.getRound() > (long) round + MAX_ROUNDS_AHEAD) {
      drop(peer, roundReason("proposal", p.getRound()));
      return;
    }
    Optional<String> bad =
        MessageCheck.proposal(
            config.chainId(), config.maxParts(), validators.proposer(p.getRound()), p);
    if (bad.isPresent()) {
      drop(peer, bad.get());
      return;
    }
    Proposal known = proposals.get(p.getRound());
    if (known != null) {
      if (!known.getBlockId().equals(p.getBlockId())
          || known.getPolRound() != p.getPolRound()
          || !known.getPartSetHeader().equals(p.getPartSetHeader())) {
        drop(peer, "second, different proposal of the proposer for round " + p.getRound());
        // An equivocating proposer may have shown the others this block: collect its parts too
        // (one alternative per round) so that +2/3 precommits for it can still decide it here
        // (line 49).
        if (alternatives.putIfAbsent(p.getRound(), p) == null) {
          expectParts(p);
          evaluate();
        }
      }
      return;
    }
    proposals.put(p.getRound(), p);
    expectParts(p);
    evaluate();
  }

  private void onBlockPart(BlockPart part, String peer) {
    long h = part.getHeight();
    if (part.getRound() < 0) {
      drop(peer, "block part round " + Integer.toUnsignedString(part.getRound()) + " out of range");
      return;
    }
    if (h != height && h != height + 1) {
      drop(peer, heightReason("block part", h));
      return;
    }
    if (part.getRound() > (h == height ? (long) round : 0L) + MAX_ROUNDS_AHEAD) {
      drop(peer, roundReason("block part", part.getRound()));
      return;
    }
    settle(parts.add(part, peer));
    if (h == height) {
      evaluate();
    }
  }

  /**
   * Acts on what adding parts or a part-set header caused: drops, and blocks whose parts are all
   * in. A block of this height is checked (spec "Block validity", part 1) and kept as its
   * proposal's value; one of the next height is used to decide this one by its last commit.
   */
  private void settle(List<BlockParts.Outcome> outcomes) {
    for (BlockParts.Outcome o : outcomes) {
      switch (o) {
        case BlockParts.Outcome.Drop d -> drop(d.peer(), d.reason());
        case BlockParts.Outcome.Invalid i -> drop("", i.reason());
        case BlockParts.Outcome.Complete c when c.height() == height -> {
          Optional<String> bad = checkBlock(c.round(), c.blockId(), c.block());
          if (bad.isPresent()) {
            drop("", bad.get());
          } else {
            blocks.putIfAbsent(c.blockId(), c.block());
            // a block of the next height that came first may carry this block's commit
            parts.complete(height + 1).forEach(this::decideByLastCommit);
          }
        }
        case BlockParts.Outcome.Complete c when c.height() == height + 1 ->
            decideByLastCommit(c.block());
        case BlockParts.Outcome.Complete c -> {} // a height left meanwhile
      }
    }
  }

  /** The checks of a received block, before the application's (spec "Block validity"). */
  private Optional<String> checkBlock(int r, ByteString blockId, Block block) {
    Optional<String> bad =
        MessageCheck.block(
            config.chainId(), height, validators, nextValidators, lastCommit, block, blockId);
    if (bad.isPresent()) {
      return bad;
    }
    for (Map<Integer, Proposal> m : List.of(proposals, alternatives)) {
      Proposal p = m.get(r);
      if (p != null
          && p.getBlockId().getHash().equals(blockId)
          && !p.getTimestamp().equals(block.getHeader().getTime())) {
        return Optional.of("proposal timestamp differs from its block's time");
      }
    }
    return Optional.empty();
  }

  private void onVote(Vote v, String peer) {
    if (v.getRound() < 0) {
      drop(peer, "vote round " + Integer.toUnsignedString(v.getRound()) + " out of range");
      return;
    }
    if (ahead(
        "vote",
        v.getHeight(),
        v.getRound(),
        new Event.VoteReceived(v, peer),
        () -> MessageCheck.vote(config.chainId(), nextValidators, v),
        peer,
        () -> {})) {
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

  /**
   * Handles a proposal or vote of another height than h_p (returns false for one of h_p): those of
   * h_p + 1 are verified against the next validator set ({@code nextCheck}) and kept ({@code
   * whenKept} runs), those up to h_p + {@link #FUTURE_HEIGHTS} kept unverified (checked when their
   * height starts), others dropped.
   */
  private boolean ahead(
      String what,
      long h,
      int r,
      Event e,
      Supplier<Optional<String>> nextCheck,
      String peer,
      Runnable whenKept) {
    if (h == height) {
      return false;
    }
    String which = h == height + 1 ? " of the next height" : " of a future height";
    if (h < height || h > height + FUTURE_HEIGHTS) {
      drop(peer, heightReason(what, h));
    } else if (r > MAX_ROUNDS_AHEAD) {
      drop(peer, what + " for round " + r + which);
    } else {
      Optional<String> bad = h == height + 1 ? nextCheck.get() : Optional.empty();
      if (bad.isPresent()) {
        drop(peer, bad.get());
      } else if (buffer(e, peer) && h == height + 1) {
        whenKept.run();
      }
    }
    return true;
  }

  private void expectParts(Proposal p) {
    settle(
        parts.expect(p.getHeight(), p.getRound(), p.getPartSetHeader(), p.getBlockId().getHash()));
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
    catchUp(c.commit(), block);
  }

  private void catchUp(Commit commit, Block block) {
    decidedRound = commit.getRound();
    decisionCommit = commit;
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
    catchUp(commit, block);
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
    Block v = blocks.get(p.getBlockId().getHash());
    if (v == null) {
      return false; // its parts are not all in yet
    }
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
    Block v = blocks.get(p.getBlockId().getHash());
    if (v == null || !votes.prevotes(vr).hasQuorumFor(id(v))) {
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
    Block v = blocks.get(p.getBlockId().getHash());
    if (v == null
        || !votes.prevotes(round).hasQuorumFor(id(v))
        || !valid(v)
        || !votes.firstTime("36", round)) {
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
    Optional<ConsensusMessage> recovered = own.get(height, round, type);
    Vote signed;
    if (recovered.isPresent()) {
      signed = recovered.get().getVote();
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
    own.put(height, round, type, message);
    out.add(new Action.Broadcast(message));
    addVote(signed);
  }

  /** valid(v): the core's checks passed on receipt; the application decides (cached per hash). */
  private boolean valid(Block v) {
    return validity.computeIfAbsent(id(v), h -> blockValidator.invalidReason(v)).isEmpty();
  }

  private boolean buffer(Event e, String peer) {
    if (buffered.size() >= config.maxBufferedMessages()) {
      drop(peer, "next-height buffer is full");
      return false;
    }
    buffered.add(e);
    return true;
  }

  private void drop(String peer, String reason) {
    out.add(new Action.Dropped(peer, reason));
  }

  private String heightReason(String what, long h) {
    return MessageCheck.heightReason(what, h, height);
  }

  private String roundReason(String what, int r) {
    return MessageCheck.roundReason(what, r, round, MAX_ROUNDS_AHEAD);
  }

  static ByteString id(Block block) {
    return ByteString.copyFrom(BlockHashes.header(block.getHeader()));
  }
}
