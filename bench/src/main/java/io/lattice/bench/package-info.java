/** Lattice bench. */
package io.lattice.bench;
