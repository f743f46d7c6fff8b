package io.lattice.chains;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lattice.consensus.app.BlockContext;
import io.lattice.crypto.CryptoException;
import io.lattice.crypto.KeyAlgorithm;
import io.lattice.crypto.KeyPairs;
import io.lattice.crypto.PrivateKeySigner;
import io.lattice.distribution.app.PosGenesis;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.MemoryKeyValueStore;
import io.lattice.storage.WriteBatch;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChainAppsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000L;

  /** One chain in memory: its app and store. */
  private record Chain(String chainId, MemoryKeyValueStore db, LatticeApp app) {
    static Chain of(String chainId) {
      MemoryKeyValueStore db = new MemoryKeyValueStore();
      LatticeApp app =
          ChainApps.create(
              AppConfig.defaults(chainId),
              StateTreeStore.open(db),
              io.lattice.crypto.Verifier.STANDARD);
      return new Chain(chainId, db, app);
    }

    void genesis(JsonNode appState) {
      try (WriteBatch b = db.newBatch()) {
        app.initChain(appState.toString().getBytes(StandardCharsets.UTF_8), b);
        db.write(b, true);
      }
      app.afterCommit();
    }

    void blocks(int n) {
      for (int i = 0; i < n; i++) {
        long h = app.info().height() + 1;
        app.finalizeBlock(
            new BlockContext(
                chainId, h, Instant.ofEpochSecond(T0 + h), new byte[20], List.of(), List.of()),
            List.of());
        try (WriteBatch b = db.newBatch()) {
          app.commit(b);
          db.write(b, true);
        }
        app.afterCommit();
        assertThat(app.checkInvariants()).as("invariants at %d", h).isEmpty();
      }
    }
  }

  @Test
  void theChatChainIdsRunTheChatAppAndEveryOtherIdTheCurrencyApp() {
    assertThat(ChainApps.kind("lattice-chat-1")).isEqualTo(ChainApps.Kind.CHAT);
    assertThat(ChainApps.kind("lattice-chat-test")).isEqualTo(ChainApps.Kind.CHAT);
    assertThat(ChainApps.kind("lattice-currency-1")).isEqualTo(ChainApps.Kind.CURRENCY);
    assertThat(ChainApps.kind("my-chain-1")).isEqualTo(ChainApps.Kind.CURRENCY);
    assertThat(ChainApps.modules(ChatChainApp.CHAIN_ID)).containsAll(CurrencyChainApp.MODULES);
    assertThat(ChainApps.modules(ChatChainApp.CHAIN_ID))
        .contains("identity", "messaging", "channels", "reputation", "gov", "xchain");
    assertThat(ChainApps.modules(CurrencyChainApp.CHAIN_ID))
        .doesNotContain("identity", "messaging", "channels", "reputation");
    assertThat(ChainApps.modules(ChatChainApp.CHAIN_ID))
        .startsWith("auth", "bank", "distribution", "slashing", "staking");
  }

  @Test
  void bothAppsStartFromTheDefaultGenesisOfEveryModule() {
    for (String id : List.of(ChatChainApp.CHAIN_ID, CurrencyChainApp.CHAIN_ID)) {
      Chain chain = Chain.of(id);
      chain.genesis(JSON.createObjectNode());
      chain.blocks(3);
      assertThat(chain.app().info().height()).isEqualTo(3);
      for (String module : ChainApps.modules(id)) {
        assertThat(chain.app().params(module, 3)).as("%s params on %s", module, id).isNotNull();
      }
      assertThat(chain.app().query("xchain/client", null, 0).path("configured").asBoolean())
          .as("no counterparty in genesis: xchain is off")
          .isFalse();
    }
  }

  @Test
  void twoChainsStartFromGenesesThatNameEachOtherAsCounterparty() throws Exception {
    Random random = new Random(7);
    ObjectNode chatGenesis = genesisJson(ChatChainApp.CHAIN_ID, key(random), key(random));
    ObjectNode currencyGenesis = genesisJson(CurrencyChainApp.CHAIN_ID, key(random), key(random));
    ObjectNode chatState = (ObjectNode) chatGenesis.get("app_state");
    ObjectNode currencyState = (ObjectNode) currencyGenesis.get("app_state");
    boolean chatLinked = Counterparty.link(ChatChainApp.CHAIN_ID, chatState, currencyGenesis);
    boolean currencyLinked =
        Counterparty.link(CurrencyChainApp.CHAIN_ID, currencyState, chatGenesis);
    assertThat(chatLinked).isEqualTo(ChatChainApp.MODULES.contains("xchain"));
    assertThat(currencyLinked).isEqualTo(CurrencyChainApp.MODULES.contains("xchain"));
    if (chatLinked) {
      JsonNode section = chatState.path("xchain").path("counterparty");
      assertThat(section.path("chain_id").asText()).isEqualTo(CurrencyChainApp.CHAIN_ID);
      assertThat(section.path("genesis_time").asText())
          .isEqualTo(currencyGenesis.path("genesis_time").asText());
      assertThat(section.path("validators")).isEqualTo(currencyGenesis.path("validators"));
    } else {
      assertThat(chatState.has("xchain")).isFalse();
    }

    Chain chat = Chain.of(ChatChainApp.CHAIN_ID);
    Chain currency = Chain.of(CurrencyChainApp.CHAIN_ID);
    chat.genesis(chatState);
    currency.genesis(currencyState);
    chat.blocks(2);
    currency.blocks(2);
    for (Chain c : List.of(chat, currency)) {
      assertThat(new BigInteger(c.app().supply("ulat").getAmount()))
          .as("genesis balance + bonded stake, plus what inflation minted")
          .isGreaterThanOrEqualTo(BigInteger.valueOf(2_000_000_000L + 10_000_000L));
    }
    assertThat(chat.app().exportGenesis()).isNotEmpty();
    JsonNode chatClient = chat.app().query("xchain/client", null, 0);
    assertThat(chatClient.path("configured").asBoolean()).isTrue();
    assertThat(chatClient.path("chain_id").asText()).isEqualTo(CurrencyChainApp.CHAIN_ID);
    assertThat(currency.app().query("xchain/client", null, 0).path("chain_id").asText())
        .isEqualTo(ChatChainApp.CHAIN_ID);
  }

  @Test
  void aCounterpartyGenesisWithoutValidatorsIsRefusedNamingTheField() {
    ObjectNode genesis = JSON.createObjectNode();
    genesis.put("chain_id", "x-1").put("genesis_time", "2026-01-01T00:00:00Z");
    genesis.putArray("validators");
    assertThatThrownBy(() -> Counterparty.section(genesis))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validators");
    genesis.remove("chain_id");
    assertThatThrownBy(() -> Counterparty.section(genesis)).hasMessageContaining("chain_id");
  }

  private static PrivateKeySigner key(Random random) throws CryptoException {
    byte[] sk = new byte[32];
    random.nextBytes(sk);
    return KeyPairs.fromPrivateKey(KeyAlgorithm.ED25519, sk);
  }

  /** A genesis.json tree of a one-validator chain, as {@code lattice init} writes it. */
  private static ObjectNode genesisJson(
      String chainId, PrivateKeySigner operator, PrivateKeySigner consensus) {
    ObjectNode root = JSON.createObjectNode();
    root.put("chain_id", chainId);
    root.put("genesis_time", "2026-11-21T00:00:00Z");
    root.put("initial_height", 1);
    ObjectNode v = root.putArray("validators").addObject();
    v.put("address", consensus.publicKey().address().toString());
    v.putObject("pub_key")
        .put("algorithm", "ed25519")
        .put("key", Base64.getEncoder().encodeToString(consensus.publicKey().encoded()));
    v.put("power", 10);
    v.put("name", "node0");
    String op = operator.publicKey().address().toString();
    root.set(
        "app_state",
        PosGenesis.appState(
            List.of(new PosGenesis.StakedValidator(op, consensus.publicKey(), 10, "node0")),
            List.of(new PosGenesis.Balance(op, BigInteger.valueOf(2_000_000_000L)))));
    return root;
  }
}
