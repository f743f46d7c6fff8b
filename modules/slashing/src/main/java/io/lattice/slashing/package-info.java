/**
 * The slashing module: per-validator signing info over a sliding window of blocks, jailing and
 * slashing for downtime, slashing and tombstoning for double signing, and {@code MsgUnjail}. Spec:
 * {@code modules/slashing/README.md}.
 */
package io.lattice.slashing;
