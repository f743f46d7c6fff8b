/** Lattice node. */
package io.lattice.node;
