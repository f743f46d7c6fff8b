/**
 * The node's reactors on the p2p {@link io.lattice.p2p.peer.Switch}: block sync, transaction gossip
 * and state sync.
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
 * <p>Downloading: each peer is asked for its status on connect and every second, and every node
 * sends its status to all peers after each block it commits (so a node following closely asks for a
 * new block at once). While a peer reports a height above the engine's committed height c, the
 * heights c+1 .. c+{@code window} (16) that peers have are requested, each from the least busy peer
 * that has it (at most {@code maxRequestsPerPeer}, 8, outstanding per peer; ties at random), so a
 * download spreads over peers. When the best peer is only one height ahead, the request waits until
 * {@code followDelay} (1 s) has passed since the engine's last commit: a node in consensus is one
 * height behind for a moment after each block and decides that height itself. A request unanswered
 * for {@code requestTimeout} (5 s), or answered {@code NoBlock}, goes to another peer. Downloaded
 * blocks wait (at most {@code maxBufferedBytes}, 64 MiB, beyond the next one) until the engine has
 * committed the height before; then the next block, if it extends the committed block ({@code
 * last_block_id}), is handed to {@code TendermintEngine.commitReceived}, which verifies the commit
 * against the validator set and decides the block. One block is with the engine at a time. The
 * engine drops a commit that comes before it has moved on to its height (right after a commit,
 * until its commit timeout fires): when its count of the peer's dropped messages grows, the block
 * is handed over again (the checks 1, 2, 4 .. 128 ms apart, then every 128 ms). A block not
 * committed within {@code deliveryTimeout} (3 s) plus one second per 256 KiB of block counts as
 * refused: its height is downloaded again from another peer, and nothing more is asked of the peer
 * that served it until that height is committed (then its block is judged, see below) — unless no
 * other peer has that height: then the sole source is asked again. Consensus runs meanwhile;
 * whichever decides a height first wins. {@code catchingUp()} is true while a peer is two or more
 * heights ahead.
 *
 * <p>Penalties (switch misbehaviour points; 100 bans, one decays per second): undecodable, empty or
 * malformed message (base above height) {@value io.lattice.node.p2p.BlockSync#MALFORMED_PENALTY}; a
 * block or {@code NoBlock} for a height not asked of that peer {@value
 * io.lattice.node.p2p.BlockSync#UNSOLICITED_PENALTY}; a block whose commit is for another height or
 * block, or has no signatures {@value io.lattice.node.p2p.BlockSync#INCONSISTENT_PENALTY}; a block
 * that does not extend the committed chain, or differs from the block the chain then commits at its
 * height {@value io.lattice.node.p2p.BlockSync#BAD_BLOCK_PENALTY}. A slow peer is not penalised; a
 * {@code NoBlock} for a height a peer claimed lowers its height until its next status.
 *
 * <p>Limits of the checks: blocks are judged by their hash, so a peer that serves the right block
 * with a commit whose signatures do not verify is not penalised (the engine's refusal cannot be
 * told from a commit that came too early); it costs at most one delivery timeout per height, during
 * which nothing else is asked of that peer. The engine counts dropped messages per peer id for
 * consensus messages too, so one of those dropped may cause a needless second hand-over (which the
 * engine drops as "decided already").
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
 *
 * <h2>State sync ({@link io.lattice.node.p2p.StateSyncServer}, {@link
 * io.lattice.node.p2p.StateSyncClient}, channel state-sync 0x60)</h2>
 *
 * <p>Every node serves the snapshots it takes (see {@code SnapshotTaker}), light blocks of every
 * stored height and the context of a snapshot (block, commit, results, three validator sets); a new
 * node with {@code statesync.enable} restores the newest snapshot it can verify before its
 * application opens, then block-syncs from that height. Messages, checks and penalties: {@code
 * docs/spec/formats.md} §9.
 */
package io.lattice.node.p2p;
