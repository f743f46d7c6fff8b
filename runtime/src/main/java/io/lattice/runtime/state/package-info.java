/**
 * Typed state collections in the manner of Cosmos SDK {@code collections}: a module declares its
 * layout in a {@link io.lattice.runtime.state.Schema} ({@link io.lattice.runtime.state.Item},
 * {@link io.lattice.runtime.state.StateMap}, {@link io.lattice.runtime.state.Sequence}), each with
 * a one-byte id and a readable name, over any {@link io.lattice.runtime.store.KVStore}.
 */
package io.lattice.runtime.state;
