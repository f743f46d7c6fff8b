package io.lattice.node.chain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.block.Votes;
import io.lattice.consensus.evidence.DuplicateVotes;
import io.lattice.consensus.privval.FilePrivValidator;
import io.lattice.consensus.privval.LastSignState;
import io.lattice.consensus.tendermint.SignBytes;
import io.lattice.consensus.wal.ConsensusWal;
import io.lattice.crypto.Address;
import io.lattice.crypto.Hashes;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.api.ChainView.CommittedBlock;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.KeyFile;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.consensus.v1.ConsensusMessage;
import io.lattice.proto.consensus.v1.DuplicateVoteEvidence;
import io.lattice.proto.consensus.v1.Vote;
import io.lattice.proto.types.v1.BlockId;
import io.lattice.runtime.tx.TxBuilder;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four validators (own stores, apps, mempools, signers, WALs) over the in-process network. */
class LocalNetworkTest {
  private static final String CHAIN = "lattice-local-4";
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;

  private static String newAddress() {
    return KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
        .publicKey()
        .address()
        .toString();
  }

  /** Fast rounds, so that a round without quorum passes quickly. */
  private static void fastRounds(List<NodeHome> homes) throws Exception {
    for (NodeHome home : homes) {
      NodeConfig c = ConfigFile.read(home.configToml());
      ConfigFile.write(
          home.configToml(),
          c.withTimeouts(
              new NodeConfig.Timeouts(
                  Duration.ofMillis(400),
                  Duration.ofMillis(100),
                  Duration.ofMillis(200),
                  Duration.ofMillis(100))));
    }
  }

  /** Every running member stores the same blocks (hash, app hash) up to the lowest height. */
  private static long assertSameChain(LocalNetwork net) {
    long height = net.height();
    for (long h = 1; h <= height; h++) {
      CommittedBlock reference = net.nodes().get(0).chain().block(h).orElseThrow();
      for (LatticeNode node : net.nodes()) {
        CommittedBlock b = node.chain().block(h).orElseThrow(); // verifies header and commit
        assertThat(HEX.formatHex(b.hash()))
            .as("block %d", h)
            .isEqualTo(HEX.formatHex(reference.hash()));
        assertThat(b.block().getHeader().getAppHash())
            .as("app hash in block %d", h)
            .isEqualTo(reference.block().getHeader().getAppHash());
      }
    }
    return height;
  }

  @Test
  void fourValidatorsCommitTransfersAndAgreeOnEveryBlock() throws Exception {
    List<NodeHome> homes = LocalNetwork.init(tmp, 4, CHAIN);
    try (LocalNetwork net = LocalNetwork.start(homes, Duration.ofMillis(150))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 1);
      PrivateKeySigner faucet = net.key(0, HomeInitializer.FAUCET_KEY_NAME);
      AccountView account =
          net.node(0).chain().account(faucet.publicKey().address().toString()).orElseThrow();
      String recipient = newAddress();
      byte[] last = null;
      int count = 40;
      for (int i = 0; i < count; i++) {
        last =
            Transfers.send(
                CHAIN, faucet, account.accountNumber(), account.sequence() + i, recipient, 100);
        CheckTxResult r = net.submit(last);
        assertThat(r.isOk()).as(r.log()).isTrue();
      }
      byte[] lastHash = TxBuilder.hash(last);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> net.nodes().stream().allMatch(n -> n.chain().tx(lastHash).isPresent()));
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 6);

      long height = assertSameChain(net);
      Set<String> proposers = new HashSet<>();
      int txs = 0;
      for (long h = 1; h <= height; h++) {
        CommittedBlock b = net.node(0).chain().block(h).orElseThrow();
        proposers.add(HEX.formatHex(b.block().getHeader().getProposerAddress().toByteArray()));
        txs += b.block().getData().getTxsCount();
      }
      assertThat(txs).isEqualTo(count);
      assertThat(proposers).as("proposers rotate").hasSizeGreaterThan(1);
      for (LatticeNode node : net.nodes()) {
        assertThat(node.chain().account(recipient).orElseThrow().balances())
            .containsExactly(Transfers.coin(100L * count));
        assertThat(node.chain().validators()).hasSize(4);
      }
    }
  }

  @Test
  void aRestartedValidatorReplaysItsWalAndNeverSignsTwice() throws Exception {
    List<NodeHome> homes = LocalNetwork.init(tmp, 4, CHAIN);
    fastRounds(homes);
    // every signed message of every member, including those before and after restarts
    ConcurrentLinkedQueue<String[]> sent = new ConcurrentLinkedQueue<>();
    try (LocalNetwork net = LocalNetwork.start(homes, Duration.ofMillis(100))) {
      var unused =
          net.tap((peer, m) -> {
            if (!m.hasBlockPart()) { // parts are not signed: their proposal is
              sent.add(new String[] {peer, slot(m), content(m)});
            }
          });
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 2);

      // Without node2 and node3 there is no quorum: node0 keeps voting on a height it cannot
      // decide.
      net.stop(2);
      net.stop(3);
      long stuck = settledHeight(net) + 1;
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              sent.stream().anyMatch(s -> s[0].equals("node0") && s[1].startsWith(stuck + "/")));
      net.stop(0);

      NodeHome home0 = homes.get(0);
      long replayed;
      try (ConsensusWal wal =
          ConsensusWal.open(home0.dataDir().resolve(ConsensusFactory.WAL_FILE))) {
        replayed = wal.replay(stuck).beforeStart().size();
      }
      assertThat(replayed).as("own messages of the undecided height in the WAL").isPositive();
      LastSignState signed =
          FilePrivValidator.open(
                  KeyFile.read(home0.validatorKey()),
                  home0.dataDir().resolve(ConsensusFactory.SIGN_STATE_FILE))
              .lastSignState();
      assertThat(signed.height()).isEqualTo(stuck);

      net.start(0);
      net.start(2);
      net.start(3);
      await().atMost(Duration.ofSeconds(60)).until(() -> net.height() >= stuck + 2);
      assertSameChain(net);
    }
    // No member ever sent two different messages for one (height, round, type).
    Map<String, String> bySlot = new HashMap<>();
    for (String[] s : sent) {
      String previous = bySlot.putIfAbsent(s[0] + "@" + s[1], s[2]);
      if (previous != null) {
        assertThat(s[2]).as("%s signed twice at %s", s[0], s[1]).isEqualTo(previous);
      }
    }
  }

  /**
   * The height the running members stay at once they lack a quorum: a block whose precommits were
   * already on their way is still committed, so wait until the height stops changing.
   */
  private static long settledHeight(LocalNetwork net) throws InterruptedException {
    long h = -1;
    while (true) {
      Thread.sleep(300);
      long now =
          net.nodes().stream().mapToLong(n -> n.engine().committedHeight()).max().orElseThrow();
      if (now == h) {
        return h;
      }
      h = now;
    }
  }

  /** "height/round/type" of a vote (type 1, 2) or proposal (type 32). */
  private static String slot(ConsensusMessage m) {
    if (m.hasProposal()) {
      return m.getProposal().getHeight() + "/" + m.getProposal().getRound() + "/32";
    }
    return m.getVote().getHeight() + "/" + m.getVote().getRound() + "/" + m.getVote().getType();
  }

  /** The whole message: a message sent again (after a restart) must be byte-identical. */
  private static String content(ConsensusMessage m) {
    return HEX.formatHex(m.toByteArray());
  }

  @Test
  void conflictingVotesOfAValidatorEndAsCommittedEvidenceAndASlash() throws Exception {
    List<NodeHome> homes = LocalNetwork.init(tmp, 4, CHAIN);
    fastRounds(homes);
    try (LocalNetwork net = LocalNetwork.start(homes, Duration.ofMillis(100))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> net.height() >= 2);
      // node2 and node3 go down, so the others cannot decide the next height; node3's key (held
      // by the test) prevotes twice in one of its rounds; then both come back and it is decided
      net.stop(2);
      net.stop(3);
      long h = settledHeight(net) + 1;
      PrivateKeySigner key3 = KeyFile.read(homes.get(3).validatorKey());
      for (String block : new String[] {"one", "two"}) {
        Vote unsigned =
            Vote.newBuilder()
                .setType(Votes.PREVOTE)
                .setHeight(h)
                .setRound(0)
                .setBlockId(
                    BlockId.newBuilder()
                        .setHash(ByteString.copyFrom(Hashes.sha256(block.getBytes(UTF_8)))))
                .setTimestamp(Votes.timestamp(Instant.now()))
                .setValidatorAddress(ByteString.copyFrom(key3.publicKey().address().bytes()))
                .setChainId(CHAIN)
                .build();
        Vote signed =
            unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(key3.sign(SignBytes.vote(CHAIN, unsigned))))
                .build();
        net.inject("node3", ConsensusMessage.newBuilder().setVote(signed).build());
      }
      assertThat(net.node(0).engine().committedHeight()).as("no quorum yet").isEqualTo(h - 1);
      net.start(2);
      net.start(3);
      await().atMost(Duration.ofSeconds(60)).until(() -> net.height() >= h + 1);
      // the evidence reaches a block, every node marks it committed, and node3 is slashed out
      String offender = Address.fromBytes(key3.publicKey().address().bytes()).toString();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() ->
              net.nodes().stream()
                  .allMatch(n ->
                      n.chain().validators().stream()
                          .noneMatch(v -> v.address().equals(offender))));
      DuplicateVoteEvidence evidence = committedEvidence(net.node(0)).orElseThrow();
      assertThat(evidence.getVoteA().getHeight()).isEqualTo(h);
      assertThat(evidence.getVoteA().getValidatorAddress())
          .isEqualTo(ByteString.copyFrom(key3.publicKey().address().bytes()));
      assertThat(evidence.getValidatorPower()).isEqualTo(10);
      assertThat(evidence.getTotalVotingPower()).isEqualTo(40);
      for (LatticeNode node : net.nodes()) {
        assertThat(node.evidence().isCommitted(DuplicateVotes.hash(evidence))).isTrue();
        assertThat(node.evidence().pending()).isEmpty();
      }
    }
  }

  /** The first evidence a block of {@code node}'s chain carries. */
  private static Optional<DuplicateVoteEvidence> committedEvidence(LatticeNode node) {
    for (long h = 1; h <= node.chain().latestHeight(); h++) {
      var block = node.chain().block(h).orElseThrow().block();
      if (block.getEvidence().getEvidenceCount() > 0) {
        return Optional.of(DuplicateVotes.decode(block.getEvidence().getEvidence(0).toByteArray()));
      }
    }
    return Optional.empty();
  }
}
