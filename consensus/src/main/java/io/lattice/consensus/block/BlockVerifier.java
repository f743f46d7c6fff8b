package io.lattice.consensus.block;

import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.types.v1.Block;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Header;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Checks a stored or received block against the rules of docs/spec/consensus.md: its header hashes
 * match its content and its commit carries signatures of more than two thirds of the validators'
 * voting power over that block.
 */
public final class BlockVerifier {
  private static final HexFormat HEX = HexFormat.of();

  private BlockVerifier() {}

  /**
   * Verifies that {@code block}'s header commits to its transactions, evidence and last commit,
   * belongs to {@code chainId}, names {@code validators} and hashes to {@code expectedHash}.
   */
  public static void verifyBlock(
      String chainId, ValidatorSet validators, Block block, byte[] expectedHash)
      throws InvalidBlockException {
    Header h = block.getHeader();
    if (!h.getChainId().equals(chainId)) {
      throw new InvalidBlockException(
          "block " + h.getHeight() + ": chain id " + h.getChainId() + ", expected " + chainId);
    }
    byte[] hash = BlockHashes.header(h);
    if (!Arrays.equals(hash, expectedHash)) {
      throw new InvalidBlockException(
          "block "
              + h.getHeight()
              + ": header hashes to "
              + HEX.formatHex(hash)
              + ", expected "
              + HEX.formatHex(expectedHash));
    }
    check(
        h.getHeight(),
        "data_hash",
        h.getDataHash().toByteArray(),
        BlockHashes.data(block.getData().getTxsList().stream().map(b -> b.toByteArray()).toList()));
    check(
        h.getHeight(),
        "evidence_hash",
        h.getEvidenceHash().toByteArray(),
        BlockHashes.evidence(
            block.getEvidence().getEvidenceList().stream().map(b -> b.toByteArray()).toList()));
    check(
        h.getHeight(),
        "last_commit_hash",
        h.getLastCommitHash().toByteArray(),
        BlockHashes.commit(block.getLastCommit()));
    check(
        h.getHeight(),
        "validators_hash",
        h.getValidatorsHash().toByteArray(),
        BlockHashes.validators(validators));
  }

  private static void check(long height, String field, byte[] actual, byte[] expected)
      throws InvalidBlockException {
    if (!Arrays.equals(actual, expected)) {
      throw new InvalidBlockException(
          "block "
              + height
              + ": "
              + field
              + " is "
              + HEX.formatHex(actual)
              + ", content hashes to "
              + HEX.formatHex(expected));
    }
  }

  /**
   * Verifies that {@code commit} decides block {@code blockHash} at {@code height}: every {@code
   * COMMIT} signature is a valid precommit of a distinct validator of {@code validators}, and their
   * power exceeds two thirds of the total.
   */
  public static void verifyCommit(
      String chainId, ValidatorSet validators, long height, byte[] blockHash, Commit commit)
      throws InvalidBlockException {
    if (commit.getHeight() != height) {
      throw new InvalidBlockException(
          "commit is for height " + commit.getHeight() + ", expected " + height);
    }
    BlockId blockId = commit.getBlockId();
    if (!Arrays.equals(blockId.getHash().toByteArray(), blockHash)) {
      throw new InvalidBlockException(
          "commit at height "
              + height
              + " is for block "
              + HEX.formatHex(blockId.getHash().toByteArray())
              + ", expected "
              + HEX.formatHex(blockHash));
    }
    long total = 0;
    for (Validator v : validators.getValidatorsList()) {
      total = Math.addExact(total, v.getVotingPower());
    }
    long signed = 0;
    Set<String> seen = new HashSet<>();
    for (CommitSig sig : commit.getSignaturesList()) {
      if (sig.getBlockIdFlag() != BlockIdFlag.BLOCK_ID_FLAG_COMMIT) {
        continue;
      }
      String address = HEX.formatHex(sig.getValidatorAddress().toByteArray());
      if (!seen.add(address)) {
        throw new InvalidBlockException(
            "commit at height " + height + ": validator " + address + " signed twice");
      }
      Validator v = find(validators, sig.getValidatorAddress().toByteArray());
      if (v == null) {
        throw new InvalidBlockException(
            "commit at height " + height + ": " + address + " is not a validator");
      }
      byte[] msg =
          Votes.signBytes(
              chainId, Votes.PRECOMMIT, height, commit.getRound(), blockId, sig.getTimestamp());
      if (!publicKey(v).verify(msg, sig.getSignature().toByteArray())) {
        throw new InvalidBlockException(
            "commit at height " + height + ": invalid signature of validator " + address);
      }
      signed += v.getVotingPower();
    }
    if (total == 0 || signed * 3 <= total * 2) {
      throw new InvalidBlockException(
          "commit at height "
              + height
              + " carries "
              + signed
              + " of "
              + total
              + " voting power, more than 2/3 is required");
    }
  }

  private static Validator find(ValidatorSet set, byte[] address) {
    for (Validator v : set.getValidatorsList()) {
      if (Arrays.equals(v.getAddress().toByteArray(), address)) {
        return v;
      }
    }
    return null;
  }

  private static PublicKey publicKey(Validator v) throws InvalidBlockException {
    try {
      return PublicKey.decode(
          KeyAlgorithm.fromId(v.getPubKey().getAlgorithm()), v.getPubKey().getKey().toByteArray());
    } catch (CryptoException e) {
      throw new InvalidBlockException("validator key is invalid: " + e.getMessage());
    }
  }
}
