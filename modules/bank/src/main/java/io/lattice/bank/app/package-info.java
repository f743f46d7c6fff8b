/**
 * {@link io.lattice.bank.app.StandardApp}: the composition of the base modules ({@code auth},
 * {@code bank}) into a {@link io.lattice.runtime.LatticeApp}, used by the node, the CLI and the
 * benchmarks.
 */
package io.lattice.bank.app;
