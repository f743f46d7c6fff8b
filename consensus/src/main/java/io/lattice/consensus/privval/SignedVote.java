package io.lattice.consensus.privval;

import io.lattice.proto.types.v1.Timestamp;

/**
 * A vote signature and the timestamp it covers. The timestamp differs from the requested one when
 * the signer returned its stored signature for a request that differed only in time; the vote must
 * then carry this timestamp.
 */
public record SignedVote(byte[] signature, Timestamp timestamp) {
  public SignedVote {
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
