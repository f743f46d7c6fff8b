package io.lattice.chains;

import io.lattice.bank.ModuleAccount;
import io.lattice.bank.app.StandardApp;
import io.lattice.crypto.Verifier;
import io.lattice.distribution.app.PosApp;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.KeyValueStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat chain ({@value #CHAIN_ID}): its own validator set through the proof-of-stake modules in
 * {@link PosApp}'s order, then the chat modules listed in {@link #MODULES} after them.
 */
public final class ChatChainApp {
  private ChatChainApp() {}

  public static final String CHAIN_ID = "lattice-chat-1";

  /** The modules' names in execution order (genesis, begin and end block). */
  public static final List<String> MODULES =
      List.of("auth", "bank", "distribution", "slashing", "staking");

  /** The module accounts: those of {@link PosApp}. */
  public static final List<ModuleAccount> MODULE_ACCOUNTS = List.copyOf(PosApp.MODULE_ACCOUNTS);

  /** Opens the application over the state tree stored in {@code db}. */
  public static LatticeApp open(AppConfig config, KeyValueStore db) {
    return create(config, StateTreeStore.open(db));
  }

  /** The application over any {@link CommitStore}, with {@link StandardApp#cachingVerifier()}. */
  public static LatticeApp create(AppConfig config, CommitStore store) {
    return create(config, store, StandardApp.cachingVerifier());
  }

  public static LatticeApp create(AppConfig config, CommitStore store, Verifier verifier) {
    PosCore pos = new PosCore(MODULE_ACCOUNTS);
    List<Module> modules = new ArrayList<>(pos.modules());
    return new LatticeApp(config, store, modules, pos.auth, pos.bank, verifier);
  }
}
