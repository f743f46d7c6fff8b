/**
 * The port between consensus engines and the state machine: {@link
 * io.lattice.consensus.app.Application} and its value types.
 */
package io.lattice.consensus.app;
