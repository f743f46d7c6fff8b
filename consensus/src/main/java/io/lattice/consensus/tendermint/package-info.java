/**
 * The Tendermint BFT consensus core (docs/spec/consensus.md): a pure, single-threaded state machine
 * ({@link io.lattice.consensus.tendermint.ConsensusCore}) that takes {@link
 * io.lattice.consensus.tendermint.Event}s and returns {@link
 * io.lattice.consensus.tendermint.Action}s, its vote sets, the validator set with weighted proposer
 * selection, round timeouts and commit building/verification. Ports: {@link
 * io.lattice.consensus.tendermint.VoteSigner}, {@link
 * io.lattice.consensus.tendermint.ProposalSource}, {@link
 * io.lattice.consensus.tendermint.BlockValidator}.
 */
package io.lattice.consensus.tendermint;
