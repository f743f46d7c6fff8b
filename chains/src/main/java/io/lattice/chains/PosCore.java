package io.lattice.chains;

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
 * The keepers and modules both chains share ({@code auth}, {@code bank}, {@code distribution},
 * {@code slashing}, {@code staking}), wired as {@link io.lattice.distribution.app.PosApp} wires
 * them: distribution receives staking's hooks; slashing acts through staking's slasher.
 */
final class PosCore {
  /** The staking and fee denomination of both chains. */
  static final String BOND_DENOM = io.lattice.distribution.app.PosGenesis.DENOM;

  final AuthKeeper auth = new AuthKeeper();
  final BankKeeper bank;
  final StakingKeeper staking;
  final SlashingKeeper slashing = new SlashingKeeper();
  final DistributionKeeper distribution;

  /**
   * @param moduleAccounts every module account of the chain (bank refuses sends to them)
   */
  PosCore(List<ModuleAccount> moduleAccounts) {
    bank = new BankKeeper(auth::ensureAccount, moduleAccounts);
    staking = new StakingKeeper(bank);
    distribution = new DistributionKeeper(bank, staking);
    staking.setHooks(distribution);
  }

  /**
   * The modules in {@code PosApp}'s order: begin block runs distribution (rewards for the last
   * commit) before slashing (liveness, evidence); staking's end block after both.
   */
  List<Module> modules() {
    return List.of(
        new AuthModule(auth),
        new BankModule(bank),
        new DistributionModule(distribution, bank, staking),
        new SlashingModule(slashing, staking.slasher()),
        new StakingModule(staking, bank));
  }
}
