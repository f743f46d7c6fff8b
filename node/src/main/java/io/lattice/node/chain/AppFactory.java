package io.lattice.node.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lattice.bank.app.StandardApp;
import io.lattice.chains.ChainApps;
import io.lattice.node.config.ConfigException;
import io.lattice.node.config.Genesis;
import io.lattice.node.config.NodeFiles;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.staking.StakingModule;
import io.lattice.storage.KeyValueStore;
import java.io.IOException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds the state machine of a node over the stored state tree, chosen by genesis's chain id
 * ({@link ChainApps}): {@code lattice-chat-*} runs {@link io.lattice.chains.ChatChainApp}, every
 * other id {@link io.lattice.chains.CurrencyChainApp} (the modules each lists in {@code MODULES}).
 * A module without a section in genesis.json starts from its default genesis, so genesis files
 * written before a module existed keep working.
 */
public final class AppFactory {
  private AppFactory() {}

  /** The application and the state store it runs on. */
  public record AppParts(AppConfig config, StateTreeStore store, LatticeApp app) {}

  /**
   * @throws ConfigException when genesis's staking validators disagree with its validator set
   */
  public static AppParts open(KeyValueStore db, NodeFiles files) throws ConfigException {
    AppConfig config = appConfig(files);
    checkStakingGenesis(files.genesis());
    StateTreeStore store = StateTreeStore.open(db);
    return new AppParts(
        config, store, ChainApps.create(config, store, StandardApp.cachingVerifier()));
  }

  /**
   * When {@code app_state.staking} lists validators, the active set they imply (consensus address →
   * power) must be exactly genesis.json's {@code validators}: the engine starts from the latter,
   * staking's validator updates from the former.
   */
  static void checkStakingGenesis(Genesis genesis) throws ConfigException {
    JsonNode staking;
    try {
      staking = new ObjectMapper().readTree(genesis.appStateJson()).get("staking");
    } catch (IOException e) {
      throw new ConfigException("genesis app_state is not valid JSON: " + e.getMessage(), e);
    }
    if (staking == null || staking.path("validators").isEmpty()) {
      return;
    }
    SortedMap<String, Long> implied;
    try {
      implied = StakingModule.genesisValidatorSet(staking);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException("genesis app_state.staking: " + e.getMessage(), e);
    }
    SortedMap<String, Long> listed = new TreeMap<>();
    for (Genesis.GenesisValidator v : genesis.validators()) {
      listed.put(v.address(), v.power());
    }
    if (!implied.equals(listed)) {
      throw new ConfigException(
          "genesis validators "
              + listed
              + " disagree with the active set of app_state.staking "
              + implied
              + " (address → power; power = tokens / power_reduction)");
    }
  }

  /**
   * Chain parameters from genesis (chain id, per-transaction gas cap = block gas limit) and the
   * node's minimum gas price.
   */
  public static AppConfig appConfig(NodeFiles files) {
    AppConfig d = AppConfig.defaults(files.genesis().chainId());
    long maxGas =
        files.genesis().maxBlockGas() > 0 ? files.genesis().maxBlockGas() : d.maxBlockGas();
    int maxTxBytes = (int) Math.min(d.maxTxBytes(), files.genesis().maxBlockBytes());
    return new AppConfig(
        d.chainId(), maxTxBytes, maxGas, d.feeDenom(), files.config().minGasPrice(), d.gas());
  }
}
