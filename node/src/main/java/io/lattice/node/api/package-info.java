/**
 * The node's REST/WebSocket API (Javalin), its OpenAPI document, the faucet, and the {@link
 * io.lattice.node.api.ChainView} port through which it reads the chain.
 */
package io.lattice.node.api;
