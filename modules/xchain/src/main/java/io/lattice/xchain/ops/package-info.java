/**
 * Atomic cross-chain operations (docs/spec/xchain.md §5): the generic {@link
 * io.lattice.xchain.ops.AtomicOperation} registration, the op records with their statuses and
 * steps, the escrow, and the two built-in operations with the interfaces they expect from the
 * identity, channels and staking modules (adapted by module {@code chains}).
 */
package io.lattice.xchain.ops;
