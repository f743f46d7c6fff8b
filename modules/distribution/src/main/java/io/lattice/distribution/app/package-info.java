/**
 * {@link io.lattice.distribution.app.PosApp}: the proof-of-stake application, auth + bank +
 * distribution + slashing + staking. Lives here because distribution is the highest of them.
 */
package io.lattice.distribution.app;
