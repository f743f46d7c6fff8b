package io.lattice.consensus.tendermint;

import com.google.protobuf.ByteString;
import io.lattice.consensus.app.VoteInfo;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.chain.ChainTip;
import io.lattice.consensus.evidence.EvidencePool;
import io.lattice.consensus.evidence.Verification;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The application part of valid(v) for the Tendermint engine (docs/spec/consensus.md, "Block
 * validity" part 2): what the next block must say about the {@link ChainTip}, and the last commit's
 * votes as the application is told them. Mutable; touched only on the engine thread.
 */
final class NextBlockRules {
  private final TendermintConfig config;
  private final ChainTip tip;
  private final EvidencePool evidence;

  /** The set that decided the last block (null before the first block). */
  private ValidatorSet lastValidators;

  NextBlockRules(TendermintConfig config, ChainTip tip, EvidencePool evidence) {
    this.config = config;
    this.tip = tip;
    this.evidence = evidence;
  }

  void lastValidators(ValidatorSet decidedBy) {
    this.lastValidators = decidedBy;
  }

  /** Why {@code block} cannot follow the tip, or empty. */
  Optional<String> invalidReason(Block block, ValidatorSet validators) {
    Header h = block.getHeader();
    long height = h.getHeight();
    byte[] appHash = tip.appHash();
    if (!Arrays.equals(h.getAppHash().toByteArray(), appHash)) {
      return Optional.of(
          "block "
              + height
              + ": app_hash "
              + HexFormat.of().formatHex(h.getAppHash().toByteArray())
              + ", expected "
              + HexFormat.of().formatHex(appHash));
    }
    if (!Arrays.equals(
        h.getLastResultsHash().toByteArray(), BlockHashes.results(tip.lastResults()))) {
      return Optional.of("block " + height + ": last_results_hash differs from the last results");
    }
    Instant time = Votes.instant(h.getTime());
    Optional<Instant> lastTime = tip.lastTime();
    if (lastTime.isPresent() && !time.isAfter(lastTime.get())) {
      return Optional.of("block " + height + ": time " + time + " is not after " + lastTime.get());
    }
    if (lastTime.isEmpty() && time.isBefore(tip.genesisTime())) {
      return Optional.of("block " + height + ": time " + time + " is before genesis");
    }
    if (height == tip.initialHeight()) {
      if (!block.getLastCommit().equals(Commit.getDefaultInstance())) {
        return Optional.of("block " + height + ": the first block carries a last commit");
      }
    } else {
      Optional<String> bad =
          Commits.verify(
              config.chainId(), lastValidators, height - 1, tip.lastHash(), block.getLastCommit());
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
    List<byte[]> items =
        block.getEvidence().getEvidenceList().stream().map(ByteString::toByteArray).toList();
    if (!items.isEmpty()) {
      if (lastTime.isEmpty()) {
        return Optional.of("block " + height + ": the first block carries evidence");
      }
      if (evidence.checkProposed(items, height - 1, lastTime.get())
          instanceof Verification.Invalid invalid) {
        return Optional.of("block " + height + ": evidence: " + invalid.message());
      }
    }
    return Optional.empty();
  }

  /** Which validators of the last block's set signed {@code commit}, in set order. */
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
}
