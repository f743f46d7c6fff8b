package io.lattice.chains;

import io.lattice.bank.ModuleAccount;
import io.lattice.bank.app.StandardApp;
import io.lattice.crypto.Verifier;
import io.lattice.distribution.app.PosApp;
import io.lattice.distribution.app.PosCore;
import io.lattice.gov.GovKeeper;
import io.lattice.gov.GovModule;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.module.Module;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.KeyValueStore;
import io.lattice.xchain.OpKeeper;
import io.lattice.xchain.XchainKeeper;
import io.lattice.xchain.XchainModule;
import io.lattice.xchain.ops.CreateChannelWithFee;
import io.lattice.xchain.ops.RegisterUserWithStake;
import java.util.ArrayList;
import java.util.List;

/**
 * The currency chain ({@value #CHAIN_ID}, and every chain id that is not a chat chain's): the
 * proof-of-stake modules in {@link PosApp}'s order, then {@code gov} (stake-weighted; can change
 * every module's params) and {@code xchain}, where the atomic operations start: {@code
 * register_user_with_stake} escrows the stake and bonds it (with its lock) once the chat chain
 * registered the name; {@code create_channel_with_fee} escrows the fee.
 */
public final class CurrencyChainApp {
  private CurrencyChainApp() {}

  public static final String CHAIN_ID = "lattice-currency-1";

  /** The modules' names in execution order (genesis, begin and end block). */
  public static final List<String> MODULES =
      List.of("auth", "bank", "distribution", "slashing", "staking", "gov", "xchain");

  /** The module accounts: those of {@link PosApp}, gov's (deposits) and xchain's escrow. */
  public static final List<ModuleAccount> MODULE_ACCOUNTS = moduleAccounts();

  private static List<ModuleAccount> moduleAccounts() {
    List<ModuleAccount> all = new ArrayList<>(PosApp.MODULE_ACCOUNTS);
    all.add(GovKeeper.ACCOUNT);
    all.add(OpKeeper.ESCROW);
    return List.copyOf(all);
  }

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
    GovKeeper gov = new GovKeeper(pos.bank, pos.staking);
    XchainKeeper xchain = new XchainKeeper(pos.bank);
    xchain.registerOperation(
        RegisterUserWithStake.source(KeeperAdapters.staking(pos.staking), PosCore.BOND_DENOM));
    xchain.registerOperation(CreateChannelWithFee.source(pos.bank));
    List<Module> modules = new ArrayList<>(pos.modules());
    modules.add(new GovModule(gov, pos.bank, pos.staking));
    modules.add(new XchainModule(xchain));
    gov.setModules(modules);
    return new LatticeApp(config, store, modules, pos.auth, pos.bank, verifier);
  }
}
