package io.lattice.gov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.bank.BankView;
import io.lattice.proto.gov.v1.Deposit;
import io.lattice.proto.gov.v1.MsgDeposit;
import io.lattice.proto.gov.v1.MsgSubmitProposal;
import io.lattice.proto.gov.v1.MsgVote;
import io.lattice.proto.gov.v1.ParamChange;
import io.lattice.proto.gov.v1.Params;
import io.lattice.proto.gov.v1.Proposal;
import io.lattice.proto.gov.v1.ProposalStatus;
import io.lattice.proto.gov.v1.Vote;
import io.lattice.proto.gov.v1.VoteOption;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.GenesisJson;
import io.lattice.runtime.module.Invariant;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.QueryRoute;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.state.Schema;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Addresses;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import io.lattice.staking.ProtoJson;
import io.lattice.staking.StakingView;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** The gov module: messages, end-block lifecycle, genesis, queries, params and invariants. */
public final class GovModule implements Module {
  static final String TYPE_URL_PREFIX = "/lattice.gov.v1.";
  public static final String MSG_SUBMIT_PROPOSAL = TYPE_URL_PREFIX + "MsgSubmitProposal";
  public static final String MSG_DEPOSIT = TYPE_URL_PREFIX + "MsgDeposit";
  public static final String MSG_VOTE = TYPE_URL_PREFIX + "MsgVote";

  private static final Set<String> GENESIS_FIELDS =
      Set.of("params", "starting_proposal_id", "proposals", "deposits", "votes");

  private final GovKeeper keeper;
  private final BankView bank;
  private final StakingView staking;

  public GovModule(GovKeeper keeper, BankView bank, StakingView staking) {
    this.keeper = keeper;
    this.bank = bank;
    this.staking = staking;
  }

  public GovKeeper keeper() {
    return keeper;
  }

  @Override
  public Schema schema() {
    return keeper.schema();
  }

  @Override
  public List<MsgType<?>> messages() {
    return List.of(
        new MsgType<>(
            MSG_SUBMIT_PROPOSAL,
            MsgSubmitProposal.class,
            MsgSubmitProposal.parser(),
            m -> List.of(m.getProposer()),
            GovModule::checkSubmit,
            (ctx, m) -> keeper.submit(ctx, m)),
        new MsgType<>(
            MSG_DEPOSIT,
            MsgDeposit.class,
            MsgDeposit.parser(),
            m -> List.of(m.getDepositor()),
            m -> {
              Addresses.check(m.getDepositor(), "depositor");
              requireId(m.getProposalId());
              Coins.validate(m.getAmountList(), "amount", false);
            },
            (ctx, m) ->
                keeper.addDeposit(ctx, m.getProposalId(), m.getDepositor(), m.getAmountList())),
        new MsgType<>(
            MSG_VOTE,
            MsgVote.class,
            MsgVote.parser(),
            m -> List.of(m.getVoter()),
            m -> {
              Addresses.check(m.getVoter(), "voter");
              requireId(m.getProposalId());
              if (m.getOption() == VoteOption.VOTE_OPTION_UNSPECIFIED
                  || m.getOption() == VoteOption.UNRECOGNIZED) {
                throw new TxException(
                    GovKeeper.NAME,
                    GovKeeper.CODE_INVALID_VOTE,
                    "option must be YES, ABSTAIN, NO or NO_WITH_VETO");
              }
            },
            (ctx, m) -> keeper.vote(ctx, m.getProposalId(), m.getVoter(), m.getOption())));
  }

  private static void requireId(long id) throws TxException {
    if (id <= 0) {
      throw Codes.error(Codes.INVALID_REQUEST, "proposal_id must be positive");
    }
  }

  static void checkSubmit(MsgSubmitProposal m) throws TxException {
    Addresses.check(m.getProposer(), "proposer");
    if (m.getTitle().isBlank() || m.getTitle().length() > GovKeeper.MAX_TITLE) {
      throw invalid("title must be 1.." + GovKeeper.MAX_TITLE + " characters");
    }
    if (m.getSummary().length() > GovKeeper.MAX_SUMMARY) {
      throw invalid("summary must be at most " + GovKeeper.MAX_SUMMARY + " characters");
    }
    if (m.getChangesCount() + m.getMessagesCount() > GovKeeper.MAX_ITEMS) {
      throw invalid("at most " + GovKeeper.MAX_ITEMS + " changes and messages per proposal");
    }
    for (int i = 0; i < m.getChangesCount(); i++) {
      ParamChange c = m.getChanges(i);
      if (c.getModule().isEmpty()) {
        throw invalid("changes[" + i + "].module is empty");
      }
      if (c.getParamsJson().isBlank()) {
        throw invalid("changes[" + i + "].params_json is empty");
      }
    }
    Coins.validate(m.getInitialDepositList(), "initial_deposit", true);
  }

  private static TxException invalid(String reason) {
    return new TxException(GovKeeper.NAME, GovKeeper.CODE_INVALID_CONTENT, reason);
  }

  // ---- blocks ----

  @Override
  public void endBlock(Context ctx) {
    keeper.endBlock(ctx);
  }

  // ---- params ----

  @Override
  public JsonNode params(KVStore state) {
    return ProtoJson.write(keeper.params(state));
  }

  /**
   * Replaces gov's params (absent fields are zero, as {@link #params} omits zero values). New
   * periods and thresholds apply to periods that start, and tallies that happen, from then on.
   */
  @Override
  public void setParams(Context ctx, JsonNode json) {
    Params p = GovParams.read(json);
    keeper.setParams(ctx.store(), p);
    ctx.emit("params_changed", "module", name(), "params", ProtoJson.write(p).toString());
  }

  // ---- genesis ----

  @Override
  public void initGenesis(Context ctx, JsonNode genesis) {
    GenesisJson.requireObject(genesis, "gov", GENESIS_FIELDS);
    KVStore s = ctx.store();
    Params params =
        genesis.has("params") ? GovParams.read(genesis.get("params")) : GovParams.DEFAULT;
    keeper.setParams(s, params);
    long next = GenesisJson.uint64(genesis, "starting_proposal_id", "gov", 1);
    if (next < 1) {
      throw new IllegalArgumentException("gov.starting_proposal_id must be >= 1");
    }
    SortedMap<Long, Proposal> byId = new TreeMap<>();
    int i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "proposals", "gov")) {
      String path = "gov.proposals[" + i++ + "]";
      Proposal p = ProtoJson.read(n, Proposal.newBuilder(), path).build();
      if (p.getId() < 1 || p.getId() >= next) {
        throw new IllegalArgumentException(
            path + ".id must be in 1.." + (next - 1) + " (below starting_proposal_id)");
      }
      if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED) {
        throw new IllegalArgumentException(path + ".status is required");
      }
      if (byId.put(p.getId(), p) != null) {
        throw new IllegalArgumentException(path + ": duplicate proposal id " + p.getId());
      }
    }
    SortedMap<Long, List<Coin>> deposited = new TreeMap<>();
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "deposits", "gov")) {
      String path = "gov.deposits[" + i++ + "]";
      Deposit d = ProtoJson.read(n, Deposit.newBuilder(), path).build();
      Proposal p = byId.get(d.getProposalId());
      if (p == null || !isOpen(p.getStatus())) {
        throw new IllegalArgumentException(
            path + ": proposal " + d.getProposalId() + " is not an open proposal");
      }
      try {
        Addresses.check(d.getDepositor(), path + ".depositor");
        Coins.validate(d.getAmountList(), path + ".amount", false);
      } catch (TxException e) {
        throw new IllegalArgumentException(e.reason(), e);
      }
      deposited.merge(d.getProposalId(), d.getAmountList(), GovKeeper::add);
      keeper.putDeposit(s, d);
    }
    for (Proposal p : byId.values()) {
      List<Coin> sum = deposited.getOrDefault(p.getId(), List.of());
      if (isOpen(p.getStatus()) && !sum.equals(p.getTotalDepositList())) {
        throw new IllegalArgumentException(
            "gov.proposals: proposal "
                + p.getId()
                + " total_deposit "
                + Coins.format(p.getTotalDepositList())
                + " differs from its deposits "
                + Coins.format(sum));
      }
      keeper.putProposal(s, p);
    }
    i = 0;
    for (JsonNode n : ProtoJson.elements(genesis, "votes", "gov")) {
      String path = "gov.votes[" + i++ + "]";
      Vote v = ProtoJson.read(n, Vote.newBuilder(), path).build();
      Proposal p = byId.get(v.getProposalId());
      if (p == null || p.getStatus() != ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD) {
        throw new IllegalArgumentException(
            path + ": proposal " + v.getProposalId() + " is not in its voting period");
      }
      if (v.getOption() == VoteOption.VOTE_OPTION_UNSPECIFIED) {
        throw new IllegalArgumentException(path + ".option is required");
      }
      keeper.putVote(s, v);
    }
    keeper.setNextProposalId(s, next);
  }

  static boolean isOpen(ProposalStatus status) {
    return status == ProposalStatus.PROPOSAL_STATUS_DEPOSIT_PERIOD
        || status == ProposalStatus.PROPOSAL_STATUS_VOTING_PERIOD;
  }

  @Override
  public JsonNode exportGenesis(Context ctx) {
    KVStore s = ctx.store();
    ObjectNode out = ProtoJson.genesisWithParams(keeper.params(s));
    out.put("starting_proposal_id", GenesisJson.uint64Text(keeper.nextProposalId(s)));
    ArrayNode ps = out.putArray("proposals");
    keeper.proposals(s).forEach(p -> ps.add(ProtoJson.write(p)));
    ArrayNode ds = out.putArray("deposits");
    keeper.allDeposits(s).forEach(d -> ds.add(ProtoJson.write(d)));
    ArrayNode vs = out.putArray("votes");
    keeper.allVotes(s).forEach(v -> vs.add(ProtoJson.write(v)));
    return out;
  }

  @Override
  public JsonNode defaultGenesis() {
    return ProtoJson.genesisWithParams(GovParams.DEFAULT);
  }

  // ---- invariants ----

  @Override
  public List<Invariant> invariants() {
    return List.of(
        new Invariant("deposits", this::depositsInvariant),
        new Invariant(
            "open-index",
            s -> {
              List<Long> want =
                  keeper.proposals(s).stream()
                      .filter(p -> isOpen(p.getStatus()))
                      .map(Proposal::getId)
                      .toList();
              List<Long> have = keeper.openIds(s);
              return want.equals(have)
                  ? Optional.empty()
                  : Optional.of("open proposals " + want + " but open index " + have);
            }));
  }

  /**
   * The gov account holds exactly the deposits of open proposals, and each open proposal's
   * total_deposit is the sum of its deposits.
   */
  private Optional<String> depositsInvariant(KVStore s) {
    List<Coin> sum = List.of();
    for (Long id : keeper.openIds(s)) {
      List<Coin> mine = List.of();
      for (Deposit d : keeper.deposits(s, id)) {
        mine = GovKeeper.add(mine, d.getAmountList());
      }
      Proposal p = keeper.proposal(s, id).orElseThrow();
      if (!mine.equals(p.getTotalDepositList())) {
        return Optional.of(
            "proposal "
                + id
                + " total_deposit "
                + Coins.format(p.getTotalDepositList())
                + " but deposits sum to "
                + Coins.format(mine));
      }
      sum = GovKeeper.add(sum, mine);
    }
    List<Coin> all = List.of();
    for (Deposit d : keeper.allDeposits(s)) {
      all = GovKeeper.add(all, d.getAmountList());
    }
    if (!all.equals(sum)) {
      return Optional.of(
          "deposits of closed proposals remain: all "
              + Coins.format(all)
              + ", open "
              + Coins.format(sum));
    }
    List<Coin> held = bank.balances(s, GovKeeper.AUTHORITY);
    return held.equals(sum)
        ? Optional.empty()
        : Optional.of(
            "gov account holds "
                + Coins.format(held)
                + " but open deposits sum to "
                + Coins.format(sum));
  }

  // ---- queries ----

  @Override
  public List<QueryRoute> queries() {
    return List.of(
        new QueryRoute(
            "proposals",
            (s, req) -> {
              Optional<ProposalStatus> status =
                  req.hasNonNull("status")
                      ? Optional.of(parseStatus(req.get("status").asText()))
                      : Optional.empty();
              ArrayNode arr = GenesisJson.array();
              for (Proposal p : keeper.proposals(s)) {
                if (status.isEmpty() || status.get() == p.getStatus()) {
                  arr.add(ProtoJson.write(p));
                }
              }
              return arr;
            }),
        new QueryRoute("proposal", (s, req) -> ProtoJson.write(requireProposal(s, req))),
        new QueryRoute(
            "votes",
            (s, req) -> {
              Proposal p = requireProposal(s, req);
              ArrayNode arr = GenesisJson.array();
              keeper.votes(s, p.getId()).forEach(v -> arr.add(ProtoJson.write(v)));
              return arr;
            }),
        new QueryRoute(
            "deposits",
            (s, req) -> {
              Proposal p = requireProposal(s, req);
              ArrayNode arr = GenesisJson.array();
              keeper.deposits(s, p.getId()).forEach(d -> arr.add(ProtoJson.write(d)));
              return arr;
            }),
        new QueryRoute(
            "tally",
            (s, req) -> {
              Proposal p = requireProposal(s, req);
              if (p.hasFinalTally()) {
                return ProtoJson.write(p.getFinalTally());
              }
              return ProtoJson.write(Tally.of(s, staking, keeper.votes(s, p.getId())));
            }),
        new QueryRoute("params", (s, req) -> params(s)));
  }

  private Proposal requireProposal(KVStore s, JsonNode req) {
    long id = GenesisJson.uint64(req, "id", "request", 0);
    return keeper
        .proposal(s, id)
        .orElseThrow(() -> new IllegalArgumentException("no proposal " + id));
  }

  /** A status by enum name or short form ("voting_period"), case-insensitive. */
  static ProposalStatus parseStatus(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    String name = upper.startsWith("PROPOSAL_STATUS_") ? upper : "PROPOSAL_STATUS_" + upper;
    for (ProposalStatus st : ProposalStatus.values()) {
      if (st != ProposalStatus.UNRECOGNIZED
          && st != ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED
          && st.name().equals(name)) {
        return st;
      }
    }
    throw new IllegalArgumentException(
        "unknown status '"
            + text
            + "' (deposit_period, voting_period, passed, rejected or failed)");
  }
}
