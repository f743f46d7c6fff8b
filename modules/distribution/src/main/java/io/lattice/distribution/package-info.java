/**
 * The distribution module: each block's fees and minted inflation ({@link
 * io.lattice.distribution.Inflation}) split between the community pool, the validators that signed
 * the last commit (by power), their commission and their delegators (cumulative reward per share;
 * ADR 0002). Spec: {@code modules/distribution/README.md}.
 */
package io.lattice.distribution;
