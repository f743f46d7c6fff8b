package io.lattice.consensus.tendermint;

import io.lattice.crypto.Address;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;

/**
 * Signs this validator's votes and proposals (the privval engineer's signer implements it with
 * double-sign protection). The bytes to sign are {@link SignBytes#vote} and {@link
 * SignBytes#proposal}.
 *
 * <p>Contract: returns the message with its {@code signature} set and every other field unchanged.
 * A request that conflicts with one signed before (same height, round and type, different block id)
 * is refused with {@link SigningRefusedException}; an identical request may return the stored
 * signature. Called on the consensus thread; may block for an fsync.
 */
public interface VoteSigner {
  /** The validator address of the key, matched against the validator set. */
  Address address();

  Vote signVote(String chainId, Vote vote) throws SigningRefusedException;

  Proposal signProposal(String chainId, Proposal proposal) throws SigningRefusedException;
}
