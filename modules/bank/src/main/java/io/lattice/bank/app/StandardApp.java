package io.lattice.bank.app;

import io.lattice.auth.AuthKeeper;
import io.lattice.auth.AuthModule;
import io.lattice.bank.BankKeeper;
import io.lattice.bank.BankModule;
import io.lattice.crypto.Verifier;
import io.lattice.runtime.AppConfig;
import io.lattice.runtime.LatticeApp;
import io.lattice.runtime.store.CommitStore;
import io.lattice.runtime.store.StateTreeStore;
import io.lattice.runtime.tx.SignatureCache;
import io.lattice.storage.KeyValueStore;
import java.util.List;

/**
 * The base Lattice application: {@code auth} then {@code bank}, the modules every Lattice chain
 * runs. Lives here because it is the lowest module that sees both; chains with more modules compose
 * their own {@link LatticeApp} the same way.
 */
public final class StandardApp {
  private StandardApp() {}

  /**
   * Opens the application over the state tree stored in {@code db} (under {@link
   * StateTreeStore#defaultPrefix()}), resuming from its last committed version.
   */
  public static LatticeApp open(AppConfig config, KeyValueStore db) {
    return create(config, StateTreeStore.open(db));
  }

  /**
   * The application over any {@link CommitStore}. Signatures verified by {@code checkTx} are
   * remembered ({@link SignatureCache}, 200,000 entries), so block execution does not verify a
   * mempool transaction twice.
   */
  public static LatticeApp create(AppConfig config, CommitStore store) {
    return create(config, store, cachingVerifier());
  }

  /**
   * The verifier every standard application uses: {@link Verifier#STANDARD} behind a {@link
   * SignatureCache} of 200,000 entries.
   */
  public static Verifier cachingVerifier() {
    return new SignatureCache(Verifier.STANDARD, 200_000);
  }

  public static LatticeApp create(AppConfig config, CommitStore store, Verifier verifier) {
    AuthKeeper auth = new AuthKeeper();
    BankKeeper bank = new BankKeeper(auth::ensureAccount);
    return new LatticeApp(
        config, store, List.of(new AuthModule(auth), new BankModule(bank)), auth, bank, verifier);
  }
}
