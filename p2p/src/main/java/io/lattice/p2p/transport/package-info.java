/**
 * The encrypted transport: length-prefixed frames ({@link io.lattice.p2p.transport.FrameDecoder}),
 * the Noise XX handshake binding the Noise static key to the node's ed25519 key ({@link
 * io.lattice.p2p.transport.NoiseHandshake}), channel multiplexing with priorities and bounded
 * queues, token-bucket rate limits and misbehaviour reports ({@link
 * io.lattice.p2p.transport.Connection}). The wire format is described in p2p/README.md.
 */
package io.lattice.p2p.transport;
