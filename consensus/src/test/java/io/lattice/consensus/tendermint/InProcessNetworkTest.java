package io.lattice.consensus.tendermint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessNetworkTest {
  private static ConsensusMessage vote(long height) {
    return ConsensusMessage.newBuilder().setVote(Vote.newBuilder().setHeight(height)).build();
  }

  @Test
  void aMemberStillStartingGetsWhatWasSentBeforeItListened() throws Exception {
    InProcessNetwork network = new InProcessNetwork();
    ConsensusNetwork a = network.join("a");
    ConsensusNetwork b = network.join("b");
    a.broadcast(vote(1));
    a.broadcast(vote(2));
    List<String> got = new ArrayList<>();
    b.onMessage((peer, m) -> got.add(peer + ":" + m.getVote().getHeight()));
    a.broadcast(vote(3));
    assertThat(got).containsExactly("a:1", "a:2", "a:3");
  }

  @Test
  void aStoppedMemberMissesWhatIsSentMeanwhileAndNeverHearsItself() throws Exception {
    InProcessNetwork network = new InProcessNetwork();
    ConsensusNetwork a = network.join("a");
    ConsensusNetwork b = network.join("b");
    List<Long> atA = new ArrayList<>();
    a.onMessage((peer, m) -> atA.add(m.getVote().getHeight()));
    List<Long> atB = new ArrayList<>();
    AutoCloseable sub = b.onMessage((peer, m) -> atB.add(m.getVote().getHeight()));
    a.broadcast(vote(1));
    sub.close();
    a.broadcast(vote(2));
    b.onMessage((peer, m) -> atB.add(m.getVote().getHeight()));
    a.broadcast(vote(3));
    assertThat(atB).containsExactly(1L, 3L);
    assertThat(atA).isEmpty();
    assertThatThrownBy(() -> network.join("a")).hasMessageContaining("joined already");
  }
}
