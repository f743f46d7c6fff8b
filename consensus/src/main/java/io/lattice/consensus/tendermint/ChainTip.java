package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.app.VoteInfo;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Data;
import io.lattice.proto.types.v1.EvidenceList;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.TxResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The last committed block as the Tendermint engine builds on it: what the next block's header must
 * say (the rules of docs/spec/consensus.md, "Block validity" part 2, and the header table of
 * consensus/README.md), how a proposal block is built, and what the application is told about the
 * last commit. Mutable; touched only on the engine thread.
 */
final class ChainTip {
  private final TendermintConfig config;
  byte[] lastHash = new byte[0];
  Instant lastTime;
  Commit lastCommit = Commit.getDefaultInstance();
  List<TxResult> lastResults = List.of();
  byte[] appHash;

  /** The set that decided the last block (null before the first block). */
  ValidatorSet lastValidators;

  ChainTip(TendermintConfig config) {
    this.config = config;
  }

  /** The block this validator proposes at {@code height} (spec line 16, getValue()). */
  Block build(
      long height,
      Instant now,
      List<byte[]> txs,
      ValidatorSet validators,
      ValidatorSet next,
      byte[] proposer) {
    Data.Builder data = Data.newBuilder();
    for (byte[] tx : txs) {
      data.addTxs(ByteString.copyFrom(tx));
    }
    Header header =
        Header.newBuilder()
            .setChainId(config.chainId())
            .setHeight(height)
            .setTime(Votes.timestamp(blockTime(height, now)))
            .setLastBlockId(lastCommit.getBlockId())
            .setDataHash(ByteString.copyFrom(BlockHashes.data(txs)))
            .setValidatorsHash(ByteString.copyFrom(validators.hash()))
            .setNextValidatorsHash(ByteString.copyFrom(next.hash()))
            .setAppHash(ByteString.copyFrom(appHash))
            .setLastResultsHash(ByteString.copyFrom(BlockHashes.results(lastResults)))
            .setEvidenceHash(ByteString.copyFrom(BlockHashes.evidence(List.of())))
            .setLastCommitHash(ByteString.copyFrom(BlockHashes.commit(lastCommit)))
            .setProposerAddress(ByteString.copyFrom(proposer))
            .build();
    return Block.newBuilder()
        .setHeader(header)
        .setData(data)
        .setEvidence(EvidenceList.getDefaultInstance())
        .setLastCommit(lastCommit)
        .build();
  }

  /** The clock's time truncated to ms, strictly after the last block's, not before genesis. */
  private Instant blockTime(long height, Instant now) {
    Instant t = now.truncatedTo(ChronoUnit.MILLIS);
    if (height == config.initialHeight() || lastTime == null) {
      return t.isBefore(config.genesisTime()) ? config.genesisTime() : t;
    }
    return t.isAfter(lastTime) ? t : lastTime.plusMillis(1);
  }

  /** valid(v), the application part: why {@code block} cannot follow this tip, or empty. */
  Optional<String> invalidReason(Block block, ValidatorSet validators) {
    Header h = block.getHeader();
    long height = h.getHeight();
    if (!Arrays.equals(h.getAppHash().toByteArray(), appHash)) {
      return Optional.of(
          "block "
              + height
              + ": app_hash "
              + HexFormat.of().formatHex(h.getAppHash().toByteArray())
              + ", expected "
              + HexFormat.of().formatHex(appHash));
    }
    if (!Arrays.equals(h.getLastResultsHash().toByteArray(), BlockHashes.results(lastResults))) {
      return Optional.of("block " + height + ": last_results_hash differs from the last results");
    }
    Instant time = Votes.instant(h.getTime());
    if (lastTime != null && !time.isAfter(lastTime)) {
      return Optional.of("block " + height + ": time " + time + " is not after " + lastTime);
    }
    if (lastTime == null && time.isBefore(config.genesisTime())) {
      return Optional.of("block " + height + ": time " + time + " is before genesis");
    }
    if (height == config.initialHeight()) {
      if (!block.getLastCommit().equals(Commit.getDefaultInstance())) {
        return Optional.of("block " + height + ": the first block carries a last commit");
      }
    } else {
      Optional<String> bad =
          Commits.verify(
              config.chainId(), lastValidators, height - 1, lastHash, block.getLastCommit());
      if (bad.isPresent()) {
        return Optional.of("block " + height + ": last commit: " + bad.get());
      }
    }
    long bytes = 0;
    for (ByteString tx : block.getData().getTxsList()) {
      bytes += tx.size();
    }
    if (bytes > config.maxBlockBytes()) {
      return Optional.of(
          "block " + height + ": " + bytes + " bytes of transactions > " + config.maxBlockBytes());
    }
    if (validators.indexOf(MessageCheck.address(h.getProposerAddress())) < 0) {
      return Optional.of("block " + height + ": proposer is not a validator");
    }
    return Optional.empty();
  }

  /** Which validators of the last block's set signed {@code lastCommit}, in set order. */
  List<VoteInfo> lastCommitVotes(Commit commit) {
    List<VoteInfo> out = new ArrayList<>();
    if (lastValidators == null) {
      return out;
    }
    for (ValidatorSet.Member m : lastValidators.members()) {
      boolean signed = false;
      for (CommitSig sig : commit.getSignaturesList()) {
        if (sig.getBlockIdFlag() == BlockIdFlag.BLOCK_ID_FLAG_COMMIT
            && Arrays.equals(sig.getValidatorAddress().toByteArray(), m.address().bytes())) {
          signed = true;
        }
      }
      out.add(new VoteInfo(m.address().bytes(), m.power(), signed));
    }
    return out;
  }

  void advance(
      byte[] hash,
      Instant time,
      Commit commit,
      List<TxResult> results,
      byte[] newAppHash,
      ValidatorSet decidedBy) {
    lastHash = hash.clone();
    lastTime = time;
    lastCommit = commit;
    lastResults = List.copyOf(results);
    appHash = newAppHash.clone();
    lastValidators = decidedBy;
  }
}
