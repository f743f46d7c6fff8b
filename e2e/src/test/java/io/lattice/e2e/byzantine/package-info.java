/**
 * Byzantine node builds that exist only in the e2e test sources, so that the misbehaving code never
 * ships in the product: {@link io.lattice.e2e.byzantine.DoubleSigningNode} runs a validator as
 * {@code lattice start} does and, once told to, signs conflicting votes with the raw validator key.
 */
package io.lattice.e2e.byzantine;
