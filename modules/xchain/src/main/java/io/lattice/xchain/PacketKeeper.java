package io.lattice.xchain;

import com.google.protobuf.ByteString;
import io.lattice.consensus.block.Votes;
import io.lattice.crypto.Hashes;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.ClientState;
import io.lattice.proto.xchain.v1.ConsensusState;
import io.lattice.proto.xchain.v1.MsgAcknowledgement;
import io.lattice.proto.xchain.v1.MsgRecvPacket;
import io.lattice.proto.xchain.v1.MsgTimeout;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.proto.xchain.v1.Params;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.KVStore;
import io.lattice.storage.state.StateProof;
import io.lattice.storage.state.StateProofVerifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Packets (docs/spec/xchain.md §3, §4): sending with a commitment, and the three relay messages
 * with their proofs against the light client's consensus states.
 */
public final class PacketKeeper {
  /** xchain.md §4.4. */
  public static final int MAX_DATA_BYTES = 64 * 1024;

  static final byte[] RECEIPT = {0x01};

  private final XchainKeys keys;
  private final LightClientKeeper client;
  private final ParamsKeeper params;
  private final Map<String, PortHandler> ports = new TreeMap<>();

  PacketKeeper(XchainKeys keys, LightClientKeeper client, ParamsKeeper params) {
    this.keys = keys;
    this.client = client;
    this.params = params;
  }

  void registerPort(String port, PortHandler handler) {
    if (!port.matches("[a-z][a-z0-9_]{0,31}")) {
      throw new IllegalArgumentException("invalid port name '" + port + "'");
    }
    if (ports.putIfAbsent(port, handler) != null) {
      throw new IllegalArgumentException("port " + port + " registered twice");
    }
  }

  public static byte[] commitment(Packet p) {
    return Hashes.sha256(p.toByteArray());
  }

  public static byte[] ackHash(Acknowledgement a) {
    return Hashes.sha256(a.toByteArray());
  }

  /**
   * Sends a packet from {@code sourcePort}: the next sequence, its commitment and the stored packet
   * (xchain.md §3). The timeouts are counted from the light client's view of the counterparty: its
   * latest height plus {@code op_timeout_blocks}, its latest time plus {@code op_timeout_ms}.
   */
  Packet send(Context ctx, String sourcePort, String destinationPort, byte[] data)
      throws TxException {
    ClientState c = client.activeClient(ctx.store());
    if (data.length > MAX_DATA_BYTES) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PACKET,
          "packet data too large: " + data.length + " bytes > " + MAX_DATA_BYTES);
    }
    Params p = params.get(ctx.store());
    ConsensusState latest = client.consensusState(ctx.store(), c.getLatestHeight()).orElseThrow();
    long seq = Math.max(1, keys.nextSend.peek(ctx.store()));
    keys.nextSend.set(ctx.store(), seq + 1);
    Packet packet =
        Packet.newBuilder()
            .setSequence(seq)
            .setSourcePort(sourcePort)
            .setDestinationPort(destinationPort)
            .setData(ByteString.copyFrom(data))
            .setTimeoutHeight(
                p.getOpTimeoutBlocks() == 0 ? 0 : c.getLatestHeight() + p.getOpTimeoutBlocks())
            .setTimeoutTimeMs(
                p.getOpTimeoutMs() == 0
                    ? 0
                    : Math.max(
                            ctx.time().toEpochMilli(),
                            Votes.instant(latest.getTime()).toEpochMilli())
                        + p.getOpTimeoutMs())
            .build();
    keys.commitments.set(ctx.store(), seq, commitment(packet));
    keys.packets.set(ctx.store(), seq, packet);
    ctx.emit(
        "xchain.send",
        "sequence",
        Long.toString(seq),
        "source_port",
        sourcePort,
        "destination_port",
        destinationPort,
        "timeout_height",
        Long.toString(packet.getTimeoutHeight()),
        "timeout_time_ms",
        Long.toString(packet.getTimeoutTimeMs()));
    return packet;
  }

  /** Stateless checks of a relayed packet (xchain.md §3, §4.4). */
  static void checkPacket(Packet p) throws TxException {
    if (p.getSequence() == 0) {
      throw XchainCodes.error(XchainCodes.INVALID_PACKET, "packet sequence must be at least 1");
    }
    if (p.getSourcePort().isEmpty() || p.getDestinationPort().isEmpty()) {
      throw XchainCodes.error(XchainCodes.INVALID_PACKET, "packet ports must not be empty");
    }
    if (p.getTimeoutHeight() == 0 && p.getTimeoutTimeMs() == 0) {
      throw XchainCodes.error(XchainCodes.INVALID_PACKET, "packet has no timeout");
    }
    if (p.getTimeoutTimeMs() < 0) {
      throw XchainCodes.error(XchainCodes.INVALID_PACKET, "packet timeout_time_ms is negative");
    }
    if (p.getData().size() > MAX_DATA_BYTES) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PACKET,
          "packet data too large: " + p.getData().size() + " bytes > " + MAX_DATA_BYTES);
    }
  }

  /** MsgRecvPacket, in the order of xchain.md §4.1. */
  void recv(Context ctx, MsgRecvPacket m) throws TxException {
    Packet p = m.getPacket();
    long seq = p.getSequence();
    ConsensusState root = client.proofRoot(ctx.store(), m.getProofHeight()); // §4.1 step 1
    PortHandler handler = ports.get(p.getDestinationPort()); // step 2
    if (handler == null) {
      throw XchainCodes.error(
          XchainCodes.UNKNOWN_PORT, "unknown port '" + p.getDestinationPort() + "'");
    }
    long now = ctx.time().toEpochMilli(); // step 3
    if (p.getTimeoutHeight() != 0 && ctx.height() >= p.getTimeoutHeight()) {
      throw XchainCodes.error(
          XchainCodes.PACKET_TIMED_OUT,
          "packet timed out at height "
              + p.getTimeoutHeight()
              + " (this block is "
              + ctx.height()
              + ")");
    }
    if (p.getTimeoutTimeMs() != 0 && now >= p.getTimeoutTimeMs()) {
      throw XchainCodes.error(
          XchainCodes.PACKET_TIMED_OUT,
          "packet timed out at time " + p.getTimeoutTimeMs() + " ms (this block is " + now + ")");
    }
    if (keys.receipts.has(ctx.store(), seq)) { // step 4
      throw XchainCodes.error(
          XchainCodes.ALREADY_RECEIVED, "packet already received (sequence " + seq + ")");
    }
    verifyProof( // step 5
        root,
        XchainKeys.commitmentKey(seq),
        Optional.of(commitment(p)),
        m.getProofCommitment(),
        "commitment");
    // step 6: onRecv in a nested cache
    CacheStore cache = new CacheStore(ctx.store());
    Context inner = new Context(cache, ctx.gas(), ctx.chainId(), ctx.height(), ctx.time());
    Acknowledgement ack;
    try {
      byte[] result = handler.onRecv(inner, p);
      cache.write();
      inner.events().forEach(ctx::emit);
      ack = Acknowledgement.newBuilder().setResult(ByteString.copyFrom(result)).build();
    } catch (TxException e) {
      ack = Acknowledgement.newBuilder().setError(e.reason()).build();
    }
    keys.receipts.set(ctx.store(), seq, RECEIPT);
    keys.acks.set(ctx.store(), seq, ackHash(ack));
    keys.ackData.set(ctx.store(), seq, ack);
    ctx.emit(
        "xchain.recv",
        "sequence",
        Long.toString(seq),
        "source_port",
        p.getSourcePort(),
        "destination_port",
        p.getDestinationPort(),
        "ack",
        ack.hasError() ? "error" : "result");
  }

  /** MsgAcknowledgement (xchain.md §4.2). */
  void acknowledge(Context ctx, MsgAcknowledgement m) throws TxException {
    Packet p = m.getPacket();
    Acknowledgement ack = m.getAcknowledgement();
    if (ack.getResponseCase() == Acknowledgement.ResponseCase.RESPONSE_NOT_SET) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PACKET, "acknowledgement has neither result nor error");
    }
    requirePending(ctx.store(), p); // step 1
    ConsensusState root = client.proofRoot(ctx.store(), m.getProofHeight()); // step 2
    verifyProof(
        root,
        XchainKeys.ackKey(p.getSequence()),
        Optional.of(ackHash(ack)),
        m.getProofAcked(),
        "acknowledgement");
    PortHandler handler = sourceHandler(p);
    keys.commitments.remove(ctx.store(), p.getSequence()); // step 3
    keys.packets.remove(ctx.store(), p.getSequence());
    ctx.emit(
        "xchain.acknowledge",
        "sequence",
        Long.toString(p.getSequence()),
        "source_port",
        p.getSourcePort(),
        "ack",
        ack.hasError() ? "error" : "result");
    try {
      handler.onAck(ctx, p, ack);
    } catch (TxException e) {
      throw XchainCodes.error(
          XchainCodes.ACK_HANDLER_FAILED,
          "port " + p.getSourcePort() + " failed to process the acknowledgement: " + e.reason());
    }
  }

  /** MsgTimeout (xchain.md §4.3). */
  void timeout(Context ctx, MsgTimeout m) throws TxException {
    Packet p = m.getPacket();
    requirePending(ctx.store(), p); // step 1
    ConsensusState root = client.proofRoot(ctx.store(), m.getProofHeight()); // step 2
    long destTime = Votes.instant(root.getTime()).toEpochMilli();
    boolean pastHeight = p.getTimeoutHeight() != 0 && root.getHeight() >= p.getTimeoutHeight();
    boolean pastTime = p.getTimeoutTimeMs() != 0 && destTime >= p.getTimeoutTimeMs();
    if (!pastHeight && !pastTime) {
      throw XchainCodes.error(
          XchainCodes.NOT_TIMED_OUT,
          "packet has not timed out on the destination: height "
              + root.getHeight()
              + " time "
              + destTime
              + " ms, timeout height "
              + p.getTimeoutHeight()
              + " time "
              + p.getTimeoutTimeMs()
              + " ms");
    }
    verifyProof( // step 3
        root,
        XchainKeys.receiptKey(p.getSequence()),
        Optional.empty(),
        m.getProofUnreceived(),
        "non-receipt");
    PortHandler handler = sourceHandler(p);
    keys.commitments.remove(ctx.store(), p.getSequence()); // step 4
    keys.packets.remove(ctx.store(), p.getSequence());
    ctx.emit(
        "xchain.timeout",
        "sequence",
        Long.toString(p.getSequence()),
        "source_port",
        p.getSourcePort());
    handler.onTimeout(ctx, p);
  }

  private PortHandler sourceHandler(Packet p) throws TxException {
    PortHandler h = ports.get(p.getSourcePort());
    if (h == null) {
      throw XchainCodes.error(
          XchainCodes.UNKNOWN_PORT, "unknown source port '" + p.getSourcePort() + "'");
    }
    return h;
  }

  private void requirePending(KVStore state, Packet p) throws TxException {
    byte[] stored =
        keys.commitments
            .get(state, p.getSequence())
            .orElseThrow(() ->
                XchainCodes.error(
                    XchainCodes.NO_PENDING_PACKET,
                    "no pending packet with sequence " + p.getSequence()));
    if (!Arrays.equals(stored, commitment(p))) {
      throw XchainCodes.error(
          XchainCodes.PACKET_MISMATCH,
          "packet does not match its commitment (sequence " + p.getSequence() + ")");
    }
  }

  private static void verifyProof(
      ConsensusState root, byte[] key, Optional<byte[]> value, ByteString proof, String what)
      throws TxException {
    StateProof decoded;
    try {
      decoded = StateProof.decode(proof.toByteArray());
    } catch (IllegalArgumentException e) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PROOF, "invalid " + what + " proof: " + e.getMessage());
    }
    Optional<String> failure =
        StateProofVerifier.failure(root.getAppHash().toByteArray(), key, value, decoded);
    if (failure.isPresent()) {
      throw XchainCodes.error(
          XchainCodes.INVALID_PROOF,
          "invalid " + what + " proof at height " + (root.getHeight() - 1) + ": " + failure.get());
    }
  }

  /** Pending packets (commitments not yet acknowledged or timed out), ascending by sequence. */
  public List<Packet> pending(KVStore state) {
    return keys.packets.entries(state).stream().map(Map.Entry::getValue).toList();
  }

  public Optional<byte[]> commitment(KVStore state, long seq) {
    return keys.commitments.get(state, seq);
  }

  public boolean received(KVStore state, long seq) {
    return keys.receipts.has(state, seq);
  }

  /** The acknowledgement written for received packet {@code seq}. */
  public Optional<Acknowledgement> ack(KVStore state, long seq) {
    return keys.ackData.get(state, seq);
  }

  public long nextSequence(KVStore state) {
    return Math.max(1, keys.nextSend.peek(state));
  }
}
