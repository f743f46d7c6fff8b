/**
 * The mempool: transactions admitted by {@code checkTx} and waiting for a block, ordered per sender
 * by sequence, bounded by count and bytes with fee-priority eviction, re-checked after every block
 * and expired after a number of blocks. It is the {@link io.lattice.consensus.app.TxSource}
 * consensus engines reap from.
 */
package io.lattice.runtime.mempool;
