package io.lattice.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lattice.common.Clock;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeFiles;
import io.lattice.node.config.NodeHome;
import io.lattice.runtime.LatticeApp;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application a node runs follows its genesis chain id. */
class AppFactoryTest {
  @TempDir Path tmp;

  private LatticeApp app(String chainId) throws Exception {
    NodeHome home = new NodeHome(tmp.resolve(chainId));
    new HomeInitializer(Clock.system(), new SecureRandom()).init(home, chainId, "n", false);
    NodeFiles files = NodeFiles.load(home);
    MemoryKeyValueStore db = new MemoryKeyValueStore();
    LatticeApp app = AppFactory.open(db, files).app();
    try (WriteBatch b = db.newBatch()) {
      app.initChain(files.genesis().appStateJson(), b);
      db.write(b, true);
    }
    app.afterCommit();
    return app;
  }

  @Test
  void aChatChainIdRunsTheChatModules() throws Exception {
    LatticeApp chat = app("lattice-chat-1");
    for (String module : new String[] {"identity", "messaging", "channels", "reputation"}) {
      assertThat(chat.params(module, 0)).as(module).isNotNull();
    }
    assertThat(chat.params("gov", 0)).isNotNull();
    assertThat(chat.params("xchain", 0)).isNotNull();
  }

  @Test
  void everyOtherChainIdRunsTheCurrencyModulesFromAGenesisWithoutTheirSections() throws Exception {
    for (String id : new String[] {"lattice-currency-1", "my-chain-1"}) {
      LatticeApp currency = app(id);
      assertThat(currency.params("gov", 0)).isNotNull();
      assertThat(currency.params("xchain", 0)).isNotNull();
      assertThat(currency.params("staking", 0)).isNotNull();
      assertThatThrownBy(() -> currency.params("identity", 0))
          .hasMessageContaining("unknown module 'identity'");
    }
  }
}
