package io.lattice.distribution.app;

import io.lattice.bank.ModuleAccount;
import io.lattice.bank.app.StandardApp;
import io.lattice.crypto.Verifier;
import io.lattice.distribution.DistributionKeeper;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.storage.KeyValueStore;
import java.util.List;

/**
 * The proof-of-stake Lattice application: {@code auth}, {@code bank}, {@code distribution}, {@code
 * slashing}, {@code staking}, in that order. Begin-block hooks therefore run distribution (rewards
 * for the last commit's signers) before slashing (liveness, evidence); staking's end block pays out
 * matured unbondings and computes the validator updates after both.
 */
public final class PosApp {
  private PosApp() {}

  /**
   * The module accounts of the proof-of-stake application: the fee collector, {@code distribution}
   * (minter: the block provision), and staking's pools, which hold coins only through staking.
   */
  public static final List<ModuleAccount> MODULE_ACCOUNTS =
      List.of(
          ModuleAccount.FEE_COLLECTOR,
          DistributionKeeper.ACCOUNT,
          new ModuleAccount("bonded_tokens_pool"),
          new ModuleAccount("not_bonded_tokens_pool"),
          new ModuleAccount("staking_slashed"));

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
    return new LatticeApp(config, store, pos.modules(), pos.auth, pos.bank, verifier);
  }
}
