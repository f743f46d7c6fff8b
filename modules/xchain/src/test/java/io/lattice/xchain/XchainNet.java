package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.lattice.proto.identity.v1.EncryptionKeys;
import io.lattice.proto.staking.v1.MsgCreateValidator;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import io.lattice.proto.xchain.v1.Op;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.runtime.tx.Coins;
import io.lattice.runtime.tx.TxBuilder;
import io.lattice.xchain.ops.CreateChannelWithFee;
import io.lattice.xchain.ops.RegisterUserWithStake;
import io.lattice.xchain.ops.StakeBonder;
import io.lattice.xchain.relayer.Relayer;
import java.time.Instant;
import java.util.Optional;

/**
 * Two linked in-process chains: {@code lattice-currency-1} (source of the operations, with staking
 * and a validator) and {@code lattice-chat-1} (the identity side), each with the other's genesis as
 * its light client's trust root, and a {@link Relayer} over in-process endpoints (account 0 of each
 * chain relays).
 */
final class XchainNet {
  static final String CURRENCY = "lattice-currency-1";
  static final String CHAT = "lattice-chat-1";
  static final Instant GENESIS = Instant.parse("2026-11-01T00:00:00Z");

  final SimChain currency;
  final SimChain chat;
  final Relayer relayer;
  final long initialSupply;

  /** The operator address of the currency chain's staking validator (account 1). */
  final String validator;

  final SimClock clock = new SimClock(GENESIS.plusSeconds(3));

  XchainNet(long seed, int accounts, ObjectNode xchainParams) {
    currency =
        new SimChain(
            CURRENCY,
            GENESIS,
            seed,
            accounts,
            4,
            (k, sim) -> {
              // The installed staking keeper delegates without a lock; module chains passes it on.
              StakeBonder bonder =
                  (ctx, owner, val, amount, lock) -> sim.staking.delegate(ctx, owner, val, amount);
              k.registerOperation(RegisterUserWithStake.source(bonder, "ulat"));
              k.registerOperation(CreateChannelWithFee.source(sim.bank));
            },
            false,
            clock);
    chat =
        new SimChain(
            CHAT,
            GENESIS.plusSeconds(3),
            seed + 1,
            accounts,
            4,
            (k, sim) -> {
              k.registerOperation(RegisterUserWithStake.destination(sim.identity.orElseThrow()));
              k.registerOperation(CreateChannelWithFee.destination(sim.channels.orElseThrow()));
            },
            true,
            clock);
    currency.genesis(currency.genesisJson(Optional.of(chat), xchainParams));
    chat.genesis(chat.genesisJson(Optional.of(currency), xchainParams));
    initialSupply = currency.supply();
    validator = currency.addresses.get(1);
    TxResult r =
        currency.deliver(
            1,
            MsgCreateValidator.newBuilder()
                .setOperatorAddress(validator)
                .setPubKey(TxBuilder.publicKey(currency.accounts.get(1).publicKey()))
                .setMoniker("v")
                .setCommissionRate("0.1")
                .setCommissionMaxRate("0.5")
                .setCommissionMaxChangeRate("0.05")
                .setMinSelfDelegation("1000")
                .setAmount(Coins.coin("ulat", 1_000_000))
                .build());
    assertThat(r.getCode()).as(r.getLog()).isZero();
    chat.block();
    relayer = new Relayer(currency.endpoint(0), chat.endpoint(0));
  }

  static EncryptionKeys keys(int n) {
    byte[] k = new byte[32];
    k[0] = (byte) n;
    k[1] = (byte) (n >> 8);
    return EncryptionKeys.newBuilder()
        .setIdentityKey(ByteString.copyFrom(k))
        .addPrekeys(ByteString.copyFrom(k))
        .build();
  }

  MsgRegisterWithStake register(int account, String username, long stake, String validator) {
    return MsgRegisterWithStake.newBuilder()
        .setOwner(currency.addresses.get(account))
        .setUsername(username)
        .setKeys(keys(account))
        .setStake(Coins.coin("ulat", stake))
        .setValidator(validator)
        .setLockSeconds(3600)
        .build();
  }

  /** The op id of the operation the last xchain.op event of {@code r} names. */
  static String opId(TxResult r) {
    return r.getEventsList().stream()
        .filter(e -> e.getType().equals("xchain.op"))
        .reduce((x, y) -> y)
        .orElseThrow()
        .getAttributes(0)
        .getValue();
  }

  Optional<Op> op(SimChain chain, String id) {
    return chain.xchain.ops().op(chain.app.stateAt(0), id);
  }

  OpStatus status(SimChain chain, String id) {
    return op(chain, id).map(Op::getStatus).orElse(OpStatus.OP_STATUS_UNSPECIFIED);
  }

  /**
   * Relays until neither chain has a pending packet (at most {@code rounds} rounds; a round that
   * moves nothing is followed by an empty block on each chain, as time passes on real chains).
   */
  int relayUntilIdle(int rounds) throws Exception {
    for (int i = 0; i < rounds; i++) {
      if (currency.xchain.packets().pending(currency.app.stateAt(0)).isEmpty()
          && chat.xchain.packets().pending(chat.app.stateAt(0)).isEmpty()) {
        return i;
      }
      var report = relayer.relayOnce();
      assertThat(report.refused()).as("refusals in round %d", i).isEmpty();
      if (report.idle()) {
        currency.block();
        chat.block();
      }
    }
    throw new AssertionError("packets still pending after " + rounds + " rounds");
  }

  long escrow() {
    return currency.balance(OpKeeper.ESCROW_ADDRESS);
  }
}
