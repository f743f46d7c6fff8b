package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lattice.common.Clock;
import io.lattice.consensus.app.AppInfo;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.api.ChainView.CommittedBlock;
import io.lattice.node.api.ChainView.CommittedTx;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node (RocksDB, PoS app, mempool, Tendermint engine with one validator) in this JVM. */
class LatticeNodeTest {
  private static final String CHAIN = "lattice-test-1";

  @TempDir Path tmp;

  private NodeHome init() throws ConfigException {
    NodeHome home = new NodeHome(tmp.resolve("home"));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN, "node0", false);
    return home;
  }

  private static LatticeNode.Options fast() {
    return LatticeNode.Options.defaults().withoutApi().withBlockInterval(Duration.ofMillis(100));
  }

  private static PrivateKeySigner faucet(NodeHome home) throws Exception {
    return Keyring.open(home.root(), Backend.TEST, PassphraseSource.none())
        .signer(HomeInitializer.FAUCET_KEY_NAME);
  }

  @Test
  void aTransferIsCommittedIndexedAndSurvivesARestart() throws Exception {
    NodeHome home = init();
    PrivateKeySigner faucet = faucet(home);
    String faucetAddress = faucet.publicKey().address().toString();
    String recipient =
        KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
            .publicKey()
            .address()
            .toString();
    AppInfo atClose;
    CommittedBlock lastSeen;
    byte[] hash;
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      ChainNode chain = node.chain();
      List<CommittedBlock> seen = new CopyOnWriteArrayList<>();
      chain.onBlock(seen::add);
      await().atMost(Duration.ofSeconds(30)).until(() -> chain.latestHeight() >= 1);

      AccountView account = chain.account(faucetAddress).orElseThrow();
      assertThat(account.balances()).containsExactly(Transfers.coin(1_000_000_000_000_000L));
      byte[] tx =
          Transfers.send(
              CHAIN, faucet, account.accountNumber(), account.sequence(), recipient, 12_345);
      hash = TxBuilder.hash(tx);
      CheckTxResult admitted = chain.submit(tx);
      assertThat(admitted.isOk()).as(admitted.log()).isTrue();
      assertThat(chain.submit(tx).log()).isEqualTo("tx already in mempool");

      CommittedTx committed = chain.awaitCommit(hash).get(30, TimeUnit.SECONDS);
      assertThat(committed.result().getCode()).as(committed.result().getLog()).isZero();
      assertThat(chain.account(recipient).orElseThrow().balances())
          .containsExactly(Transfers.coin(12_345));
      assertThat(chain.tx(hash)).isPresent();
      assertThat(chain.txsByAccount(recipient, 10))
          .extracting(CommittedTx::height)
          .containsExactly(committed.height());
      assertThat(chain.txsByAccount(faucetAddress, 10)).hasSize(1);
      CommittedBlock block = chain.block(committed.height()).orElseThrow();
      assertThat(block.block().getData().getTxsCount()).isEqualTo(1);
      assertThat(block.results()).hasSize(1);

      CheckTxResult replay = chain.submit(tx);
      assertThat(replay.isOk()).isFalse();
      assertThat(chain.mempoolSize()).isZero();

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 2);
      assertThat(seen).extracting(b -> b.block().getHeader().getHeight()).isSorted();
      node.close();
      atClose = node.appInfo();
      lastSeen = seen.getLast();
    }
    assertThat(atClose.height()).isEqualTo(lastSeen.block().getHeader().getHeight());

    LatticeNode.Options slow =
        LatticeNode.Options.defaults().withoutApi().withBlockInterval(Duration.ofHours(1));
    try (LatticeNode node = LatticeNode.start(home, slow)) {
      ChainNode chain = node.chain();
      assertThat(chain.latestHeight()).isEqualTo(atClose.height());
      assertThat(node.appInfo().appHash()).isEqualTo(atClose.appHash());
      assertThat(chain.block(atClose.height()).orElseThrow().hash()).isEqualTo(lastSeen.hash());
      assertThat(chain.tx(hash)).isPresent();
      assertThat(chain.account(recipient).orElseThrow().balances())
          .containsExactly(Transfers.coin(12_345));
    }
  }

  /**
   * Regression: an admission racing with the switch to a new block's state was checked against a
   * check state the mempool had not re-checked yet ("sequence mismatch: expected 25, got 34").
   */
  @Test
  void aSendersBurstIsAdmittedWhileBlocksCommit() throws Exception {
    NodeHome home = init();
    PrivateKeySigner faucet = faucet(home);
    String to =
        KeyPairs.generate(KeyAlgorithm.ED25519, new SecureRandom())
            .publicKey()
            .address()
            .toString();
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      ChainNode chain = node.chain();
      await().atMost(Duration.ofSeconds(30)).until(() -> chain.latestHeight() >= 1);
      AccountView account = chain.account(faucet.publicKey().address().toString()).orElseThrow();
      byte[] last = null;
      for (int i = 0; i < 400; i++) {
        last =
            Transfers.send(CHAIN, faucet, account.accountNumber(), account.sequence() + i, to, 1);
        CheckTxResult admitted = chain.submit(last);
        assertThat(admitted.isOk()).as("tx %d: %s", i, admitted.log()).isTrue();
      }
      chain.awaitCommit(TxBuilder.hash(last)).get(60, TimeUnit.SECONDS);
      assertThat(chain.account(to).orElseThrow().balances()).containsExactly(Transfers.coin(400));
      assertThat(chain.txsByAccount(to, 1000)).hasSize(400);
    }
  }

  @Test
  void aChangedGenesisIsRefusedOnRestart() throws Exception {
    NodeHome home = init();
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> node.chain().latestHeight() >= 1);
    }
    String original = Files.readString(home.genesisJson());
    Files.writeString(home.genesisJson(), original.replace("1000000000000000", "2000000000000000"));
    assertThatThrownBy(() -> LatticeNode.start(home, fast()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("genesis.json differs from the genesis this chain was started with");
    Files.writeString(home.genesisJson(), original);
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      assertThat(node.chain().latestHeight()).isPositive();
    }
  }

  @Test
  void aSecondNodeOnTheSameHomeIsRefused() throws Exception {
    NodeHome home = init();
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      assertThatThrownBy(() -> LatticeNode.start(home, fast()))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "another Lattice node is already running on "
                  + home
                  + " (pid "
                  + ProcessHandle.current().pid()
                  + ")");
      assertThat(node.chain().chainId()).isEqualTo(CHAIN);
    }
    try (LatticeNode again = LatticeNode.start(home, fast())) {
      assertThat(again.chain().chainId()).isEqualTo(CHAIN);
    }
  }

  @Test
  void badTransactionsGetAReasonAndChangeNothing() throws Exception {
    NodeHome home = init();
    try (LatticeNode node = LatticeNode.start(home, fast())) {
      ChainNode chain = node.chain();
      CheckTxResult garbage = chain.submit(new byte[] {1, 2, 3});
      assertThat(garbage.isOk()).isFalse();
      assertThat(garbage.log()).isNotBlank();

      PrivateKeySigner faucet = faucet(home);
      AccountView account = chain.account(faucet.publicKey().address().toString()).orElseThrow();
      byte[] wrongChain =
          Transfers.send(
              "other-chain",
              faucet,
              account.accountNumber(),
              account.sequence(),
              faucet.publicKey().address().toString(),
              1);
      CheckTxResult refused = chain.submit(wrongChain);
      assertThat(refused.isOk()).isFalse();
      assertThat(chain.mempoolSize()).isZero();
      List<Coin> before = account.balances();
      assertThat(chain.account(faucet.publicKey().address().toString()).orElseThrow().balances())
          .isEqualTo(before);
    }
  }
}
