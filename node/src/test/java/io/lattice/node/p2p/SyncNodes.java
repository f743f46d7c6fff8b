package io.lattice.node.p2p;

import io.lattice.common.Clock;
import io.lattice.consensus.BlockLedger;
import io.lattice.consensus.app.CheckTxResult;
import io.lattice.consensus.block.BlockHashes;
import io.lattice.consensus.tendermint.InProcessNetwork;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.node.api.ChainView.AccountView;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.chain.LocalNetwork;
import io.lattice.node.config.ConfigFile;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.config.NodeHome;
import io.lattice.proto.bank.v1.MsgSend;
import io.lattice.proto.tx.v1.Coin;
import io.lattice.runtime.tx.TxBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** Node pieces for block-sync tests: homes, a follower node, the block store of a running node. */
final class SyncNodes {
  static final String CHAIN = "lattice-sync-test";
  static final Duration BLOCK_INTERVAL = Duration.ofMillis(50);
  private static final HexFormat HEX = HexFormat.of();

  private SyncNodes() {}

  /** Block-sync settings with short timeouts, so that a refused block is fetched again soon. */
  static BlockSync.Settings settings() {
    return BlockSync.Settings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  /** Short round timeouts, so that a round without quorum passes quickly. */
  static void fastRounds(List<NodeHome> homes) throws Exception {
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

  /**
   * A home for a node that is not a validator of the chain of {@code validators}: its own keys,
   * their genesis.
   */
  static NodeHome followerHome(Path dir, List<NodeHome> validators) throws Exception {
    NodeHome home = new NodeHome(dir);
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, CHAIN, "follower", false);
    Files.copy(
        validators.get(0).genesisJson(), home.genesisJson(), StandardCopyOption.REPLACE_EXISTING);
    fastRounds(List.of(home));
    return home;
  }

  /** Starts a node on {@code home} whose consensus messages reach no one. */
  static LatticeNode startAlone(NodeHome home) throws Exception {
    return LatticeNode.start(
        home,
        LatticeNode.Options.defaults()
            .withoutApi()
            .withBlockInterval(BLOCK_INTERVAL)
            .withNetwork(new InProcessNetwork().join("alone")));
  }

  /** The block store of a running node. */
  static BlockLedger ledger(LatticeNode node) {
    return node.blocks();
  }

  /** The hash of block {@code h} in {@code ledger}, hex. */
  static String hash(BlockLedger ledger, long h) {
    return HEX.formatHex(BlockHashes.header(ledger.block(h).orElseThrow().getHeader()));
  }

  /** Submits {@code count} transfers from home 0's faucet to the network, so blocks carry txs. */
  static void transfers(LocalNetwork net, int count) throws Exception {
    PrivateKeySigner faucet = net.key(0, HomeInitializer.FAUCET_KEY_NAME);
    String from = faucet.publicKey().address().toString();
    AccountView account = net.node(0).chain().account(from).orElseThrow();
    String to = net.key(0, HomeInitializer.VALIDATOR_KEY_NAME).publicKey().address().toString();
    for (int i = 0; i < count; i++) {
      byte[] tx =
          TxBuilder.forChain(CHAIN)
              .addMessage(
                  MsgSend.newBuilder()
                      .setFromAddress(from)
                      .setToAddress(to)
                      .addAmount(coin(1 + i))
                      .build())
              .fee(List.of(coin(2000)))
              .gasLimit(200_000)
              .signer(faucet, account.accountNumber(), account.sequence() + i)
              .buildBytes();
      CheckTxResult r = net.submit(tx);
      if (!r.isOk()) {
        throw new IllegalStateException("transfer refused: " + r.log());
      }
    }
  }

  private static Coin coin(long amount) {
    return Coin.newBuilder()
        .setDenom(HomeInitializer.DENOM)
        .setAmount(Long.toString(amount))
        .build();
  }
}
