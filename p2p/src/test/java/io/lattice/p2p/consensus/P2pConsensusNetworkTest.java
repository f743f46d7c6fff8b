package io.lattice.p2p.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lattice.consensus.tendermint.ConsensusNetwork;
import io.lattice.p2p.ChannelDescriptor;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.TestKeys;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class P2pConsensusNetworkTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<Switch> switches = new ArrayList<>();

  @AfterEach
  void close() {
    switches.forEach(Switch::close);
  }

  private Switch start(int key) throws Exception {
    Switch s = new Switch(TestKeys.key(key), P2pConfig.builder().ioThreads(1).build());
    switches.add(s);
    s.start();
    return s;
  }

  private static void connect(Switch from, Switch to) throws Exception {
    from.dial(to.selfAddress()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> to.isConnected(from.nodeId()));
  }

  private record Got(String from, ConsensusMessage message) {}

  private static List<Got> listen(ConsensusNetwork n) {
    List<Got> got = new CopyOnWriteArrayList<>();
    var unused = n.onMessage((peer, m) -> got.add(new Got(peer, m)));
    return got;
  }

  private static ConsensusMessage vote(long height) {
    return ConsensusMessage.newBuilder()
        .setVote(
            Vote.newBuilder()
                .setHeight(height)
                .setChainId("c")
                .setSignature(ByteString.copyFromUtf8("sig")))
        .build();
  }

  @Test
  void gossipRelaysAlongALine() throws Exception {
    Switch a = start(1);
    Switch b = start(2);
    Switch c = start(3);
    connect(a, b);
    connect(b, c);
    P2pConsensusNetwork na = new P2pConsensusNetwork(a);
    P2pConsensusNetwork nb = new P2pConsensusNetwork(b);
    P2pConsensusNetwork nc = new P2pConsensusNetwork(c);
    List<Got> atA = listen(na);
    List<Got> atB = listen(nb);
    List<Got> atC = listen(nc);

    na.broadcast(vote(1));
    await().atMost(WAIT).until(() -> atC.size() == 1);
    assertThat(atB).containsExactly(new Got(a.nodeId().hex(), vote(1)));
    assertThat(atC).containsExactly(new Got(b.nodeId().hex(), vote(1)));
    assertThat(nb.relayed()).isEqualTo(1);

    nc.broadcast(vote(2));
    await().atMost(WAIT).until(() -> atA.size() == 1);
    assertThat(atA).containsExactly(new Got(b.nodeId().hex(), vote(2)));
    assertThat(atC).as("the sender never receives its own message").hasSize(1);
  }

  @Test
  void eachMessageReachesEachReceiverOnceInAFullMesh() throws Exception {
    List<Switch> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      all.add(start(i));
    }
    for (int i = 0; i < 4; i++) {
      for (int j = i + 1; j < 4; j++) {
        connect(all.get(i), all.get(j));
      }
    }
    List<P2pConsensusNetwork> nets = all.stream().map(P2pConsensusNetwork::new).toList();
    List<List<Got>> got = nets.stream().map(P2pConsensusNetworkTest::listen).toList();
    for (int i = 0; i < 4; i++) {
      nets.get(i).broadcast(vote(10 + i));
    }
    for (int i = 0; i < 4; i++) {
      List<Got> mine = got.get(i);
      await().atMost(WAIT).until(() -> mine.size() == 3);
    }
    // relays have had time to arrive: every copy after the first is dropped unparsed
    await()
        .atMost(WAIT)
        .until(() -> nets.stream().mapToLong(P2pConsensusNetwork::duplicates).sum() > 0);
    for (int i = 0; i < 4; i++) {
      assertThat(got.get(i))
          .extracting(g -> g.message().getVote().getHeight())
          .doesNotHaveDuplicates()
          .hasSize(3)
          .doesNotContain(10L + i);
      assertThat(nets.get(i).delivered()).isEqualTo(3);
    }
  }

  @Test
  void messagesBeforeTheFirstReceiverAreKept() throws Exception {
    Switch a = start(1);
    Switch b = start(2);
    connect(a, b);
    P2pConsensusNetwork na = new P2pConsensusNetwork(a);
    P2pConsensusNetwork nb = new P2pConsensusNetwork(b);
    na.broadcast(vote(1));
    na.broadcast(vote(2));
    await().atMost(WAIT).until(() -> b.stats(a.nodeId()).orElseThrow().receivedMessages() == 2);
    List<Got> atB = listen(nb);
    assertThat(atB).extracting(Got::message).containsExactly(vote(1), vote(2));
  }

  @Test
  void undecodableMessageCostsTheSenderPoints() throws Exception {
    Switch a = start(1);
    Switch b = start(2);
    connect(a, b);
    P2pConsensusNetwork nb = new P2pConsensusNetwork(b);
    List<Got> atB = listen(nb);
    NodeId aId = a.nodeId();
    // field 1 with wire type 7: not protobuf
    assertThat(a.send(b.nodeId(), ChannelDescriptor.CONSENSUS.id(), new byte[] {0x0f})).isTrue();
    await().atMost(WAIT).until(() -> b.stats(aId).orElseThrow().misbehaviour() > 0);
    assertThat(atB).isEmpty();
    assertThat(b.isConnected(aId)).isTrue();
  }
}
