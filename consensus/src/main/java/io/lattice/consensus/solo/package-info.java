/**
 * The single-validator engine: one validator holding all the voting power proposes, executes, signs
 * and commits a block every block interval. It implements the same {@link
 * io.lattice.consensus.ConsensusEngine} port as the BFT engine and produces blocks the BFT engine's
 * verifier accepts (a commit signed by +2/3 of the power, here 1 of 1).
 */
package io.lattice.consensus.solo;
