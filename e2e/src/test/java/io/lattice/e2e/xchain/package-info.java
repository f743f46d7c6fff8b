/**
 * End-to-end tests of issue 5 on the two-chain network of {@code lattice up} (chat and currency
 * chains, 4 validators and an API node each, the relayer), every node a separate process: encrypted
 * direct messages through the Java SDK, and atomic cross-chain registrations through validator
 * kills and a relayer stop.
 */
package io.lattice.e2e.xchain;
