/**
 * The cross-chain relayer process ({@code lattice relayer start}): the xchain relayer core over
 * each chain's REST API.
 */
package io.lattice.node.relayer;
