package io.lattice.xchain.ops;

import io.lattice.bank.BankSender;
import io.lattice.bank.ModuleAccount;
import io.lattice.proto.xchain.v1.CreateChannel;
import io.lattice.proto.xchain.v1.MsgCreateChannelWithFee;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.tx.Addresses;
import java.util.List;
import java.util.Optional;

/**
 * {@code create_channel_with_fee(name, kind, fee)} (docs/spec/xchain.md §5.2): the fee is escrowed
 * on the currency chain, the channel created on the chat chain (port {@value #PORT}), and on
 * success the fee is paid to the fee collector; otherwise it is refunded.
 */
public final class CreateChannelWithFee implements AtomicOperation {
  public static final String KIND = "create_channel_with_fee";
  public static final String PORT = "channels";
  public static final String MSG = "/lattice.xchain.v1.MsgCreateChannelWithFee";

  private final Optional<ChannelRegistry> channels;
  private final Optional<BankSender> bank;

  private CreateChannelWithFee(Optional<ChannelRegistry> channels, Optional<BankSender> bank) {
    this.channels = channels;
    this.bank = bank;
  }

  /** The currency chain's side: pays the fee to the fee collector on success. */
  public static CreateChannelWithFee source(BankSender bank) {
    return new CreateChannelWithFee(Optional.empty(), Optional.of(bank));
  }

  /** The chat chain's side: creates (and on rollback removes) channels. */
  public static CreateChannelWithFee destination(ChannelRegistry channels) {
    return new CreateChannelWithFee(Optional.of(channels), Optional.empty());
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public String port() {
    return PORT;
  }

  @Override
  public OpStatus confirmedStatus() {
    return OpStatus.OP_STATUS_CHAT_CHAIN_CONFIRMED;
  }

  @Override
  public List<MsgType<?>> messages(OpStarter starter) {
    return List.of(
        new MsgType<>(
            MSG,
            MsgCreateChannelWithFee.class,
            MsgCreateChannelWithFee.parser(),
            m -> List.of(m.getOwner()),
            CreateChannelWithFee::check,
            (ctx, m) -> start(ctx, starter, m)));
  }

  static void check(MsgCreateChannelWithFee m) throws TxException {
    Addresses.check(m.getOwner(), "owner");
    checkName(m.getName());
    OpInputs.checkCoin(m.getFee(), "fee");
  }

  private static void checkName(String name) throws TxException {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw OpInputs.invalid(
          "invalid channel name '" + name + "': 1-64 letters, digits, '_', '.' or '-'");
    }
  }

  private void start(Context ctx, OpStarter starter, MsgCreateChannelWithFee m) throws TxException {
    if (bank.isEmpty()) {
      throw OpInputs.invalid(KIND + " starts on the currency chain, not on " + ctx.chainId());
    }
    starter.start(
        ctx,
        this,
        m.getOwner(),
        List.of(m.getFee()),
        id ->
            CreateChannel.newBuilder()
                .setOpId(id)
                .setOwner(m.getOwner())
                .setName(m.getName())
                .setInviteOnly(m.getInviteOnly())
                .build()
                .toByteArray(),
        new byte[0]);
  }

  @Override
  public String onRecv(Context ctx, String opId, byte[] data) throws TxException {
    if (channels.isEmpty()) {
      throw OpInputs.invalid(KIND + " creates channels on the chat chain, not on " + ctx.chainId());
    }
    CreateChannel c = OpInputs.decode(CreateChannel.parser(), data, "CreateChannel");
    Addresses.check(c.getOwner(), "owner");
    channels.get().create(ctx, c.getOwner(), c.getName(), c.getInviteOnly());
    return c.getOwner();
  }

  @Override
  public void undo(Context ctx, byte[] data) {
    if (channels.isEmpty()) {
      return;
    }
    try {
      CreateChannel c = OpInputs.decode(CreateChannel.parser(), data, "CreateChannel");
      channels.get().remove(ctx, c.getName());
    } catch (TxException e) {
      throw new IllegalStateException("stored CreateChannel does not decode: " + e.reason(), e);
    }
  }

  @Override
  public void onSuccess(Context ctx, Op op) throws TxException {
    if (bank.isEmpty()) {
      throw OpInputs.invalid(KIND + " pays its fee on the currency chain, not on " + ctx.chainId());
    }
    bank.get().send(ctx, op.getOwner(), ModuleAccount.FEE_COLLECTOR.address(), op.getEscrowList());
  }
}
