package io.lattice.node.chain;

import io.lattice.bank.app.StandardApp;
import io.lattice.node.config.NodeFiles;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.KeyValueStore;

/** Builds the state machine of a node: {@code auth} + {@code bank} over the stored state tree. */
public final class AppFactory {
  private AppFactory() {}

  /** The application and the state store it runs on. */
  public record AppParts(AppConfig config, StateTreeStore store, LatticeApp app) {}

  public static AppParts open(KeyValueStore db, NodeFiles files) {
    AppConfig config = appConfig(files);
    StateTreeStore store = StateTreeStore.open(db);
    return new AppParts(config, store, StandardApp.create(config, store));
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
