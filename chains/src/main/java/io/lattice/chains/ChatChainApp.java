package io.lattice.chains;

import io.lattice.bank.ModuleAccount;
import io.lattice.bank.app.StandardApp;
import io.lattice.channels.ChannelsKeeper;
import io.lattice.channels.ChannelsModule;
import io.lattice.crypto.Verifier;
import io.lattice.distribution.app.PosApp;
import io.lattice.distribution.app.PosCore;
import io.lattice.gov.GovKeeper;
import io.lattice.gov.GovModule;
import io.lattice.identity.IdentityKeeper;
import io.lattice.identity.IdentityModule;
import io.lattice.messaging.MessagingKeeper;
import io.lattice.messaging.MessagingModule;
import io.lattice.reputation.ReputationKeeper;
import io.lattice.reputation.ReputationModule;
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
 * The chat chain ({@value #CHAIN_ID}): its own validator set through the proof-of-stake modules in
 * {@link PosApp}'s order, then {@code reputation} (after slashing and staking: it penalizes the
 * operators their slash events name), {@code identity}, {@code messaging}, {@code channels} (gated
 * by reputation), {@code gov} (stake-weighted; can change every module's params) and {@code
 * xchain}, which receives the registrations and channel creations of the currency chain's atomic
 * operations.
 */
public final class ChatChainApp {
  private ChatChainApp() {}

  public static final String CHAIN_ID = "lattice-chat-1";

  /** The modules' names in execution order (genesis, begin and end block). */
  public static final List<String> MODULES =
      List.of(
          "auth",
          "bank",
          "distribution",
          "slashing",
          "staking",
          "reputation",
          "identity",
          "messaging",
          "channels",
          "gov",
          "xchain");

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
    ReputationKeeper reputation = new ReputationKeeper();
    IdentityKeeper identity = new IdentityKeeper();
    MessagingKeeper messaging = new MessagingKeeper(identity, pos.bank);
    ChannelsKeeper channels = new ChannelsKeeper(pos.bank, reputation);
    GovKeeper gov = new GovKeeper(pos.bank, pos.staking);
    XchainKeeper xchain = new XchainKeeper(pos.bank);
    xchain.registerOperation(RegisterUserWithStake.destination(KeeperAdapters.identity(identity)));
    xchain.registerOperation(CreateChannelWithFee.destination(KeeperAdapters.channels(channels)));
    List<Module> modules = new ArrayList<>(pos.modules());
    modules.add(new ReputationModule(reputation));
    modules.add(new IdentityModule(identity, pos.bank));
    modules.add(new MessagingModule(messaging));
    modules.add(new ChannelsModule(channels));
    modules.add(new GovModule(gov, pos.bank, pos.staking));
    modules.add(new XchainModule(xchain));
    gov.setModules(modules);
    return new LatticeApp(config, store, modules, pos.auth, pos.bank, verifier);
  }
}
