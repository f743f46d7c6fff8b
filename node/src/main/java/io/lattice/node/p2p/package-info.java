/**
 * The node's reactors on the p2p {@link io.lattice.p2p.peer.Switch}: block sync and transaction
 * gossip.
 *
 * <h2>Block sync ({@link io.lattice.node.p2p.BlockSync}, channel block-sync 0x40)</h2>
 *
 * <p>Messages ({@code lattice.p2p.v1.BlockSyncMessage}, proto/.../lattice/p2p/v1/sync.proto; each
 * channel message is one {@code BlockSyncMessage}, decoded strictly with {@code Canonical.decode}
 * within the channel's 16 MiB limit):
 *
 * <ul>
 *   <li>{@code StatusRequest{}} → {@code StatusResponse{base, height}}: the stored heights.
 *   <li>{@code BlockRequest{height}} → {@code BlockResponse{block, commit}} or {@code
 *       NoBlock{height}} (not stored, above the limit of one message, or too many requests of that
 *       peer at once).
 * </ul>
 *
 * <p>Serving: every node answers from its block store, on one thread of its own, at most {@code
 * maxServedPerPeer} (20) requests of one peer at a time; a request beyond that is answered with
 * {@code NoBlock} and costs the peer {@value io.lattice.node.p2p.BlockSync#FLOOD_PENALTY} points.
 *
 * <p>Downloading: each peer is asked for its status on connect and every second. While a peer
 * reports a height above the engine's committed height c, the heights c+1 .. c+{@code window} (16)
 * that peers have are requested, each from the least busy peer that has it (at most {@code
 * maxRequestsPerPeer}, 8, outstanding per peer; ties at random), so a download spreads over peers.
 * A request unanswered for {@code requestTimeout} (5 s), or answered {@code NoBlock}, goes to
 * another peer. Downloaded blocks wait (at most {@code maxBufferedBytes}, 64 MiB, beyond the next
 * one) until the engine has committed the height before; then the next block, if it extends the
 * committed block ({@code last_block_id}), is handed to {@code TendermintEngine.commitReceived},
 * which verifies the commit against the validator set and decides the block. One block is with the
 * engine at a time: the next goes once the engine reports the commit; if it does not within {@code
 * deliveryTimeout} (3 s), the block counts as refused and the height is downloaded again from
 * another peer. Consensus runs meanwhile; whichever decides a height first wins. {@code
 * catchingUp()} is true while a peer is two or more heights ahead.
 *
 * <p>Penalties (switch misbehaviour points; 100 bans, one decays per second): undecodable, empty or
 * malformed message (base above height) {@value io.lattice.node.p2p.BlockSync#MALFORMED_PENALTY}; a
 * block or {@code NoBlock} for a height not asked of that peer {@value
 * io.lattice.node.p2p.BlockSync#UNSOLICITED_PENALTY}; a block whose commit is for another height or
 * block, or has no signatures {@value io.lattice.node.p2p.BlockSync#INCONSISTENT_PENALTY}; a block
 * that does not extend the committed chain, or differs from the block the chain then commits at its
 * height {@value io.lattice.node.p2p.BlockSync#BAD_BLOCK_PENALTY}. A slow peer is not penalised.
 *
 * <h2>Transaction gossip ({@link io.lattice.node.p2p.TxGossip}, channel mempool 0x30)</h2>
 *
 * <p>A message is one transaction's bytes (at most the channel's 1 MiB). A transaction is relayed
 * only once the local mempool admitted it, and only to peers not known to have it (per peer, the
 * last {@value io.lattice.node.p2p.TxGossip#KNOWN_PER_PEER} hashes it sent or was sent). Hashes
 * seen in the last {@value io.lattice.node.p2p.TxGossip#SEEN} transactions are dropped before the
 * mempool. A transaction refused for a reason that does not depend on state (undecodable, bad
 * address, key, coins or gas limit, no signatures, wrong chain id, too large) costs the sender
 * {@value io.lattice.node.p2p.TxGossip#INVALID_TX_PENALTY} points; duplicates, a full mempool, a
 * stale sequence, fees and balances cost nothing.
 */
package io.lattice.node.p2p;
