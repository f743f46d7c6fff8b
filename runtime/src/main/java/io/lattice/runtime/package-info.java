/**
 * The state machine: {@link io.lattice.runtime.LatticeApp}, the implementation of the consensus
 * engines' {@code Application} port that composes modules over one state tree, and its {@link
 * io.lattice.runtime.AppConfig}. Never imports {@code node}, {@code p2p} or any module under {@code
 * modules/}: modules depend on the runtime, not the reverse.
 */
package io.lattice.runtime;
