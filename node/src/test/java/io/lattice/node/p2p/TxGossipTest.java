package io.lattice.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.Hashes;
import io.lattice.p2p.NodeId;
import io.lattice.p2p.peer.Switch;
import io.lattice.runtime.mempool.Mempool;
import io.lattice.runtime.tx.Codes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in a line, A – B – C, over real switches on 127.0.0.1, each with its own state
 * machine and mempool; D is a bare switch connected to B that plays a peer sending what the test
 * wants.
 */
class TxGossipTest {
  private final Switches switches = new Switches();
  private TestApps.Member a;
  private TestApps.Member b;
  private TestApps.Member c;
  private TxGossip gossipA;
  private TxGossip gossipB;
  private TxGossip gossipC;
  private Switch d;
  private final List<byte[]> receivedByD = new CopyOnWriteArrayList<>();

  @BeforeEach
  void line() throws Exception {
    TestApps apps = new TestApps();
    a = apps.member();
    b = apps.member();
    c = apps.member();
    Switch sa = switches.start(1);
    Switch sb = switches.start(2);
    Switch sc = switches.start(3);
    d = switches.start(4);
    gossipA = new TxGossip(sa, a.mempool());
    gossipB = new TxGossip(sb, b.mempool());
    gossipC = new TxGossip(sc, c.mempool());
    gossipA.start();
    gossipB.start();
    gossipC.start();
    var unused = d.onReceive(TxGossip.CHANNEL, (peer, tx) -> receivedByD.add(tx));
    switches.connect(sa, sb);
    switches.connect(sb, sc);
    switches.connect(d, sb);
  }

  @AfterEach
  void close() {
    gossipA.close();
    gossipB.close();
    gossipC.close();
    switches.close();
  }

  @Test
  void aTransactionAdmittedOnAReachesCThroughBAndNeverComesBack() {
    byte[] tx = a.apps().transfer(0, 100);
    CheckTxResult local = a.mempool().add(tx);
    assertThat(local.isOk()).as(local.log()).isTrue();
    assertThat(gossipA.announce(tx)).as("sent to B").isEqualTo(1);

    byte[] hash = Hashes.sha256(tx);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.mempool().contains(hash));
    await().atMost(Duration.ofSeconds(10)).until(() -> receivedByD.size() == 1);
    assertThat(b.mempool().contains(hash)).isTrue();
    assertThat(gossipB.admitted()).isEqualTo(1);
    assertThat(gossipB.relayed()).as("to C and D, not back to A").isEqualTo(2);
    assertThat(gossipC.admitted()).isEqualTo(1);
    assertThat(gossipC.relayed()).as("C's only peer is B, which sent it").isZero();
    assertThat(gossipA.duplicates() + gossipA.admitted() + gossipA.refused())
        .as("nothing came back to A")
        .isZero();
    assertThat(gossipA.announce(tx)).as("B is known to have it").isZero();
  }

  @Test
  void aDuplicateIsNeitherCheckedAgainNorRelayedNorPenalised() {
    byte[] tx = a.apps().transfer(0, 100);
    assertThat(a.mempool().add(tx).isOk()).isTrue();
    gossipA.announce(tx);
    byte[] hash = Hashes.sha256(tx);
    await().atMost(Duration.ofSeconds(10)).until(() -> c.mempool().contains(hash));
    await().atMost(Duration.ofSeconds(10)).until(() -> receivedByD.size() == 1);

    NodeId b = gossipBId();
    assertThat(d.send(b, TxGossip.CHANNEL, tx)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> gossipB.duplicates() == 1);
    assertThat(gossipB.relayed()).isEqualTo(2);
    assertThat(gossipB.refused()).isZero();
    assertThat(gossipC.duplicates() + gossipC.refused()).isZero();
    assertThat(switches.misbehaviour(1, d.nodeId())).isZero();
  }

  @Test
  void undecodableAndInvalidTransactionsPenaliseTheSenderAndAreNotRelayed() {
    NodeId b = gossipBId();
    byte[] garbage = "not a transaction".getBytes(StandardCharsets.UTF_8);
    assertThat(d.send(b, TxGossip.CHANNEL, garbage)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> gossipB.refused() == 1);
    double afterGarbage = switches.misbehaviour(1, d.nodeId());
    assertThat(afterGarbage).as("undecodable").isPositive();

    byte[] otherChain = c.apps().transferOnChain("another-chain", 0, 5);
    assertThat(d.send(b, TxGossip.CHANNEL, otherChain)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> gossipB.refused() == 2);
    double afterOtherChain = switches.misbehaviour(1, d.nodeId());
    assertThat(afterOtherChain).as("signed for another chain").isGreaterThan(afterGarbage);

    // a transaction refused because of state (a sequence from the future) costs nothing
    byte[] future = c.apps().transfer(5, 7);
    assertThat(d.send(b, TxGossip.CHANNEL, future)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> gossipB.refused() == 3);
    assertThat(switches.misbehaviour(1, d.nodeId())).isLessThanOrEqualTo(afterOtherChain);

    assertThat(gossipB.admitted()).isZero();
    assertThat(gossipB.relayed()).isZero();
    assertThat(gossipC.admitted() + gossipC.refused() + gossipC.duplicates()).isZero();
    assertThat(receivedByD).isEmpty();
  }

  @Test
  void theStatelessRefusalsAreTheOnesThatCost() {
    assertThat(TxGossip.invalidEverywhere(reject(Codes.CODESPACE, Codes.TX_DECODE))).isTrue();
    assertThat(TxGossip.invalidEverywhere(reject(Codes.CODESPACE, Codes.WRONG_CHAIN_ID))).isTrue();
    assertThat(TxGossip.invalidEverywhere(reject(Mempool.CODESPACE, Mempool.CODE_TOO_LARGE)))
        .isTrue();
    assertThat(TxGossip.invalidEverywhere(reject(Mempool.CODESPACE, Mempool.CODE_DUPLICATE)))
        .isFalse();
    assertThat(TxGossip.invalidEverywhere(reject(Mempool.CODESPACE, Mempool.CODE_FULL))).isFalse();
    assertThat(TxGossip.invalidEverywhere(reject(Codes.CODESPACE, Codes.INVALID_SEQUENCE)))
        .isFalse();
    assertThat(TxGossip.invalidEverywhere(reject(Codes.CODESPACE, Codes.INSUFFICIENT_FUNDS)))
        .isFalse();
    assertThat(TxGossip.invalidEverywhere(reject("bank", Codes.TX_DECODE))).isFalse();
  }

  private static CheckTxResult reject(String codespace, int code) {
    return CheckTxResult.rejected(code, codespace, "test");
  }

  private NodeId gossipBId() {
    return switches.get(1).nodeId();
  }
}
