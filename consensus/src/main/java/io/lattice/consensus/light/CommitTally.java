package io.lattice.consensus.light;

import io.lattice.common.Hex;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.types.v1.BlockIdFlag;
import io.lattice.proto.types.v1.Commit;
import io.lattice.proto.types.v1.CommitSig;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sums the power of a validator set's members whose {@code COMMIT} signatures in a commit verify,
 * over the precommit sign bytes of {@link Votes} (the rule of {@link
 * io.lattice.consensus.block.BlockVerifier#verifyCommit}). Every counted signature is verified; a
 * validator may sign once.
 */
final class CommitTally {
  /** The signed power, or why the commit's signatures are unacceptable. */
  record Result(long signed, long total, Optional<String> error) {}

  private CommitTally() {}

  /**
   * @param ignoreStrangers true when signers outside {@code validators} are skipped (a trusted set
   *     checking a later commit), false when they make the commit invalid (the commit's own set)
   */
  static Result tally(
      String chainId, ValidatorSet validators, Commit commit, boolean ignoreStrangers) {
    Map<String, Validator> byAddress = new HashMap<>();
    long total = 0;
    for (Validator v : validators.getValidatorsList()) {
      byAddress.put(Hex.encode(v.getAddress().toByteArray()), v);
      total = Math.addExact(total, v.getVotingPower());
    }
    long signed = 0;
    Set<String> seen = new HashSet<>();
    for (CommitSig sig : commit.getSignaturesList()) {
      if (sig.getBlockIdFlag() != BlockIdFlag.BLOCK_ID_FLAG_COMMIT) {
        continue;
      }
      String address = Hex.encode(sig.getValidatorAddress().toByteArray());
      if (!seen.add(address)) {
        return new Result(signed, total, Optional.of("validator " + address + " signed twice"));
      }
      Validator v = byAddress.get(address);
      if (v == null) {
        if (ignoreStrangers) {
          continue;
        }
        return new Result(signed, total, Optional.of(address + " is not a validator"));
      }
      byte[] msg =
          Votes.signBytes(
              chainId,
              Votes.PRECOMMIT,
              commit.getHeight(),
              commit.getRound(),
              commit.getBlockId(),
              sig.getTimestamp());
      PublicKey key;
      try {
        key =
            PublicKey.decode(
                KeyAlgorithm.fromId(v.getPubKey().getAlgorithm()),
                v.getPubKey().getKey().toByteArray());
      } catch (CryptoException e) {
        return new Result(
            signed, total, Optional.of("key of validator " + address + ": " + e.getMessage()));
      }
      if (!key.verify(msg, sig.getSignature().toByteArray())) {
        return new Result(signed, total, Optional.of("invalid signature of validator " + address));
      }
      signed += v.getVotingPower();
    }
    return new Result(signed, total, Optional.empty());
  }
}
