package io.lattice.chains;

import io.lattice.crypto.Verifier;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.CommitStore;
import java.util.List;

/** Which application a chain runs, by its chain id. */
public final class ChainApps {
  private ChainApps() {}

  /**
   * Chain ids starting with this run {@link ChatChainApp}; every other one {@link
   * CurrencyChainApp}.
   */
  public static final String CHAT_PREFIX = "lattice-chat-";

  /** The two applications. */
  public enum Kind {
    CHAT,
    CURRENCY
  }

  public static Kind kind(String chainId) {
    return chainId.startsWith(CHAT_PREFIX) ? Kind.CHAT : Kind.CURRENCY;
  }

  /** The application of {@code config.chainId()} over {@code store}. */
  public static LatticeApp create(AppConfig config, CommitStore store, Verifier verifier) {
    return switch (kind(config.chainId())) {
      case CHAT -> ChatChainApp.create(config, store, verifier);
      case CURRENCY -> CurrencyChainApp.create(config, store, verifier);
    };
  }

  /** The names of the modules the application of {@code chainId} runs, in execution order. */
  public static List<String> modules(String chainId) {
    return switch (kind(chainId)) {
      case CHAT -> ChatChainApp.MODULES;
      case CURRENCY -> CurrencyChainApp.MODULES;
    };
  }
}
