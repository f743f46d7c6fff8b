package io.lattice.distribution.app;

import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.bank.ModuleAccount;
import io.lattice.distribution.DistributionKeeper;
import io.lattice.distribution.DistributionModule;
import io.lattice.runtime.module.Module;
import io.lattice.slashing.SlashingKeeper;
import io.lattice.slashing.SlashingModule;
import io.lattice.staking.StakingKeeper;
import io.lattice.staking.StakingModule;
import java.util.List;

/**
 * The proof-of-stake keepers and modules ({@code auth}, {@code bank}, {@code distribution}, {@code
 * slashing}, {@code staking}) wired together: distribution receives staking's hooks; slashing acts
 * through staking's slasher. {@link PosApp} and both chains of module {@code chains} build on it.
 */
public final class PosCore {
  /** The staking and fee denomination. */
  public static final String BOND_DENOM = PosGenesis.DENOM;

  public final AuthKeeper auth = new AuthKeeper();
  public final BankKeeper bank;
  public final StakingKeeper staking;
  public final SlashingKeeper slashing = new SlashingKeeper();
  public final DistributionKeeper distribution;

  /**
   * @param moduleAccounts every module account of the chain (bank refuses sends to them)
   */
  public PosCore(List<ModuleAccount> moduleAccounts) {
    bank = new BankKeeper(auth::ensureAccount, moduleAccounts);
    staking = new StakingKeeper(bank);
    distribution = new DistributionKeeper(bank, staking);
    staking.setHooks(distribution);
  }

  /**
   * The modules in order: begin block runs distribution (rewards for the last commit) before
   * slashing (liveness, evidence); staking's end block after both.
   */
  public List<Module> modules() {
    return List.of(
        new AuthModule(auth),
        new BankModule(bank),
        new DistributionModule(distribution, bank, staking),
        new SlashingModule(slashing, staking.slasher()),
        new StakingModule(staking, bank));
  }
}
