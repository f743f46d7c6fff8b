package io.lattice.xchain;

import com.google.protobuf.ByteString;
import io.lattice.bank.ModuleAccount;
import io.lattice.common.Hex;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.light.LightOptions;
import io.lattice.consensus.light.LightVerification;
import io.lattice.consensus.light.LightVerifier;
import io.lattice.consensus.light.TrustLevel;
import io.lattice.proto.consensus.v1.LightBlock;
import io.lattice.proto.consensus.v1.SignedHeader;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.ValidatorSet;
import io.lattice.proto.xchain.v1.ClientState;
import io.lattice.proto.xchain.v1.ConsensusState;
import io.lattice.proto.xchain.v1.MisbehaviourHeader;
import io.lattice.proto.xchain.v1.MsgRecoverClient;
import io.lattice.proto.xchain.v1.MsgSubmitMisbehaviour;
import io.lattice.proto.xchain.v1.MsgUpdateClient;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.KVStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The light client of the counterparty chain (docs/spec/xchain.md §2): client state, one consensus
 * state per verified height, header verification with the consensus module's {@link LightVerifier},
 * and freezing on misbehaviour.
 */
public final class LightClientKeeper {
  /** Gas per commit signature a header carries (auth's default ed25519 verification cost). */
  public static final long SIGNATURE_GAS = 1000;

  /**
   * Consensus states kept; adding one more drops the lowest height. Relayers prove against recent
   * heights and update from the latest, so old roots are never needed; the bound keeps each
   * update's neighbour check small.
   */
  public static final int MAX_CONSENSUS_STATES = 100;

  /** Most validators (and commit signatures) a header may carry (xchain.md §4.4). */
  public static final int MAX_VALIDATORS = 300;

  private final XchainKeys keys;
  private final ParamsKeeper params;

  LightClientKeeper(XchainKeys keys, ParamsKeeper params) {
    this.keys = keys;
    this.params = params;
  }

  public Optional<ClientState> client(KVStore state) {
    return keys.client.get(state);
  }

  public Optional<ConsensusState> consensusState(KVStore state, long height) {
    return keys.consensusStates.get(state, height);
  }

  /** The client, refusing when none is configured or it is frozen (xchain.md §2). */
  ClientState activeClient(KVStore state) throws TxException {
    ClientState c =
        client(state)
            .orElseThrow(() ->
                XchainCodes.error(XchainCodes.NO_COUNTERPARTY, "no counterparty chain configured"));
    if (c.getFrozen()) {
      throw XchainCodes.error(
          XchainCodes.CLIENT_FROZEN,
          "the light client of " + c.getChainId() + " is frozen: " + c.getFrozenReason());
    }
    return c;
  }

  /**
   * The consensus state whose app hash proofs "at height {@code proofHeight}" are checked against:
   * the one of height {@code proofHeight + 1} (xchain.md §2, §4.1 step 1).
   */
  ConsensusState proofRoot(KVStore state, long proofHeight) throws TxException {
    activeClient(state);
    if (proofHeight < 1 || proofHeight == Long.MAX_VALUE) {
      throw XchainCodes.error(
          XchainCodes.NO_CONSENSUS_STATE,
          "no consensus state for height " + proofHeight + " + 1 (proof_height must be >= 1)");
    }
    return consensusState(state, proofHeight + 1)
        .orElseThrow(() ->
            XchainCodes.error(
                XchainCodes.NO_CONSENSUS_STATE,
                "no consensus state for height "
                    + (proofHeight + 1)
                    + " (proofs at height "
                    + proofHeight
                    + " need the header of height "
                    + (proofHeight + 1)
                    + "; update the client first)"));
  }

  /** Genesis: the counterparty's genesis validator set and time as consensus state 0. */
  void initialize(KVStore state, String chainId, Instant genesisTime, ValidatorSet validators) {
    Params p = params.get(state);
    keys.client.set(
        state,
        ClientState.newBuilder()
            .setChainId(chainId)
            .setTrustNumerator(1)
            .setTrustDenominator(3)
            .setTrustingPeriodSeconds(p.getTrustingPeriodSeconds())
            .setLatestHeight(0)
            .build());
    ByteString hash = ByteString.copyFrom(BlockHashes.validators(validators));
    keys.consensusStates.set(
        state,
        0L,
        ConsensusState.newBuilder()
            .setHeight(0)
            .setTime(Votes.timestamp(genesisTime))
            .setValidatorsHash(hash)
            .setNextValidatorsHash(hash)
            .build());
  }

  /** MsgUpdateClient (xchain.md §2). */
  void update(Context ctx, MsgUpdateClient m) throws TxException {
    ClientState c = activeClient(ctx.store());
    Header h = m.getSignedHeader().getHeader();
    verify(
        ctx,
        c,
        m.getSignedHeader(),
        m.getValidatorSet(),
        m.getTrustedHeight(),
        m.getTrustedValidatorSet());
    ConsensusState fresh = toConsensusState(m.getSignedHeader());
    Optional<ConsensusState> existing = consensusState(ctx.store(), h.getHeight());
    if (existing.isPresent()) {
      if (existing.get().getHeaderHash().equals(fresh.getHeaderHash())) {
        throw XchainCodes.error(
            XchainCodes.CONSENSUS_STATE_EXISTS,
            "consensus state for height " + h.getHeight() + " already exists");
      }
      freeze(
          ctx,
          c,
          "two valid headers for height "
              + h.getHeight()
              + ": "
              + Hex.encode(existing.get().getHeaderHash().toByteArray())
              + " and "
              + Hex.encode(fresh.getHeaderHash().toByteArray()));
      return;
    }
    Optional<String> nonMonotonic = timeConflict(ctx.store(), fresh);
    if (nonMonotonic.isPresent()) {
      freeze(ctx, c, nonMonotonic.get());
      return;
    }
    keys.consensusStates.set(ctx.store(), fresh.getHeight(), fresh);
    List<Map.Entry<Long, ConsensusState>> all = keys.consensusStates.entries(ctx.store());
    for (int i = 0; i < all.size() - MAX_CONSENSUS_STATES; i++) {
      keys.consensusStates.remove(ctx.store(), all.get(i).getKey());
    }
    if (fresh.getHeight() > c.getLatestHeight()) {
      keys.client.set(ctx.store(), c.toBuilder().setLatestHeight(fresh.getHeight()).build());
    }
    ctx.emit(
        "xchain.update_client",
        "chain_id",
        c.getChainId(),
        "height",
        Long.toString(fresh.getHeight()),
        "trusted_height",
        Long.toString(m.getTrustedHeight()));
  }

  /** The governance account that may replace the client's trust root. */
  public static final String GOV_AUTHORITY = new ModuleAccount("gov").address();

  /**
   * MsgRecoverClient (xchain.md §2): governance replaces the trust root of a frozen or expired
   * client; every other consensus state is dropped.
   */
  void recover(Context ctx, MsgRecoverClient m) throws TxException {
    if (!m.getAuthority().equals(GOV_AUTHORITY)) {
      throw XchainCodes.error(
          XchainCodes.UNAUTHORIZED, "unauthorized: authority must be the gov module account");
    }
    ClientState c =
        client(ctx.store())
            .orElseThrow(() ->
                XchainCodes.error(XchainCodes.NO_COUNTERPARTY, "no counterparty chain configured"));
    ConsensusState cs = m.getConsensusState();
    if (cs.getNextValidatorsHash().size() != 32
        || !cs.hasTime()
        || cs.getTime().getSeconds() < 0
        || cs.getTime().getSeconds() > 253_402_300_799L // 9999-12-31T23:59:59Z
        || cs.getTime().getNanos() < 0
        || cs.getTime().getNanos() >= 1_000_000_000) {
      throw XchainCodes.error(
          XchainCodes.INVALID_HEADER,
          "consensus_state needs a time in years 1970..9999 and a 32-byte next_validators_hash");
    }
    for (Map.Entry<Long, ConsensusState> e : keys.consensusStates.entries(ctx.store())) {
      keys.consensusStates.remove(ctx.store(), e.getKey());
    }
    keys.consensusStates.set(ctx.store(), cs.getHeight(), cs);
    keys.client.set(
        ctx.store(),
        c.toBuilder().setLatestHeight(cs.getHeight()).setFrozen(false).setFrozenReason("").build());
    ctx.emit(
        "xchain.client_recovered",
        "chain_id",
        c.getChainId(),
        "height",
        Long.toString(cs.getHeight()));
  }

  /** MsgSubmitMisbehaviour (xchain.md §2): two verified headers that cannot both be honest. */
  void submitMisbehaviour(Context ctx, MsgSubmitMisbehaviour m) throws TxException {
    ClientState c = activeClient(ctx.store());
    MisbehaviourHeader a = m.getHeader1();
    MisbehaviourHeader b = m.getHeader2();
    verify(
        ctx,
        c,
        a.getSignedHeader(),
        a.getValidatorSet(),
        a.getTrustedHeight(),
        a.getTrustedValidatorSet());
    verify(
        ctx,
        c,
        b.getSignedHeader(),
        b.getValidatorSet(),
        b.getTrustedHeight(),
        b.getTrustedValidatorSet());
    ConsensusState sa = toConsensusState(a.getSignedHeader());
    ConsensusState sb = toConsensusState(b.getSignedHeader());
    String reason;
    if (sa.getHeight() == sb.getHeight()) {
      if (sa.getHeaderHash().equals(sb.getHeaderHash())) {
        throw XchainCodes.error(
            XchainCodes.NOT_MISBEHAVIOUR,
            "not misbehaviour: both headers of height " + sa.getHeight() + " are the same");
      }
      reason = "two valid headers for height " + sa.getHeight();
    } else {
      boolean aFirst = sa.getHeight() < sb.getHeight();
      ConsensusState lo = aFirst ? sa : sb;
      ConsensusState hi = aFirst ? sb : sa;
      if (Votes.instant(lo.getTime()).isBefore(Votes.instant(hi.getTime()))) {
        throw XchainCodes.error(
            XchainCodes.NOT_MISBEHAVIOUR,
            "not misbehaviour: headers "
                + lo.getHeight()
                + " and "
                + hi.getHeight()
                + " differ in height and their times increase");
      }
      reason =
          "header "
              + hi.getHeight()
              + " is not later than header "
              + lo.getHeight()
              + " (times go backwards)";
    }
    freeze(ctx, c, reason);
  }

  private void freeze(Context ctx, ClientState c, String reason) {
    keys.client.set(ctx.store(), c.toBuilder().setFrozen(true).setFrozenReason(reason).build());
    ctx.emit("xchain.client_frozen", "chain_id", c.getChainId(), "reason", reason);
  }

  /** A stored neighbour whose time contradicts the new header's time, if any. */
  private Optional<String> timeConflict(KVStore state, ConsensusState fresh) {
    Instant t = Votes.instant(fresh.getTime());
    for (Map.Entry<Long, ConsensusState> e : keys.consensusStates.entries(state)) {
      long h = e.getKey();
      if (h == 0) {
        continue;
      }
      Instant other = Votes.instant(e.getValue().getTime());
      if ((h < fresh.getHeight() && !other.isBefore(t))
          || (h > fresh.getHeight() && !other.isAfter(t))) {
        return Optional.of(
            "header "
                + fresh.getHeight()
                + " at "
                + t
                + " contradicts header "
                + h
                + " at "
                + other
                + " (times go backwards)");
      }
    }
    return Optional.empty();
  }

  private void verify(
      Context ctx,
      ClientState c,
      SignedHeader signed,
      ValidatorSet validators,
      long trustedHeight,
      ValidatorSet trustedValidators)
      throws TxException {
    if (!signed.hasHeader() || !signed.hasCommit()) {
      throw XchainCodes.error(XchainCodes.INVALID_HEADER, "signed header lacks header or commit");
    }
    checkSizes(signed, validators, trustedValidators);
    ctx.gas()
        .consume(
            SIGNATURE_GAS * signed.getCommit().getSignaturesCount(),
            "verifying header commit signatures");
    ConsensusState trusted =
        consensusState(ctx.store(), trustedHeight)
            .orElseThrow(() ->
                XchainCodes.error(
                    XchainCodes.UNKNOWN_TRUSTED_HEIGHT,
                    "unknown trusted height " + trustedHeight + ": no consensus state"));
    byte[] trustedHash = BlockHashes.validators(trustedValidators);
    if (!Arrays.equals(trustedHash, trusted.getNextValidatorsHash().toByteArray())) {
      throw XchainCodes.error(
          XchainCodes.INVALID_TRUSTED_VALIDATORS,
          "trusted validator set hashes to "
              + Hex.encode(trustedHash)
              + ", consensus state "
              + trustedHeight
              + " names "
              + Hex.encode(trusted.getNextValidatorsHash().toByteArray())
              + " as next validators");
    }
    Header trustedHeader =
        Header.newBuilder()
            .setChainId(c.getChainId())
            .setHeight(trustedHeight)
            .setTime(trusted.getTime())
            .setNextValidatorsHash(trusted.getNextValidatorsHash())
            .setValidatorsHash(trusted.getValidatorsHash())
            .build();
    LightBlock trustedBlock =
        LightBlock.newBuilder()
            .setSignedHeader(SignedHeader.newBuilder().setHeader(trustedHeader))
            .setValidatorSet(trustedValidators)
            .build();
    LightBlock untrusted =
        LightBlock.newBuilder().setSignedHeader(signed).setValidatorSet(validators).build();
    Params p = params.get(ctx.store());
    LightOptions options =
        new LightOptions(
            Duration.ofSeconds(c.getTrustingPeriodSeconds()),
            Duration.ofMillis(p.getMaxClockDriftMs()),
            new TrustLevel(c.getTrustNumerator(), c.getTrustDenominator()));
    LightVerification v;
    try {
      v = LightVerifier.verify(trustedBlock, untrusted, ctx.time(), options);
    } catch (RuntimeException e) {
      throw XchainCodes.error(XchainCodes.INVALID_HEADER, "invalid header: " + e.getMessage());
    }
    if (v instanceof LightVerification.Failed f) {
      throw XchainCodes.error(code(f.reason()), f.message());
    }
  }

  /** Stateless bounds of a header and its validator sets. */
  static void checkSizes(SignedHeader signed, ValidatorSet validators, ValidatorSet trusted)
      throws TxException {
    int most =
        Math.max(
            signed.getCommit().getSignaturesCount(),
            Math.max(validators.getValidatorsCount(), trusted.getValidatorsCount()));
    if (most > MAX_VALIDATORS) {
      throw XchainCodes.error(
          XchainCodes.INVALID_HEADER,
          "header carries " + most + " validators or signatures > " + MAX_VALIDATORS);
    }
  }

  private static int code(LightVerification.Reason reason) {
    return switch (reason) {
      case EXPIRED -> XchainCodes.TRUSTING_PERIOD_EXPIRED;
      case WRONG_CHAIN_ID -> XchainCodes.WRONG_CHAIN_ID;
      case INSUFFICIENT_POWER, INSUFFICIENT_TRUSTED_POWER -> XchainCodes.INSUFFICIENT_VOTING_POWER;
      case FROM_FUTURE -> XchainCodes.HEADER_FROM_FUTURE;
      default -> XchainCodes.INVALID_HEADER;
    };
  }

  static ConsensusState toConsensusState(SignedHeader signed) {
    Header h = signed.getHeader();
    return ConsensusState.newBuilder()
        .setHeight(h.getHeight())
        .setTime(h.getTime())
        .setHeaderHash(ByteString.copyFrom(BlockHashes.header(h)))
        .setValidatorsHash(h.getValidatorsHash())
        .setNextValidatorsHash(h.getNextValidatorsHash())
        .setAppHash(h.getAppHash())
        .build();
  }
}
