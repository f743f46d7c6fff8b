package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.proto.types.v1.TxResult;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.staking.StakingKeeper;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** End to end over two in-process chains and the relayer (docs/spec/xchain.md §5.1). */
class AtomicOperationTest {
  static ObjectNode params(long timeoutBlocks) {
    return SimChain.JSON
        .createObjectNode()
        .put("op_timeout_blocks", Long.toString(timeoutBlocks))
        .put("op_timeout_ms", "600000");
  }

  private static long delegated(XchainNet net, String owner) {
    var state = net.currency.app.stateAt(0);
    return net.currency
        .staking
        .delegation(state, owner, net.validator)
        .map(d ->
            StakingKeeper.tokensOfShares(
                    net.currency.staking.validator(state, net.validator).orElseThrow(),
                    new BigInteger(d.getShares()))
                .longValueExact())
        .orElse(0L);
  }

  @Test
  void registerUserWithStakeEndsAtomicSuccessOnBothChains() throws Exception {
    XchainNet net = new XchainNet(1, 6, params(100));
    String owner = net.currency.addresses.get(2);
    long before = net.currency.balance(owner);
    TxResult r = net.currency.deliver(2, net.register(2, "alice", 5_000, net.validator));
    assertThat(r.getCode()).as(r.getLog()).isZero();
    String id = XchainNet.opId(r);
    assertThat(id).isEqualTo(XchainNet.CURRENCY + "/1");
    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_PENDING);
    assertThat(net.escrow()).isEqualTo(5_000);

    net.relayUntilIdle(10);

    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.chat.identity.orElseThrow().owner(net.chat.app.stateAt(0), "alice"))
        .contains(owner);
    assertThat(delegated(net, owner)).isEqualTo(5_000);
    assertThat(net.escrow()).isZero();
    assertThat(net.currency.balance(owner)).isEqualTo(before - SimChain.FEE - 5_000);
    assertThat(net.currency.supply()).isEqualTo(net.initialSupply);
    JsonNode onChat = net.chat.query("op", "id", id);
    JsonNode onCurrency = net.currency.query("op", "id", id);
    assertThat(onChat.get("status").asText()).isEqualTo("AtomicSuccess");
    assertThat(onChat.get("steps")).isEqualTo(onCurrency.get("steps"));
    assertThat(onCurrency.get("steps").size()).isEqualTo(3);
    assertThat(onCurrency.get("steps").get(1).get("status").asText())
        .isEqualTo("ChatChainConfirmed");
    assertThat(onCurrency.get("steps").get(1).get("chain_id").asText()).isEqualTo(XchainNet.CHAT);
    assertThat(net.currency.app.checkInvariants()).isEmpty();
    assertThat(net.chat.app.checkInvariants()).isEmpty();
    assertThat(net.currency.query("packets").get("packets")).isEmpty();
    assertThat(net.chat.query("packets").get("packets")).isEmpty();
  }

  @Test
  void takenUsernameIsRefusedOnTheChatChainAndRolledBackWithRefund() throws Exception {
    XchainNet net = new XchainNet(2, 6, params(100));
    TxResult first = net.currency.deliver(2, net.register(2, "bob", 1_000, net.validator));
    net.relayUntilIdle(10);
    String owner = net.currency.addresses.get(3);
    long before = net.currency.balance(owner);
    TxResult second = net.currency.deliver(3, net.register(3, "BOB", 2_000, net.validator));
    assertThat(second.getCode()).as(second.getLog()).isZero();
    String id = XchainNet.opId(second);
    net.relayUntilIdle(10);

    assertThat(net.status(net.currency, XchainNet.opId(first)))
        .isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.op(net.currency, id).orElseThrow().getReason())
        .contains("username BOB is taken");
    assertThat(net.currency.balance(owner)).isEqualTo(before - SimChain.FEE);
    assertThat(delegated(net, owner)).isZero();
    assertThat(net.chat.identity.orElseThrow().owner(net.chat.app.stateAt(0), "bob"))
        .contains(net.currency.addresses.get(2));
    assertThat(net.escrow()).isZero();
    assertThat(net.currency.supply()).isEqualTo(net.initialSupply);
  }

  @Test
  void timedOutOperationIsRolledBackWithRefund() throws Exception {
    XchainNet net = new XchainNet(3, 6, params(5));
    String owner = net.currency.addresses.get(2);
    long before = net.currency.balance(owner);
    TxResult r = net.currency.deliver(2, net.register(2, "carol", 3_000, net.validator));
    String id = XchainNet.opId(r);
    for (int i = 0; i < 8; i++) {
      net.chat.block(); // the relayer is stalled while the chat chain passes the timeout height
    }
    net.relayUntilIdle(10);

    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.op(net.currency, id).orElseThrow().getReason()).isEqualTo("timed out");
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.chat.identity.orElseThrow().owner(net.chat.app.stateAt(0), "carol")).isEmpty();
    assertThat(net.currency.balance(owner)).isEqualTo(before - SimChain.FEE);
    assertThat(net.escrow()).isZero();
    assertThat(net.currency.supply()).isEqualTo(net.initialSupply);
  }

  @Test
  void bondFailureAfterRegistrationRemovesTheIdentity() throws Exception {
    XchainNet net = new XchainNet(4, 6, params(100));
    String owner = net.currency.addresses.get(2);
    long before = net.currency.balance(owner);
    // account 4 is no validator: registration succeeds on the chat chain, bonding fails
    TxResult r =
        net.currency.deliver(2, net.register(2, "dave", 3_000, net.currency.addresses.get(4)));
    String id = XchainNet.opId(r);
    net.relayUntilIdle(10);

    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.op(net.currency, id).orElseThrow().getReason()).contains("could not complete");
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ROLLED_BACK);
    assertThat(net.chat.identity.orElseThrow().owner(net.chat.app.stateAt(0), "dave")).isEmpty();
    assertThat(net.currency.balance(owner)).isEqualTo(before - SimChain.FEE);
    assertThat(net.escrow()).isZero();
  }
}
