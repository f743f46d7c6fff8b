package io.lattice.xchain.ops;

import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.proto.xchain.v1.RegisterIdentity;
import io.lattice.proto.xchain.v1.RegisterWithStakeArgs;
import io.lattice.runtime.module.Context;
import io.lattice.runtime.module.MsgType;
import io.lattice.runtime.module.TxException;
import io.lattice.runtime.tx.Addresses;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * {@code register_user_with_stake(username, keys, stake)} (docs/spec/xchain.md §5.1): the stake is
 * escrowed on the currency chain, the identity registered on the chat chain (port {@value #PORT}),
 * then the stake bonded. The currency chain builds it with {@link #source}, the chat chain with
 * {@link #destination}; both register it so that the message type and the records exist on both.
 */
public final class RegisterUserWithStake implements AtomicOperation {
  public static final String KIND = "register_user_with_stake";
  public static final String PORT = "identity";
  public static final String MSG = "/lattice.xchain.v1.MsgRegisterWithStake";

  private final Optional<IdentityRegistry> identity;
  private final Optional<StakeBonder> bonder;
  private final String bondDenom;

  private RegisterUserWithStake(
      Optional<IdentityRegistry> identity, Optional<StakeBonder> bonder, String bondDenom) {
    this.identity = identity;
    this.bonder = bonder;
    this.bondDenom = bondDenom;
  }

  /**
   * The currency chain's side: escrow, then bond {@code bondDenom} stake through {@code bonder}.
   */
  public static RegisterUserWithStake source(StakeBonder bonder, String bondDenom) {
    return new RegisterUserWithStake(Optional.empty(), Optional.of(bonder), bondDenom);
  }

  /** The chat chain's side: registers (and on rollback removes) identities. */
  public static RegisterUserWithStake destination(IdentityRegistry identity) {
    return new RegisterUserWithStake(Optional.of(identity), Optional.empty(), "");
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
            MsgRegisterWithStake.class,
            MsgRegisterWithStake.parser(),
            m -> List.of(m.getOwner()),
            RegisterUserWithStake::check,
            (ctx, m) -> start(ctx, starter, m)));
  }

  static void check(MsgRegisterWithStake m) throws TxException {
    Addresses.check(m.getOwner(), "owner");
    Addresses.check(m.getValidator(), "validator");
    OpInputs.checkUsername(m.getUsername());
    OpInputs.checkKeys(m.getKeys());
    OpInputs.checkCoin(m.getStake(), "stake");
    if (m.getLockSeconds() > OpInputs.MAX_LOCK_SECONDS) {
      throw OpInputs.invalid(
          "lock_seconds must be at most "
              + OpInputs.MAX_LOCK_SECONDS
              + ", got "
              + m.getLockSeconds());
    }
  }

  private void start(Context ctx, OpStarter starter, MsgRegisterWithStake m) throws TxException {
    if (bonder.isEmpty()) {
      throw OpInputs.invalid(KIND + " starts on the currency chain, not on " + ctx.chainId());
    }
    if (!m.getStake().getDenom().equals(bondDenom)) {
      throw OpInputs.invalid(
          "stake must be in the bond denom " + bondDenom + ", got " + m.getStake().getDenom());
    }
    starter.start(
        ctx,
        this,
        m.getOwner(),
        List.of(m.getStake()),
        id ->
            RegisterIdentity.newBuilder()
                .setOpId(id)
                .setOwner(m.getOwner())
                .setUsername(m.getUsername())
                .setKeys(m.getKeys())
                .build()
                .toByteArray(),
        RegisterWithStakeArgs.newBuilder()
            .setValidator(m.getValidator())
            .setLockSeconds(m.getLockSeconds())
            .build()
            .toByteArray());
  }

  @Override
  public String onRecv(Context ctx, String opId, byte[] data) throws TxException {
    if (identity.isEmpty()) {
      throw OpInputs.invalid(
          KIND + " registers identities on the chat chain, not on " + ctx.chainId());
    }
    RegisterIdentity r = OpInputs.decode(RegisterIdentity.parser(), data, "RegisterIdentity");
    Addresses.check(r.getOwner(), "owner");
    OpInputs.checkKeys(r.getKeys());
    identity.get().register(ctx, r.getOwner(), r.getUsername(), r.getKeys());
    return r.getOwner();
  }

  @Override
  public void undo(Context ctx, byte[] data) {
    if (identity.isEmpty()) {
      return;
    }
    try {
      RegisterIdentity r = OpInputs.decode(RegisterIdentity.parser(), data, "RegisterIdentity");
      identity.get().remove(ctx, r.getOwner(), r.getUsername());
    } catch (TxException e) {
      throw new IllegalStateException("stored RegisterIdentity does not decode: " + e.reason(), e);
    }
  }

  @Override
  public void onSuccess(Context ctx, Op op) throws TxException {
    if (bonder.isEmpty()) {
      throw OpInputs.invalid(KIND + " bonds stake on the currency chain, not on " + ctx.chainId());
    }
    RegisterWithStakeArgs args =
        OpInputs.decode(
            RegisterWithStakeArgs.parser(), op.getSourceArgs().toByteArray(), "source args");
    BigInteger amount = new BigInteger(op.getEscrow(0).getAmount());
    bonder.get().bond(ctx, op.getOwner(), args.getValidator(), amount, args.getLockSeconds());
  }
}
