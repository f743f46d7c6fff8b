package io.lattice.consensus.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lattice.consensus.tendermint.Event;
import io.lattice.consensus.tendermint.Step;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.Vote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsensusWalTest {
  @TempDir Path dir;

  private static Vote vote(long height, int round) {
    return Vote.newBuilder().setType(1).setHeight(height).setRound(round).build();
  }

  @Test
  void replayGivesOwnMessagesFirstThenInputsOfThatHeightInOrder() throws IOException {
    Path file = dir.resolve("cs.wal");
    try (ConsensusWal wal = ConsensusWal.open(file)) {
      wal.logInput(new Event.VoteReceived(vote(4, 0), "a"));
      wal.endHeight(4);
      wal.logInput(new Event.VoteReceived(vote(5, 0), "a"));
      wal.logInput(new Event.TimeoutFired(5, 0, Step.PREVOTE));
      wal.logOwn(ConsensusMessage.newBuilder().setVote(vote(5, 0)).build());
      wal.logInput(new Event.VoteReceived(vote(6, 0), "a")); // next height, buffered
      wal.logInput(new Event.Committed(5, java.util.List.of())); // not an input to log
    }
    try (ConsensusWal wal = ConsensusWal.open(file)) {
      assertThat(wal.lastEndHeight()).isEqualTo(4);
      ConsensusWal.Replay r = wal.replay(5);
      assertThat(r.beforeStart())
          .containsExactly(
              new Event.OwnMessageRecovered(
                  ConsensusMessage.newBuilder().setVote(vote(5, 0)).build()));
      assertThat(r.afterStart())
          .containsExactly(
              new Event.VoteReceived(vote(5, 0), ConsensusWal.REPLAY_PEER),
              new Event.TimeoutFired(5, 0, Step.PREVOTE));
      assertThat(wal.replay(6).afterStart()).hasSize(1);
    }
  }

  @Test
  void aLargeLogIsRotatedAtTheEndOfAHeight() throws IOException {
    Path file = dir.resolve("cs.wal");
    try (ConsensusWal wal = ConsensusWal.open(file, 100)) {
      for (int i = 0; i < 10; i++) {
        wal.logInput(new Event.VoteReceived(vote(1, i), "a"));
      }
      wal.endHeight(1);
      wal.logInput(new Event.VoteReceived(vote(2, 0), "a"));
    }
    assertThat(Files.exists(dir.resolve("cs.wal.1"))).isTrue();
    try (ConsensusWal wal = ConsensusWal.open(file, 100)) {
      assertThat(wal.lastEndHeight()).isEqualTo(1);
      assertThat(wal.replay(2).afterStart()).hasSize(1);
      assertThat(wal.wal().records()).hasSize(2);
    }
  }
}
