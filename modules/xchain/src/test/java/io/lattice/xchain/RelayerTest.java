package io.lattice.xchain;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.crypto.PrivateKeySigner;
import io.lattice.proto.xchain.v1.OpStatus;
import io.lattice.xchain.relayer.RelayReport;
import io.lattice.xchain.relayer.Relayer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relayer core: racing relayers, restarts, validator-set changes that need bisection. */
class RelayerTest {
  @Test
  void twoRelayersRacingCountTheLosersMessagesAsDone() throws Exception {
    XchainNet net = new XchainNet(51, 6, AtomicOperationTest.params(100));
    Relayer second = new Relayer(net.currency.endpoint(5), net.chat.endpoint(5));
    String id =
        XchainNet.opId(net.currency.deliver(2, net.register(2, "race", 100, net.validator)));
    RelayReport total = RelayReport.empty();
    for (int i = 0; i < 12 && net.status(net.chat, id) != OpStatus.OP_STATUS_ATOMIC_SUCCESS; i++) {
      // both read the same state, then both submit
      total = total.plus(net.relayer.relayOnce()).plus(second.relayOnce());
      net.currency.block();
      net.chat.block();
    }
    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    assertThat(total.refused()).isEmpty();
    assertThat(total.received()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aRestartedRelayerPicksUpWhereTheChainsAre() throws Exception {
    XchainNet net = new XchainNet(52, 6, AtomicOperationTest.params(100));
    String id =
        XchainNet.opId(net.currency.deliver(2, net.register(2, "restart", 100, net.validator)));
    net.currency.block(); // the packet is provable once the next header commits its state
    RelayReport first = net.relayer.relayOnce(); // delivers the packet, then "crashes"
    assertThat(first.received()).isEqualTo(1);
    net.currency.block();
    net.chat.block();
    Relayer fresh = new Relayer(net.currency.endpoint(0), net.chat.endpoint(0));
    for (int i = 0; i < 10 && net.status(net.chat, id) != OpStatus.OP_STATUS_ATOMIC_SUCCESS; i++) {
      if (fresh.relayOnce().idle()) {
        net.currency.block();
        net.chat.block();
      }
    }
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
  }

  @Test
  void bisectsWhenTheValidatorSetChangedCompletely() throws Exception {
    XchainNet net = new XchainNet(53, 6, AtomicOperationTest.params(1000));
    Random random = new Random(53);
    List<PrivateKeySigner> fresh = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fresh.add(SimChain.key(random));
    }
    // the currency chain hands over to an entirely new validator set at height 6
    net.currency.changeValidators(6, fresh);
    for (int i = 0; i < 8; i++) {
      net.currency.block();
    }
    String id =
        XchainNet.opId(net.currency.deliver(2, net.register(2, "bisect", 100, net.validator)));
    net.currency.block();
    RelayReport r = net.relayer.relayOnce();
    assertThat(r.refused()).isEmpty();
    assertThat(r.clientUpdates()).isGreaterThan(1);
    assertThat(r.received()).isEqualTo(1);
    net.relayUntilIdle(10);
    assertThat(net.status(net.chat, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
  }

  @Test
  void anIdleRelayerKeepsClientsFreshSoNewOperationsDoNotTimeOutAtOnce() throws Exception {
    XchainNet net = new XchainNet(54, 6, AtomicOperationTest.params(100));
    for (int i = 0; i < 120; i++) {
      net.chat.block(); // a long quiet period: no packets anywhere
    }
    RelayReport idle = net.relayer.relayOnce();
    assertThat(idle.clientUpdates()).isGreaterThanOrEqualTo(1);
    assertThat(net.currency.query("client").get("latest_height").asLong())
        .isEqualTo(net.chat.height());
    String id =
        XchainNet.opId(net.currency.deliver(2, net.register(2, "quiet", 100, net.validator)));
    net.relayUntilIdle(10);
    assertThat(net.status(net.currency, id)).isEqualTo(OpStatus.OP_STATUS_ATOMIC_SUCCESS);
    // with fewer than REFRESH_BLOCKS of lag an idle round sends nothing
    assertThat(net.relayer.relayOnce().idle()).isTrue();
  }
}
