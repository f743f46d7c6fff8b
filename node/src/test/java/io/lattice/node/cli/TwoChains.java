package io.lattice.node.cli;

import io.lattice.chains.ChatChainApp;
import io.lattice.chains.CurrencyChainApp;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.chain.LatticeNode;
import io.lattice.node.config.NodeConfig;
import io.lattice.node.local.LocalChains;
import io.lattice.node.local.LocalCluster;
import io.lattice.node.local.LocalPorts;
import io.lattice.node.relayer.RelayerLoop;
import io.lattice.node.relayer.RestChainEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The chat and currency chains of {@code lattice up}'s genesis (each naming the other as its
 * counterparty), one validator each, run in process with 200 ms blocks, and the relayer loop
 * between their APIs: what {@code lattice bench load --msg xchain} needs, without 11 processes.
 */
final class TwoChains implements AutoCloseable {
  private final LatticeNode chat;
  private final LatticeNode currency;
  private final Path currencyHome;
  private final RelayerLoop relayer;
  private final Thread relayerThread;
  private final StringWriter relayerLog;

  private TwoChains(
      LatticeNode chat,
      LatticeNode currency,
      Path currencyHome,
      RelayerLoop relayer,
      Thread relayerThread,
      StringWriter relayerLog) {
    this.chat = chat;
    this.currency = currency;
    this.currencyHome = currencyHome;
    this.relayer = relayer;
    this.relayerThread = relayerThread;
    this.relayerLog = relayerLog;
  }

  static TwoChains start(Path dir) throws Exception {
    int base = LocalPorts.randomBase();
    LocalChains network =
        LocalChains.create(
            dir.resolve("net"),
            new LocalChains.Plan(
                List.of(ChatChainApp.CHAIN_ID, CurrencyChainApp.CHAIN_ID),
                1,
                base,
                base + 1,
                base + 2,
                base + 20));
    LatticeNode chat = node(network.chain(ChatChainApp.CHAIN_ID).orElseThrow());
    LatticeNode currency;
    try {
      currency = node(network.chain(CurrencyChainApp.CHAIN_ID).orElseThrow());
    } catch (Exception | Error e) {
      chat.close();
      throw e;
    }
    LocalChains.Relayer r = network.relayer().orElseThrow();
    PrivateKeySigner key =
        Keyring.open(r.home(), Backend.TEST, PassphraseSource.none())
            .signer(LocalChains.RELAYER_KEY);
    RestChainEndpoint.Fees fees =
        new RestChainEndpoint.Fees(4_000_000, "ulat", BigInteger.valueOf(40_000));
    StringWriter log = new StringWriter();
    RelayerLoop loop =
        new RelayerLoop(
            url(chat),
            url(currency),
            u -> RestChainEndpoint.connect(u, key, fees, Duration.ofSeconds(30)),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            new PrintWriter(log, true));
    Thread t =
        Thread.ofPlatform()
            .name("bench-test-relayer")
            .start(() -> {
              try {
                loop.run();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    Path currencyHome =
        network.chain(CurrencyChainApp.CHAIN_ID).orElseThrow().members().get(0).home().root();
    return new TwoChains(chat, currency, currencyHome, loop, t, log);
  }

  private static LatticeNode node(LocalCluster chain) throws Exception {
    return LatticeNode.start(
        chain.members().get(0).home(),
        LatticeNode.Options.defaults()
            .withApi(new NodeConfig.HostPort("127.0.0.1", 0))
            .withBlockInterval(Duration.ofMillis(200)));
  }

  private static String url(LatticeNode node) {
    return "http://127.0.0.1:" + node.apiPort().orElseThrow();
  }

  String currencyUrl() {
    return url(currency);
  }

  /** The currency chain's validator home, whose test keyring holds the funded faucet key. */
  Path currencyHome() {
    return currencyHome;
  }

  String relayerLog() {
    return "\nrelayer:\n" + relayerLog;
  }

  @Override
  public void close() throws InterruptedException {
    relayer.stop();
    relayerThread.join(Duration.ofSeconds(30).toMillis());
    currency.close();
    chat.close();
  }
}
