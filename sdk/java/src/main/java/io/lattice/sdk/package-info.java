/**
 * The Lattice Java SDK: clients for the chat chain, the currency chain and cross-chain operations.
 */
package io.lattice.sdk;
