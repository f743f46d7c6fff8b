/**
 * Load generation against running nodes over their REST API: fresh sender accounts funded by one
 * key ({@link io.lattice.node.load.AccountFunding}), pre-signed transfers submitted at a rate
 * ({@link io.lattice.node.load.TransferLoad}), what they measured ({@link
 * io.lattice.node.load.LoadResult}) and its picture ({@link io.lattice.node.load.LoadPlot}). Used
 * by {@code lattice bench load} and by the network benchmarks under {@code bench/}.
 */
package io.lattice.node.load;
