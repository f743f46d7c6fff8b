/**
 * The relayer core (docs/spec/xchain.md §7): {@link io.lattice.xchain.relayer.Relayer} moves
 * headers, packets, acknowledgements and timeouts between two chains seen through {@link
 * io.lattice.xchain.relayer.ChainEndpoint}s. It is trusted for liveness only and keeps no state:
 * each round rescans both chains.
 */
package io.lattice.xchain.relayer;
