/** The cross-chain module (docs/spec/xchain.md): light clients, packets, atomic operations. */
package io.lattice.xchain;
