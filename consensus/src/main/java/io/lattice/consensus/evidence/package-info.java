/**
 * Misbehaviour evidence: a validator that signed two votes for different blocks at the same
 * (height, round, type) is caught by {@link io.lattice.consensus.evidence.DuplicateVotes}, checked
 * by {@link io.lattice.consensus.evidence.EvidenceVerifier} and kept by {@link
 * io.lattice.consensus.evidence.EvidencePool} until a block commits it (the slashing module then
 * punishes the validator). Evidence is accepted only within a bounded age, and committed evidence
 * is remembered so it is never proposed twice.
 */
package io.lattice.consensus.evidence;
