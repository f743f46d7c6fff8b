package io.lattice.consensus.privval;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.PublicKey;
import io.lattice.proto.consensus.v1.CanonicalProposal;
import io.lattice.proto.consensus.v1.PartSetHeader;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.proto.types.v1.CanonicalVote;
import io.lattice.proto.types.v1.Timestamp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A validator key guarded by a persisted last-signed state (CometBFT's {@code FilePV}).
 *
 * <p>Rules, for a request at (h, r, s) against the last signed (H, R, S), steps ordered proposal
 * &lt; prevote &lt; precommit:
 *
 * <ul>
 *   <li>(h, r, s) &lt; (H, R, S): refused ({@link SignRefusedException.Reason#REGRESSION});
 *   <li>(h, r, s) = (H, R, S): the stored signature is returned when the sign bytes are identical
 *       or differ only in their timestamp (with the stored bytes, whose timestamp the caller must
 *       use); otherwise refused ({@link SignRefusedException.Reason#CONFLICTING_DATA});
 *   <li>(h, r, s) &gt; (H, R, S): signed; the new state is written to the state file with fsync
 *       (temporary file, fsync, atomic rename, directory fsync) <em>before</em> the signature is
 *       returned.
 * </ul>
 *
 * <p>Thread-safe: requests are serialized. If the state cannot be written, the signature is not
 * returned and every later request is refused until the validator is reopened from its file.
 */
public final class FilePrivValidator {
  private final PrivateKeySigner key;
  private final SignStateFile file;
  private LastSignState last;
  private IOException broken;

  private FilePrivValidator(PrivateKeySigner key, SignStateFile file, LastSignState last) {
    this.key = key;
    this.file = file;
    this.last = last;
  }

  /**
   * Opens the signer for {@code key} with its state at {@code stateFile} (conventionally {@code
   * <home>/data/priv_validator_state.json}). A missing file is a fresh validator and is created at
   * once, so that a later failure to write it is found at start-up rather than when voting.
   *
   * @param key ed25519, or {@link io.lattice.crypto.KeyAlgorithm#HYBRID} (ed25519 + ML-DSA-65)
   * @throws IOException when the file cannot be read or written, or is corrupt (it is never reset)
   */
  public static FilePrivValidator open(PrivateKeySigner key, Path stateFile) throws IOException {
    Objects.requireNonNull(key, "key");
    SignStateFile file = new SignStateFile(stateFile);
    LastSignState state = file.read().orElse(null);
    if (state == null) {
      state = LastSignState.INITIAL;
      file.write(state);
    }
    return new FilePrivValidator(key, file, state);
  }

  public PublicKey publicKey() {
    return key.publicKey();
  }

  /** The 20-byte validator address, as {@code Validator.address} and commit signatures carry it. */
  public byte[] address() {
    return key.publicKey().address().bytes();
  }

  public Path stateFile() {
    return file.path();
  }

  /** The last signed state, as persisted. */
  public synchronized LastSignState lastSignState() {
    return last;
  }

  /**
   * Signs the {@link CanonicalVote} of {@code type} ({@link Votes#PREVOTE} or {@link
   * Votes#PRECOMMIT}) for {@code blockId} (empty hash = nil) at (height, round).
   */
  public SignedVote signVote(
      String chainId, int type, long height, int round, BlockId blockId, Timestamp timestamp)
      throws SignRefusedException {
    if (chainId == null || chainId.isEmpty()) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, "chain id is empty");
    }
    SignStep step;
    try {
      step = SignStep.ofVoteType(type);
    } catch (IllegalArgumentException e) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, e.getMessage(), e);
    }
    byte[] bytes = Votes.signBytes(chainId, type, height, round, blockId, timestamp);
    Signature s = sign(height, round, step, bytes, SignBytesFormat.CANONICAL_VOTE);
    Timestamp signedTime;
    try {
      signedTime = CanonicalVote.parseFrom(s.signBytes()).getTimestamp();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored vote sign bytes do not parse", e);
    }
    return new SignedVote(s.signature(), signedTime);
  }

  /**
   * Signs a proposal: the {@link CanonicalProposal} (type {@link SignStep#PROPOSAL_TYPE}) for the
   * proposed block and its part set at (height, round), with the block time as timestamp.
   */
  public Signature signProposal(
      String chainId,
      long height,
      int round,
      BlockId blockId,
      PartSetHeader partSetHeader,
      Timestamp timestamp)
      throws SignRefusedException {
    if (chainId == null || chainId.isEmpty()) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, "chain id is empty");
    }
    byte[] bytes =
        CanonicalProposal.newBuilder()
            .setType(SignStep.PROPOSAL_TYPE)
            .setHeight(height)
            .setRound(round)
            .setBlockId(blockId)
            .setTimestamp(timestamp)
            .setChainId(chainId)
            .setPartSetHeader(partSetHeader)
            .build()
            .toByteArray();
    return sign(height, round, SignStep.PROPOSAL, bytes, SignBytesFormat.CANONICAL_PROPOSAL);
  }

  /**
   * Signs {@code CanonicalVote} bytes of a prevote, precommit or proposal (type {@link
   * SignStep#PROPOSAL_TYPE}); height, round and step are read from them.
   */
  public Signature signCanonical(byte[] canonicalVote) throws SignRefusedException {
    CanonicalVote vote;
    try {
      vote = CanonicalVote.parseFrom(canonicalVote);
    } catch (InvalidProtocolBufferException e) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST,
          "sign bytes are not a canonical vote: " + e.getMessage(),
          e);
    }
    if (!Arrays.equals(vote.toByteArray(), canonicalVote)) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, "sign bytes are not canonically encoded");
    }
    SignStep step;
    try {
      step = SignStep.ofCanonicalType(vote.getType());
    } catch (IllegalArgumentException e) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, e.getMessage(), e);
    }
    return sign(
        vote.getHeight(), vote.getRound(), step, canonicalVote, SignBytesFormat.CANONICAL_VOTE);
  }

  /**
   * Signs {@code signBytes} as the message of (height, round, step). The caller vouches that the
   * bytes encode that position (the vote methods derive it from the bytes themselves); {@code
   * format} says which bytes are a timestamp.
   */
  public synchronized Signature sign(
      long height, int round, SignStep step, byte[] signBytes, SignBytesFormat format)
      throws SignRefusedException {
    if (broken != null) {
      throw new SignRefusedException(
          SignRefusedException.Reason.STATE_NOT_DURABLE,
          "an earlier state write failed ("
              + broken.getMessage()
              + "); reopen the validator from "
              + file.path(),
          broken);
    }
    if (height < 1 || round < 0 || step == SignStep.NONE) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST,
          "cannot sign at " + height + "/" + round + "/" + step);
    }
    String asked = height + "/" + round + "/" + step;
    int c = last.compareTo(height, round, step);
    if (c > 0) {
      throw new SignRefusedException(
          SignRefusedException.Reason.REGRESSION,
          (last.height() > height ? "height" : last.round() > round ? "round" : "step")
              + " regression: last signed "
              + last.position()
              + ", asked "
              + asked);
    }
    if (c == 0) {
      byte[] stored = last.signBytes();
      if (Arrays.equals(stored, signBytes)
          || Arrays.equals(format.withoutTimestamp(stored), withoutTimestamp(format, signBytes))) {
        return new Signature(last.signature(), stored);
      }
      throw new SignRefusedException(
          SignRefusedException.Reason.CONFLICTING_DATA,
          "conflicting data at " + asked + ": refusing to double-sign");
    }
    byte[] signature = key.sign(signBytes);
    LastSignState next = new LastSignState(height, round, step, signBytes, signature);
    try {
      file.write(next);
    } catch (IOException e) {
      broken = e;
      throw new SignRefusedException(
          SignRefusedException.Reason.STATE_NOT_DURABLE,
          "cannot persist the signed state to " + file.path() + ": " + e.getMessage(),
          e);
    }
    last = next;
    return new Signature(signature, signBytes);
  }

  private static byte[] withoutTimestamp(SignBytesFormat format, byte[] signBytes)
      throws SignRefusedException {
    try {
      return format.withoutTimestamp(signBytes);
    } catch (IllegalArgumentException e) {
      throw new SignRefusedException(
          SignRefusedException.Reason.INVALID_REQUEST, e.getMessage(), e);
    }
  }
}
