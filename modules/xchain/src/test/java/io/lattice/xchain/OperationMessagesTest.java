package io.lattice.xchain;

import static io.lattice.xchain.Refusals.ok;
import static io.lattice.xchain.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.lattice.bank.ModuleAccount;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.xchain.v1.MsgCreateChannelWithFee;
import io.lattice.proto.xchain.v1.MsgRegisterWithStake;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.runtime.tx.Codes;
import io.lattice.runtime.tx.Coins;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MsgRegisterWithStake and MsgCreateChannelWithFee: starting refusals and the fee operation. */
class OperationMessagesTest {
  private final XchainNet net = new XchainNet(31, 6, AtomicOperationTest.params(100));

  private void refusedAtCheck(MsgRegisterWithStake m, String reason) {
    Map<String, String> before = Relay.snapshot(net.currency, "xchain/");
    TxResult r = net.currency.deliver(2, m);
    assertThat(r.getCode()).as(Relay.describe(r)).isNotZero();
    assertThat(r.getLog()).contains(reason);
    assertThat(Relay.snapshot(net.currency, "xchain/")).isEqualTo(before);
  }

  @Test
  void registerWithStakeRefusesBadInputBeforeEscrowingAnything() {
    MsgRegisterWithStake good = net.register(2, "ok_name", 1_000, net.validator);
    refusedAtCheck(good.toBuilder().setUsername("x").build(), "invalid username 'x'");
    refusedAtCheck(good.toBuilder().setUsername("9lives").build(), "invalid username");
    refusedAtCheck(good.toBuilder().setUsername("has space").build(), "invalid username");
    refusedAtCheck(
        good.toBuilder()
            .setKeys(good.getKeys().toBuilder().setIdentityKey(ByteString.copyFrom(new byte[31])))
            .build(),
        "identity_key must be a 32-byte X25519 key");
    var tooMany = good.getKeys().toBuilder();
    for (int i = 0; i < 17; i++) {
      tooMany.addPrekeys(ByteString.copyFrom(new byte[32]));
    }
    refusedAtCheck(good.toBuilder().setKeys(tooMany).build(), "at most 16 prekeys");
    refusedAtCheck(good.toBuilder().setStake(Coins.coin("ulat", 0)).build(), "stake");
    refusedAtCheck(good.toBuilder().setValidator("nonsense").build(), "validator");
    refusedAtCheck(
        good.toBuilder().setLockSeconds(Long.MAX_VALUE).build(), "lock_seconds must be at most");
    refused(
        net.currency,
        2,
        good.toBuilder().setStake(Coins.coin("uother", 5)).build(),
        XchainCodes.INVALID_OPERATION,
        "stake must be in the bond denom ulat");
    TxResult poor =
        net.currency.deliver(
            2, good.toBuilder().setStake(Coins.coin("ulat", SimChain.INITIAL * 2)).build());
    assertThat(poor.getCodespace()).isEqualTo("bank");
    assertThat(poor.getLog()).contains("insufficient funds");
    assertThat(net.escrow()).isZero();
    // only the owner may sign
    TxResult other = net.currency.block(net.currency.tx(3, good)).txResults().get(0);
    assertThat(other.getCode()).isNotZero();
    assertThat(other.getCodespace()).isEqualTo(Codes.CODESPACE);
  }

  @Test
  void operationsStartOnTheCurrencyChainOnly() {
    refused(
        net.chat,
        2,
        net.register(2, "on_chat", 1_000, net.validator).toBuilder()
            .setOwner(net.chat.addresses.get(2))
            .build(),
        XchainCodes.INVALID_OPERATION,
        "starts on the currency chain");
  }

  @Test
  void createChannelWithFeePaysTheFeeOrRefundsIt() throws Exception {
    String owner = net.currency.addresses.get(2);
    String collector = ModuleAccount.FEE_COLLECTOR.address();
    long before = net.currency.balance(owner);
    MsgCreateChannelWithFee m =
        MsgCreateChannelWithFee.newBuilder()
            .setOwner(owner)
            .setName("general")
            .setInviteOnly(false)
            .setFee(Coins.coin("ulat", 7_000))
            .build();
    TxResult first = ok(net.currency, 2, m);
    long collectorBefore = net.currency.balance(collector);
    net.relayUntilIdle(10);
    String id = XchainNet.opId(first);
    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.chat.channels.orElseThrow().owner(net.chat.app.stateAt(0), "general"))
        .contains(owner);
    assertThat(net.currency.balance(owner)).isEqualTo(before - SimChain.FEE - 7_000);
    assertThat(net.currency.balance(collector) - collectorBefore).isGreaterThanOrEqualTo(7_000);

    TxResult second = ok(net.currency, 2, m);
    net.relayUntilIdle(10);
    String id2 = XchainNet.opId(second);
    assertThat(net.status(net.currency, id2)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.op(net.currency, id2).orElseThrow().getReason())
        .contains("channel general exists");
    assertThat(net.currency.balance(owner)).isEqualTo(before - 2 * SimChain.FEE - 7_000);
    assertThat(net.escrow()).isZero();
    assertThat(net.currency.supply()).isEqualTo(net.initialSupply);
  }

  @Test
  void queriesAnswerWithReadableErrors() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> net.chat.query("op", "id", "nope/1"))
        .isInstanceOf(java.util.NoSuchElementException.class)
        .hasMessageContaining("no operation with id 'nope/1'");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> net.chat.query("commitment", "sequence", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence must be a non-negative integer");
    assertThat(net.chat.query("client").get("chain_id").asText()).isEqualTo(XchainNet.CURRENCY);
    assertThat(net.currency.query("receipt", "sequence", "1").get("received").asBoolean())
        .isFalse();
    assertThat(net.currency.query("commitment", "sequence", "1").get("key").asText())
        .isEqualTo(io.lattice.common.Hex.encode(XchainKeys.commitmentKey(1)));
  }

  @Test
  void stateKeyHelpersAreTheCollectionsKeys() {
    XchainKeys keys = net.currency.xchain.keys();
    assertThat(XchainKeys.commitmentKey(7)).isEqualTo(keys.commitments.stateKey(7L));
    assertThat(XchainKeys.receiptKey(7)).isEqualTo(keys.receipts.stateKey(7L));
    assertThat(XchainKeys.ackKey(7)).isEqualTo(keys.acks.stateKey(7L));
  }
}
