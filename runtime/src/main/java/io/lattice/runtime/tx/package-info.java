/**
 * Transactions: the {@link io.lattice.runtime.tx.TxPipeline} (size → decode → stateless checks →
 * signatures → chain id → sequence → fee → gas-metered execution), its result {@link
 * io.lattice.runtime.tx.Codes}, the keeper interfaces it expects from the auth and bank modules,
 * coin and address validation, and the {@link io.lattice.runtime.tx.TxBuilder} clients use.
 */
package io.lattice.runtime.tx;
