package io.lattice.consensus.privval;

import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.consensus.block.Votes;
import io.lattice.proto.consensus.v1.CanonicalProposal;
import io.lattice.proto.types.v1.CanonicalVote;

/**
 * How the signer reads a kind of sign bytes: two requests at the same (height, round, step) whose
 * bytes are equal once the timestamp is cleared may share one signature (CometBFT's rule: a
 * validator that re-signs after a restart gets its earlier signature and timestamp back).
 */
public interface SignBytesFormat {
  /**
   * The sign bytes with the timestamp cleared.
   *
   * @throws IllegalArgumentException when {@code signBytes} are not of this format
   */
  byte[] withoutTimestamp(byte[] signBytes);

  /** The canonical vote encoding of {@link Votes#signBytes}. */
  SignBytesFormat CANONICAL_VOTE =
      signBytes -> {
        try {
          return CanonicalVote.parseFrom(signBytes).toBuilder()
              .clearTimestamp()
              .build()
              .toByteArray();
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException(
              "sign bytes are not a canonical vote: " + e.getMessage(), e);
        }
      };

  /** The canonical proposal encoding (a canonical vote of type 32 followed by a part set). */
  SignBytesFormat CANONICAL_PROPOSAL =
      signBytes -> {
        try {
          return CanonicalProposal.parseFrom(signBytes).toBuilder()
              .clearTimestamp()
              .build()
              .toByteArray();
        } catch (InvalidProtocolBufferException e) {
          throw new IllegalArgumentException(
              "sign bytes are not a canonical proposal: " + e.getMessage(), e);
        }
      };

  /** Bytes without a timestamp the signer understands: only identical bytes share a signature. */
  SignBytesFormat EXACT = byte[]::clone;
}
