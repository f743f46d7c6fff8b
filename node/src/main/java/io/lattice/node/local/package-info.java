/** The multi-process local network of {@code lattice up} / {@code lattice down}. */
package io.lattice.node.local;
