package io.lattice.p2p.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lattice.common.Clock;
import io.lattice.consensus.BlockCommitted;
import io.lattice.consensus.EngineListener;
import io.lattice.consensus.ExecutorScheduler;
import io.lattice.consensus.tendermint.CoreConfig;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.consensus.tendermint.TendermintConfig;
import io.lattice.consensus.tendermint.TendermintEngine;
import io.lattice.consensus.tendermint.TestChain;
import io.lattice.consensus.tendermint.TimeoutConfig;
import io.lattice.consensus.tendermint.ValidatorSet;
import io.lattice.consensus.tendermint.VoteSigner;
import io.lattice.crypto.Address;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.p2p.P2pConfig;
import io.lattice.p2p.peer.Switch;
import io.lattice.proto.consensus.v1.Proposal;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.Validator;
import io.lattice.proto.types.v1.ValidatorPubKey;
import io.lattice.storage.MemoryKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four Tendermint engines, each with its own switch and {@link P2pConsensusNetwork}, over real TCP
 * on 127.0.0.1: they agree on the same first five blocks.
 */
class FourEnginesOverTcpTest {
  private static final int HEIGHTS = 5;
  private static final String CHAIN = "p2p-test-chain";

  @TempDir Path dir;

  /** Signs with the validator key as is (the privval signer is tested in consensus). */
  private record KeySigner(PrivateKeySigner key) implements VoteSigner {
    @Override
    public Address address() {
      return key.publicKey().address();
    }

    @Override
    public Vote signVote(String chainId, Vote vote) {
      return vote.toBuilder()
          .setSignature(ByteString.copyFrom(key.sign(SignBytes.vote(chainId, vote))))
          .build();
    }

    @Override
    public Proposal signProposal(String chainId, Proposal proposal) {
      return proposal.toBuilder()
          .setSignature(ByteString.copyFrom(key.sign(SignBytes.proposal(chainId, proposal))))
          .build();
    }
  }

  private static PrivateKeySigner validatorKey(int i) throws Exception {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x10 + i));
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, seed);
  }

  @Test
  void fourEnginesAgreeOnFiveBlocksOverTcp() throws Exception {
    List<PrivateKeySigner> keys = new ArrayList<>();
    io.lattice.proto.types.v1.ValidatorSet.Builder set =
        io.lattice.proto.types.v1.ValidatorSet.newBuilder();
    for (int i = 0; i < 4; i++) {
      PrivateKeySigner k = validatorKey(i);
      keys.add(k);
      set.addValidators(
          Validator.newBuilder()
              .setAddress(ByteString.copyFrom(k.publicKey().address().bytes()))
              .setPubKey(
                  ValidatorPubKey.newBuilder()
                      .setAlgorithm(k.publicKey().algorithm().id())
                      .setKey(ByteString.copyFrom(k.publicKey().encoded())))
              .setVotingPower(10));
    }
    io.lattice.proto.types.v1.ValidatorSet genesis = ValidatorSet.genesis(set.build()).toProto();
    TimeoutConfig timeouts =
        new TimeoutConfig(
            Duration.ofMillis(500),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(100),
            Duration.ofMillis(200),
            Duration.ofMillis(100),
            Duration.ofMillis(200));

    List<Switch> switches = new ArrayList<>();
    List<P2pConsensusNetwork> networks = new ArrayList<>();
    List<TendermintEngine> engines = new ArrayList<>();
    Map<Integer, List<String>> hashes = new ConcurrentHashMap<>();
    CountDownLatch reached = new CountDownLatch(4);
    try {
      for (int i = 0; i < 4; i++) {
        // the node key (p2p identity) is not the validator key
        Switch s =
            new Switch(io.lattice.p2p.TestKeys.key(i), P2pConfig.builder().ioThreads(1).build());
        switches.add(s);
        s.start();
      }
      for (int i = 0; i < 4; i++) {
        for (int j = i + 1; j < 4; j++) {
          switches.get(i).dial(switches.get(j).selfAddress()).get(10, TimeUnit.SECONDS);
        }
      }
      for (Switch s : switches) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.peers().size() == 3);
      }
      for (int i = 0; i < 4; i++) {
        int node = i;
        P2pConsensusNetwork network = new P2pConsensusNetwork(switches.get(i));
        networks.add(network);
        MemoryKeyValueStore db = new MemoryKeyValueStore();
        TendermintEngine e =
            new TendermintEngine(
                new TendermintConfig(
                    new CoreConfig(CHAIN, timeouts, CoreConfig.DEFAULT_MAX_PROPOSAL_BYTES, 1000),
                    1,
                    Instant.parse("2026-01-01T00:00:00Z"),
                    1 << 20,
                    -1,
                    dir.resolve("node-" + i + ".wal")),
                genesis,
                new KeySigner(keys.get(i)),
                new TestChain.HashChainApp(db),
                new TestChain.TxList(),
                db,
                new TestChain.Ledger(db),
                Clock.system(),
                new ExecutorScheduler("consensus-" + i),
                network);
        e.addListener(
            new EngineListener() {
              @Override
              public void committed(BlockCommitted block) {
                List<String> mine = hashes.computeIfAbsent(node, k -> new ArrayList<>());
                mine.add(HexFormat.of().formatHex(block.hash()));
                if (mine.size() == HEIGHTS) {
                  reached.countDown();
                }
              }
            });
        engines.add(e);
      }
      engines.forEach(TendermintEngine::start);
      assertThat(reached.await(60, TimeUnit.SECONDS)).as("all nodes reach %d", HEIGHTS).isTrue();
    } finally {
      engines.forEach(TendermintEngine::stop);
      switches.forEach(Switch::close);
    }
    for (int i = 1; i < 4; i++) {
      assertThat(hashes.get(i).subList(0, HEIGHTS)).isEqualTo(hashes.get(0).subList(0, HEIGHTS));
    }
    for (P2pConsensusNetwork n : networks) {
      assertThat(n.delivered()).isPositive();
    }
  }
}
