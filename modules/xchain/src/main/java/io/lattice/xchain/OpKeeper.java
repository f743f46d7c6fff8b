package io.lattice.xchain;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lattice.bank.BankSender;
import io.lattice.bank.ModuleAccount;
import io.lattice.proto.Canonical;
import io.lattice.proto.DecodeException;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.proto.xchain.v1.Acknowledgement;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpReceipt;
import io.lattice.proto.xchain.v1.OpResult;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.proto.xchain.v1.OpStep;
import io.lattice.proto.xchain.v1.Packet;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.store.CacheStore;
import io.lattice.runtime.store.KVStore;
import io.lattice.runtime.tx.Coins;
import io.lattice.xchain.ops.AtomicOperation;
import io.lattice.xchain.ops.OpStarter;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Atomic operations (docs/spec/xchain.md §5): op records on both chains, the escrow in the {@code
 * xchain} module account, the packets' port handlers and the final {@code OpResult} packet.
 */
public final class OpKeeper implements OpStarter {
  /** The port of the final OpResult packets and the source port of every operation's packet. */
  public static final String PORT = "xchain";

  /** The escrow account of operations in flight. */
  public static final ModuleAccount ESCROW = new ModuleAccount("xchain");

  public static final String ESCROW_ADDRESS = ESCROW.address();

  private final XchainKeys keys;
  private final PacketKeeper packets;
  private final LightClientKeeper client;
  private final BankSender bank;
  private final Map<String, AtomicOperation> byKind = new TreeMap<>();

  OpKeeper(XchainKeys keys, PacketKeeper packets, LightClientKeeper client, BankSender bank) {
    this.keys = keys;
    this.packets = packets;
    this.client = client;
    this.bank = bank;
    packets.registerPort(PORT, new ResultPort());
  }

  void register(AtomicOperation op) {
    if (byKind.containsKey(op.kind())) {
      throw new IllegalArgumentException("operation " + op.kind() + " registered twice");
    }
    packets.registerPort(op.port(), new OperationPort(op));
    byKind.put(op.kind(), op);
  }

  List<AtomicOperation> operations() {
    return List.copyOf(byKind.values());
  }

  public Optional<Op> op(KVStore state, String id) {
    return keys.ops.get(state, id);
  }

  /** Operations of this chain still holding escrow, ascending by id. */
  public List<Op> open(KVStore state) {
    return keys.openOps.entries(state).stream()
        .map(e -> keys.ops.get(state, e.getKey()).orElseThrow())
        .toList();
  }

  @Override
  public Op start(
      Context ctx,
      AtomicOperation op,
      String owner,
      List<Coin> escrow,
      Function<String, byte[]> data,
      byte[] sourceArgs)
      throws TxException {
    if (!byKind.containsKey(op.kind())) {
      throw XchainCodes.error(
          XchainCodes.INVALID_OPERATION, "operation " + op.kind() + " is not registered");
    }
    client.activeClient(ctx.store());
    String id = ctx.chainId() + "/" + packets.nextSequence(ctx.store());
    if (!escrow.isEmpty()) {
      bank.send(ctx, owner, ESCROW_ADDRESS, escrow);
    }
    byte[] packetData = data.apply(id);
    Packet packet = packets.send(ctx, PORT, op.port(), packetData);
    Op record =
        Op.newBuilder()
            .setId(id)
            .setKind(op.kind())
            .setStatus(OpStatus.OP_STATUS_PENDING)
            .addSteps(step(ctx, OpStatus.OP_STATUS_PENDING))
            .setSourceChainId(ctx.chainId())
            .setSourceHeight(ctx.height())
            .setOwner(owner)
            .addAllEscrow(escrow)
            .setData(ByteString.copyFrom(packetData))
            .setSourceArgs(ByteString.copyFrom(sourceArgs))
            .setSequence(packet.getSequence())
            .build();
    keys.ops.set(ctx.store(), id, record);
    keys.openOps.set(ctx.store(), id, new byte[0]);
    emit(ctx, record);
    return record;
  }

  private static OpStep step(Context ctx, OpStatus status) {
    return OpStep.newBuilder()
        .setStatus(status)
        .setChainId(ctx.chainId())
        .setHeight(ctx.height())
        .setTimeMs(ctx.time().toEpochMilli())
        .build();
  }

  private static void emit(Context ctx, Op op) {
    ctx.emit(
        "xchain.op",
        "id",
        op.getId(),
        "kind",
        op.getKind(),
        "status",
        XchainQueries.statusName(op.getStatus()),
        "reason",
        op.getReason());
  }

  /** Source side: the operation's packet was acknowledged (§5.1 step 3). */
  private void acknowledged(Context ctx, Packet packet, Acknowledgement ack) {
    Optional<Op> found = openOp(ctx.store(), ctx.chainId() + "/" + packet.getSequence());
    if (found.isEmpty()) {
      return;
    }
    Op op = found.get();
    AtomicOperation kind = byKind.get(op.getKind());
    Op.Builder b = op.toBuilder();
    if (ack.hasError()) {
      refund(ctx, op);
      finish(ctx, b, false, "refused by " + counterparty(ctx) + ": " + ack.getError());
      return;
    }
    OpReceipt receipt = receipt(ack.getResult());
    b.addSteps(
        OpStep.newBuilder()
            .setStatus(
                kind == null ? OpStatus.OP_STATUS_CHAT_CHAIN_CONFIRMED : kind.confirmedStatus())
            .setChainId(counterparty(ctx))
            .setHeight(receipt.getHeight())
            .setTimeMs(receipt.getTimeMs()));
    CacheStore cache = new CacheStore(ctx.store());
    Context inner = new Context(cache, ctx.gas(), ctx.chainId(), ctx.height(), ctx.time());
    try {
      if (kind == null) {
        throw XchainCodes.error(
            XchainCodes.INVALID_OPERATION, "operation " + op.getKind() + " is not registered");
      }
      if (op.getEscrowCount() > 0) {
        bank.send(inner, ESCROW_ADDRESS, op.getOwner(), op.getEscrowList());
      }
      kind.onSuccess(inner, op);
      cache.write();
      inner.events().forEach(ctx::emit);
      finish(ctx, b, true, "");
    } catch (TxException e) {
      refund(ctx, op);
      finish(ctx, b, false, "could not complete on " + ctx.chainId() + ": " + e.reason());
    }
  }

  /** Source side: the operation's packet timed out (§5.1 step 4). */
  private void timedOut(Context ctx, Packet packet) {
    Optional<Op> found = openOp(ctx.store(), ctx.chainId() + "/" + packet.getSequence());
    if (found.isEmpty()) {
      return;
    }
    refund(ctx, found.get());
    finish(ctx, found.get().toBuilder(), false, "timed out");
  }

  private Optional<Op> openOp(KVStore state, String id) {
    if (!keys.openOps.has(state, id)) {
      return Optional.empty();
    }
    return keys.ops.get(state, id);
  }

  private void refund(Context ctx, Op op) {
    if (op.getEscrowCount() == 0) {
      return;
    }
    try {
      bank.send(ctx, ESCROW_ADDRESS, op.getOwner(), op.getEscrowList());
    } catch (TxException e) {
      throw new IllegalStateException(
          "escrow of " + op.getId() + " is missing (supply invariant broken): " + e.reason(), e);
    }
  }

  private void finish(Context ctx, Op.Builder b, boolean success, String reason) {
    OpStatus status = success ? OpStatus.OP_STATUS_ATOMIC_SUCCESS : OpStatus.OP_STATUS_ROLLED_BACK;
    b.setStatus(status).setReason(reason).addSteps(step(ctx, status));
    Op done = b.build();
    keys.ops.set(ctx.store(), done.getId(), done);
    keys.openOps.remove(ctx.store(), done.getId());
    emit(ctx, done);
    sendResult(ctx, result(done));
  }

  private static OpResult result(Op op) {
    return OpResult.newBuilder()
        .setOpId(op.getId())
        .setSuccess(op.getStatus() == OpStatus.OP_STATUS_ATOMIC_SUCCESS)
        .setReason(op.getReason())
        .addAllSteps(op.getStepsList())
        .setKind(op.getKind())
        .build();
  }

  private void sendResult(Context ctx, OpResult result) {
    try {
      packets.send(ctx, PORT, PORT, result.toByteArray());
    } catch (TxException e) {
      throw new IllegalStateException("cannot send the OpResult of " + result.getOpId(), e);
    }
  }

  private String counterparty(Context ctx) {
    return client.client(ctx.store()).map(c -> c.getChainId()).orElse("");
  }

  private static OpReceipt receipt(ByteString bytes) {
    try {
      return OpReceipt.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return OpReceipt.getDefaultInstance();
    }
  }

  /** Destination side: the source's final OpResult (§5 "final OpResult packet"). */
  private void applyResult(Context ctx, OpResult r) {
    Optional<Op> existing = keys.ops.get(ctx.store(), r.getOpId());
    OpStatus status =
        r.getSuccess() ? OpStatus.OP_STATUS_ATOMIC_SUCCESS : OpStatus.OP_STATUS_ROLLED_BACK;
    Op.Builder b;
    if (existing.isPresent()) {
      Op op = existing.get();
      if (op.getStatus() == OpStatus.OP_STATUS_ATOMIC_SUCCESS
          || op.getStatus() == OpStatus.OP_STATUS_ROLLED_BACK) {
        return;
      }
      if (!r.getSuccess()) {
        AtomicOperation kind = byKind.get(op.getKind());
        if (kind != null) {
          kind.undo(ctx, op.getData().toByteArray());
        }
      }
      b = op.toBuilder();
    } else {
      b =
          Op.newBuilder()
              .setId(r.getOpId())
              .setKind(r.getKind())
              .setSourceChainId(counterparty(ctx));
    }
    b.setStatus(status).setReason(r.getReason()).clearSteps().addAllSteps(r.getStepsList());
    Op done = b.build();
    keys.ops.set(ctx.store(), done.getId(), done);
    emit(ctx, done);
  }

  /** Port {@value #PORT}: OpResult packets in, and the acks and timeouts of every op packet. */
  private final class ResultPort implements PortHandler {
    @Override
    public byte[] onRecv(Context ctx, Packet packet) throws TxException {
      OpResult r;
      try {
        r =
            Canonical.decode(
                OpResult.parser(),
                packet.getData().toByteArray(),
                PacketKeeper.MAX_DATA_BYTES,
                "OpResult");
      } catch (DecodeException e) {
        throw XchainCodes.error(XchainCodes.INVALID_PACKET, e.reason());
      }
      String expectedPrefix = counterparty(ctx) + "/";
      if (!r.getOpId().startsWith(expectedPrefix)) {
        throw XchainCodes.error(
            XchainCodes.INVALID_PACKET,
            "OpResult for operation "
                + r.getOpId()
                + " that did not start on "
                + counterparty(ctx));
      }
      applyResult(ctx, r);
      return new byte[0];
    }

    @Override
    public void onAck(Context ctx, Packet packet, Acknowledgement ack) {
      if (!packet.getDestinationPort().equals(PORT)) {
        acknowledged(ctx, packet, ack);
      }
    }

    @Override
    public void onTimeout(Context ctx, Packet packet) throws TxException {
      if (!packet.getDestinationPort().equals(PORT)) {
        timedOut(ctx, packet);
        return;
      }
      // An OpResult that timed out is sent again: the destination must learn the outcome.
      packets.send(ctx, PORT, PORT, packet.getData().toByteArray());
    }
  }

  /** The destination port of one operation kind. */
  private final class OperationPort implements PortHandler {
    private final AtomicOperation op;

    OperationPort(AtomicOperation op) {
      this.op = op;
    }

    @Override
    public byte[] onRecv(Context ctx, Packet packet) throws TxException {
      if (!packet.getSourcePort().equals(PORT)) {
        throw XchainCodes.error(
            XchainCodes.INVALID_PACKET,
            "port " + op.port() + " accepts packets from port " + PORT + " only");
      }
      String id = counterparty(ctx) + "/" + packet.getSequence();
      String owner = op.onRecv(ctx, id, packet.getData().toByteArray());
      Op record =
          Op.newBuilder()
              .setId(id)
              .setKind(op.kind())
              .setStatus(op.confirmedStatus())
              .addSteps(step(ctx, op.confirmedStatus()))
              .setSourceChainId(counterparty(ctx))
              .setOwner(owner)
              .setData(packet.getData())
              .setSequence(packet.getSequence())
              .build();
      keys.ops.set(ctx.store(), id, record);
      emit(ctx, record);
      return OpReceipt.newBuilder()
          .setHeight(ctx.height())
          .setTimeMs(ctx.time().toEpochMilli())
          .build()
          .toByteArray();
    }

    @Override
    public void onAck(Context ctx, Packet packet, Acknowledgement ack) throws TxException {
      throw XchainCodes.error(XchainCodes.UNKNOWN_PORT, "port " + op.port() + " sends no packets");
    }

    @Override
    public void onTimeout(Context ctx, Packet packet) throws TxException {
      throw XchainCodes.error(XchainCodes.UNKNOWN_PORT, "port " + op.port() + " sends no packets");
    }
  }

  /**
   * The supply invariant of xchain.md §5.4: the escrow account holds exactly the escrow of the
   * operations still open; returns the difference, or empty.
   */
  Optional<String> escrowMismatch(KVStore state) {
    SortedMap<String, BigInteger> expected = new TreeMap<>();
    for (Op op : open(state)) {
      for (Coin c : op.getEscrowList()) {
        expected.merge(c.getDenom(), new BigInteger(c.getAmount()), BigInteger::add);
      }
    }
    SortedMap<String, BigInteger> actual = new TreeMap<>();
    for (Coin c : bank.balances(state, ESCROW_ADDRESS)) {
      actual.put(c.getDenom(), new BigInteger(c.getAmount()));
    }
    if (expected.equals(actual)) {
      return Optional.empty();
    }
    return Optional.of(
        "escrow account holds "
            + format(actual)
            + " but open operations escrow "
            + format(expected));
  }

  private static String format(SortedMap<String, BigInteger> m) {
    if (m.isEmpty()) {
      return "nothing";
    }
    return Coins.format(
        m.entrySet().stream().map(e -> Coins.coin(e.getKey(), e.getValue())).toList());
  }
}
