/**
 * The Module API: {@link io.lattice.runtime.module.Module}, message types and handlers, the
 * execution {@link io.lattice.runtime.module.Context} with events, invariants, queries and the
 * checked {@link io.lattice.runtime.module.TxException} that carries a rejection's code and reason.
 */
package io.lattice.runtime.module;
