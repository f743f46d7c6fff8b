/**
 * End-to-end tests: real local networks of separate node processes ({@code lattice up}) on
 * 127.0.0.1, driven under a steady load of signed transfers through kills, pauses and partitions, a
 * double-signing validator (a test-only node build in {@code io.lattice.e2e.byzantine}) and a full
 * node joining after 1,000+ blocks, and checked afterwards for one chain (same block hashes
 * everywhere), no lost or repeated committed transfer, and balances that add up.
 */
package io.lattice.e2e;
