/** The two Lattice applications: the chat chain and the currency chain, composed from modules. */
package io.lattice.chains;
