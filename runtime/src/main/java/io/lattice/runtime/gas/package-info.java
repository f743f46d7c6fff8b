/**
 * Gas: the {@link io.lattice.runtime.gas.GasMeter} of a transaction and the price list of state
 * access ({@link io.lattice.runtime.gas.GasConfig}). Metering of reads and writes happens in {@link
 * io.lattice.runtime.store.GasStore}.
 */
package io.lattice.runtime.gas;
