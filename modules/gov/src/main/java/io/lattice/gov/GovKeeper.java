package io.lattice.gov;

import io.lattice.bank.BankMinter;
import io.lattice.bank.ModuleAccount;
import io.lattice.bank.Permission;
import io.lattice.gov.GovKeys.IdAddress;
import io.lattice.proto.gov.v1.Deposit;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.Params;
import io.lattice.proto.gov.v1.Proposal;
import io.lattice.proto.gov.v1.ProposalStatus;
import io.lattice.proto.gov.v1.TallyResult;
import io.lattice.proto.gov.v1.Vote;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Codecs;
import io.lattice.runtime.state.Item;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.state.StateMap;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.StakingView;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Gov state and its operations: proposals, deposits (held by the gov module account), votes, and
 * the end-block lifecycle (deposit period → voting period → tally → execution). State layout: see
 * the module README. Failures are {@link TxException}s of codespace {@value #NAME}; every operation
 * checks before it writes, and the pipeline discards a failing message's writes anyway.
 */
public final class GovKeeper {
  public static final String NAME = "gov";

  /**
   * The gov module account: holds deposits, may burn them (vetoed or expired proposals), and is the
   * authority of governance-only messages. The chain must register it with the bank.
   */
  public static final ModuleAccount ACCOUNT = new ModuleAccount(NAME, Permission.BURNER);

  /** The address governance-only messages must carry as their authority and signer. */
  public static final String AUTHORITY = ACCOUNT.address();

  public static final int CODE_NO_PROPOSAL = 2;
  public static final int CODE_INACTIVE_PROPOSAL = 3;
  public static final int CODE_INVALID_CONTENT = 4;
  public static final int CODE_BAD_DEPOSIT_DENOM = 5;
  public static final int CODE_INVALID_VOTE = 6;

  public static final int MAX_TITLE = 140;
  public static final int MAX_SUMMARY = 10_000;

  /** The most param changes plus messages one proposal may carry. */
  public static final int MAX_ITEMS = 32;

  private static final Schema SCHEMA = new Schema(NAME);
  private static final Item<Params> params =
      SCHEMA.item(1, "params", Codecs.proto(Params.parser()));
  private static final Item<Long> nextId = SCHEMA.item(2, "next_proposal_id", Codecs.UINT64);
  private static final StateMap<Long, Proposal> proposals =
      SCHEMA.map(3, "proposals", GovKeys.ID, Codecs.proto(Proposal.parser()));
  private static final StateMap<Long, Long> open =
      SCHEMA.map(4, "open_proposals", GovKeys.ID, Codecs.UINT64);
  private static final StateMap<IdAddress, Deposit> deposits =
      SCHEMA.map(5, "deposits", GovKeys.ID_ADDRESS, Codecs.proto(Deposit.parser()));
  private static final StateMap<IdAddress, Vote> votes =
      SCHEMA.map(6, "votes", GovKeys.ID_ADDRESS, Codecs.proto(Vote.parser()));

  private final BankMinter bank;
  private final StakingView staking;
  private final ProposalContent content = new ProposalContent();

  public GovKeeper(BankMinter bank, StakingView staking) {
    this.bank = bank;
    this.staking = staking;
  }

  /**
   * Gives gov the chain's modules (including gov itself), through which it finds {@link
   * Module#setParams} and the message types proposals may carry. Call once, after the module list
   * is built and before the first block.
   */
  public void setModules(List<Module> modules) {
    content.setModules(modules);
  }

  public Schema schema() {
    return SCHEMA;
  }

  // ---- reads ----

  public Params params(KVStore s) {
    return params.getOrDefault(s, GovParams.DEFAULT);
  }

  void setParams(KVStore s, Params p) {
    params.set(s, p);
  }

  public Optional<Proposal> proposal(KVStore s, long id) {
    return proposals.get(s, id);
  }

  /** Every proposal, ascending by id. */
  public List<Proposal> proposals(KVStore s) {
    return proposals.entries(s).stream().map(Map.Entry::getValue).toList();
  }

  /** Ids of proposals in their deposit or voting period, ascending. */
  public List<Long> openIds(KVStore s) {
    return open.entries(s).stream().map(Map.Entry::getKey).toList();
  }

  public List<Deposit> deposits(KVStore s, long id) {
    return deposits.entriesWithKeyPrefix(s, GovKeys.ID.encode(id)).stream()
        .map(Map.Entry::getValue)
        .toList();
  }

  public List<Deposit> allDeposits(KVStore s) {
    return deposits.entries(s).stream().map(Map.Entry::getValue).toList();
  }

  public List<Vote> votes(KVStore s, long id) {
    return votes.entriesWithKeyPrefix(s, GovKeys.ID.encode(id)).stream()
        .map(Map.Entry::getValue)
        .toList();
  }

  public List<Vote> allVotes(KVStore s) {
    return votes.entries(s).stream().map(Map.Entry::getValue).toList();
  }

  /** The id the next proposal gets. */
  public long nextProposalId(KVStore s) {
    return nextId.getOrDefault(s, 1L);
  }

  // ---- genesis writes ----

  void setNextProposalId(KVStore s, long id) {
    nextId.set(s, id);
  }

  void putProposal(KVStore s, Proposal p) {
    proposals.set(s, p.getId(), p);
    switch (p.getStatus()) {
      case PROPOSAL_STATUS_DEPOSIT_PERIOD -> open.set(s, p.getId(), p.getDepositEndTime());
      case PROPOSAL_STATUS_VOTING_PERIOD -> open.set(s, p.getId(), p.getVotingEndTime());
      default -> open.remove(s, p.getId());
    }
  }

  void putDeposit(KVStore s, Deposit d) {
    deposits.set(s, new IdAddress(d.getProposalId(), d.getDepositor()), d);
  }

  void putVote(KVStore s, Vote v) {
    votes.set(s, new IdAddress(v.getProposalId(), v.getVoter()), v);
  }

  // ---- messages ----

  /** Stores a new proposal (after checking its content) and takes the initial deposit. */
  long submit(Context ctx, MsgSubmitProposal m) throws TxException {
    KVStore s = ctx.store();
    content.check(ctx, m.getChangesList(), m.getMessagesList());
    requireDepositDenoms(s, m.getInitialDepositList());
    long id = nextProposalId(s);
    long now = ctx.time().getEpochSecond();
    Params p = params(s);
    Proposal proposal =
        Proposal.newBuilder()
            .setId(id)
            .setProposer(m.getProposer())
            .setTitle(m.getTitle())
            .setSummary(m.getSummary())
            .addAllChanges(m.getChangesList())
            .addAllMessages(m.getMessagesList())
            .setStatus(ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD)
            .setSubmitTime(now)
            .setDepositEndTime(now + p.getMaxDepositPeriodSeconds())
            .build();
    nextId.set(s, id + 1);
    putProposal(s, proposal);
    ctx.emit(
        "submit_proposal",
        "proposal_id",
        Long.toString(id),
        "proposer",
        m.getProposer(),
        "deposit_end_time",
        Long.toString(proposal.getDepositEndTime()));
    if (!m.getInitialDepositList().isEmpty()) {
      addDeposit(ctx, id, m.getProposer(), m.getInitialDepositList());
    }
    return id;
  }

  /**
   * Moves {@code amount} from {@code depositor} to the gov account as a deposit on an open
   * proposal; starts the voting period when the total reaches {@code min_deposit}.
   */
  void addDeposit(Context ctx, long id, String depositor, List<Coin> amount) throws TxException {
    KVStore s = ctx.store();
    Proposal p = requireProposal(s, id);
    if (p.getStatus() != ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD
        && p.getStatus() != ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) {
      throw new TxException(
          NAME,
          CODE_INACTIVE_PROPOSAL,
          "proposal " + id + " does not take deposits (status " + statusText(p.getStatus()) + ")");
    }
    requireDepositDenoms(s, amount);
    bank.send(ctx, depositor, AUTHORITY, amount);
    IdAddress key = new IdAddress(id, depositor);
    Deposit had =
        deposits
            .get(s, key)
            .orElse(Deposit.newBuilder().setProposalId(id).setDepositor(depositor).build());
    deposits.set(
        s,
        key,
        had.toBuilder().clearAmount().addAllAmount(add(had.getAmountList(), amount)).build());
    Proposal.Builder b =
        p.toBuilder().clearTotalDeposit().addAllTotalDeposit(add(p.getTotalDepositList(), amount));
    ctx.emit(
        "proposal_deposit",
        "proposal_id",
        Long.toString(id),
        "depositor",
        depositor,
        "amount",
        Coins.format(amount));
    if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD
        && covers(b.getTotalDepositList(), params(s).getMinDepositList())) {
      long now = ctx.time().getEpochSecond();
      b.setStatus(ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD)
          .setVotingStartTime(now)
          .setVotingEndTime(now + params(s).getVotingPeriodSeconds());
      ctx.emit(
          "proposal_voting_started",
          "proposal_id",
          Long.toString(id),
          "voting_end_time",
          Long.toString(b.getVotingEndTime()));
    }
    putProposal(s, b.build());
  }

  /** Records (or replaces) a vote on a proposal in its voting period. */
  void vote(Context ctx, long id, String voter, VoteOption option) throws TxException {
    KVStore s = ctx.store();
    Proposal p = requireProposal(s, id);
    if (p.getStatus() != ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) {
      throw new TxException(
          NAME,
          CODE_INACTIVE_PROPOSAL,
          "proposal "
              + id
              + " is not in its voting period (status "
              + statusText(p.getStatus())
              + ")");
    }
    putVote(s, Vote.newBuilder().setProposalId(id).setVoter(voter).setOption(option).build());
    ctx.emit(
        "proposal_vote", "proposal_id", Long.toString(id), "voter", voter, "option", option.name());
  }

  private static Proposal requireProposal(KVStore s, long id) throws TxException {
    return proposals
        .get(s, id)
        .orElseThrow(() -> new TxException(NAME, CODE_NO_PROPOSAL, "no proposal " + id));
  }

  /** Deposits may only be in the denoms of {@code min_deposit}. */
  private void requireDepositDenoms(KVStore s, List<Coin> amount) throws TxException {
    List<Coin> min = params(s).getMinDepositList();
    for (Coin c : amount) {
      if (min.stream().noneMatch(m -> m.getDenom().equals(c.getDenom()))) {
        throw new TxException(
            NAME,
            CODE_BAD_DEPOSIT_DENOM,
            "deposit denom "
                + c.getDenom()
                + " is not accepted; min_deposit is "
                + Coins.format(min));
      }
    }
  }

  // ---- end block ----

  /**
   * Drops proposals whose deposit period ended without reaching {@code min_deposit} (deposits
   * burned) and tallies those whose voting period ended, in id order.
   */
  void endBlock(Context ctx) {
    KVStore s = ctx.store();
    long now = ctx.time().getEpochSecond();
    for (Map.Entry<Long, Long> e : open.entries(s)) {
      if (e.getValue() > now) {
        continue;
      }
      Proposal p = proposals.get(s, e.getKey()).orElseThrow();
      if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD) {
        burnDeposits(ctx, p.getId());
        proposals.remove(s, p.getId());
        open.remove(s, p.getId());
        ctx.emit(
            "proposal_dropped",
            "proposal_id",
            Long.toString(p.getId()),
            "reason",
            "deposit period ended below min_deposit");
      } else {
        finishVoting(ctx, p);
      }
    }
  }

  private void finishVoting(Context ctx, Proposal p) {
    KVStore s = ctx.store();
    Params params = params(s);
    TallyResult tally = Tally.of(s, staking, votes(s, p.getId()));
    Tally.Outcome outcome = Tally.decide(tally, params);
    Proposal.Builder b = p.toBuilder().setFinalTally(tally).setResultReason(outcome.reason());
    if (outcome.vetoed()) {
      burnDeposits(ctx, p.getId());
      b.setStatus(ProposalStatus.PROPOSAL_STATUS_REJECTED).setDepositsBurned(true);
    } else {
      refundDeposits(ctx, p.getId());
      if (!outcome.passed()) {
        b.setStatus(ProposalStatus.PROPOSAL_STATUS_REJECTED);
      } else {
        Optional<String> failure =
            content.execute(
                ctx, p.getChangesList(), p.getMessagesList(), after -> govAccountChanged(s, after));
        if (failure.isPresent()) {
          b.setStatus(ProposalStatus.PROPOSAL_STATUS_FAILED)
              .setResultReason("execution failed: " + failure.get());
        } else {
          b.setStatus(ProposalStatus.PROPOSAL_STATUS_PASSED);
        }
      }
    }
    for (Vote v : votes(s, p.getId())) {
      votes.remove(s, new IdAddress(v.getProposalId(), v.getVoter()));
    }
    putProposal(s, b.build());
    ctx.emit(
        "proposal_finished",
        "proposal_id",
        Long.toString(p.getId()),
        "status",
        statusText(b.getStatus()),
        "reason",
        b.getResultReason());
  }

  /** Refuses an execution that changed the gov account's balances (they are the deposits). */
  private Optional<String> govAccountChanged(KVStore before, KVStore after) {
    List<Coin> had = bank.balances(before, AUTHORITY);
    List<Coin> has = bank.balances(after, AUTHORITY);
    return had.equals(has)
        ? Optional.empty()
        : Optional.of(
            "the gov account holds the deposits and must not change ("
                + Coins.format(had)
                + " -> "
                + Coins.format(has)
                + ")");
  }

  private void refundDeposits(Context ctx, long id) {
    for (Deposit d : deposits(ctx.store(), id)) {
      try {
        bank.send(ctx, AUTHORITY, d.getDepositor(), d.getAmountList());
      } catch (TxException e) {
        throw new IllegalStateException("gov account cannot refund deposits: " + e.reason(), e);
      }
      deposits.remove(ctx.store(), new IdAddress(id, d.getDepositor()));
    }
  }

  private void burnDeposits(Context ctx, long id) {
    List<Coin> total = List.of();
    for (Deposit d : deposits(ctx.store(), id)) {
      total = add(total, d.getAmountList());
      deposits.remove(ctx.store(), new IdAddress(id, d.getDepositor()));
    }
    if (!total.isEmpty()) {
      try {
        bank.burn(ctx, NAME, total);
      } catch (TxException e) {
        throw new IllegalStateException(
            "gov cannot burn deposits (is GovKeeper.ACCOUNT registered with the bank?): "
                + e.reason(),
            e);
      }
    }
  }

  // ---- coins ----

  /** The sum of two validated coin lists, sorted by denom. */
  static List<Coin> add(List<Coin> a, List<Coin> b) {
    SortedMap<String, BigInteger> sum = new TreeMap<>();
    for (Coin c : a) {
      sum.merge(c.getDenom(), new BigInteger(c.getAmount()), BigInteger::add);
    }
    for (Coin c : b) {
      sum.merge(c.getDenom(), new BigInteger(c.getAmount()), BigInteger::add);
    }
    return sum.entrySet().stream()
        .filter(e -> e.getValue().signum() > 0)
        .map(e -> Coins.coin(e.getKey(), e.getValue()))
        .toList();
  }

  /** Whether {@code have} holds at least every amount of {@code need}. */
  static boolean covers(List<Coin> have, List<Coin> need) {
    for (Coin c : need) {
      if (Coins.amountOf(have, c.getDenom()).compareTo(new BigInteger(c.getAmount())) < 0) {
        return false;
      }
    }
    return true;
  }

  /** "voting_period" for PROPOSAL_STATUS_VOTING_PERIOD. */
  static String statusText(ProposalStatus status) {
    return status.name().replace("PROPOSAL_STATUS_", "").toLowerCase(java.util.Locale.ROOT);
  }
}
