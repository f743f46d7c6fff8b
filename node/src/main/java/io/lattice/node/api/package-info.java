/**
 * The node's REST/WebSocket API (Javalin), its OpenAPI document, the faucet, and the {@link
 * io.lattice.node.api.ChainView} port through which it reads the chain: blocks, transactions and
 * accounts, state proofs, light blocks for light clients and the cross-chain relayer, and every
 * module's query routes (generically and under friendly aliases).
 */
package io.lattice.node.api;
