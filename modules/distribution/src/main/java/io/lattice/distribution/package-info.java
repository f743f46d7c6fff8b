/**
 * The distribution module: each block's fees and block reward split between the community pool, the
 * validators that signed the last commit (by power), their commission and their delegators
 * (cumulative reward per share; ADR 0002). Spec: {@code modules/distribution/README.md}.
 */
package io.lattice.distribution;
