package io.lattice.node.chain;

import io.lattice.crypto.keyring.Backend;
import io.lattice.crypto.keyring.Keyring;
import io.lattice.crypto.keyring.KeyringException;
import io.lattice.crypto.keyring.PassphraseSource;
import io.lattice.node.api.FaucetOptions;
import io.lattice.node.config.HomeInitializer;
import io.lattice.node.config.NodeFiles;
import io.lattice.runtime.AppConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faucet's settings: enabled by {@code faucet.enabled}, signing with the key "faucet" of the
 * home's test keyring, paying the minimum fee for {@link #GAS_LIMIT}.
 */
public final class FaucetFactory {
  public static final long GAS_LIMIT = 200_000;
  private static final Logger log = LoggerFactory.getLogger(FaucetFactory.class);

  private FaucetFactory() {}

  public static Optional<FaucetOptions> create(NodeFiles files, AppConfig app) {
    if (!files.config().faucetEnabled()) {
      return Optional.empty();
    }
    try {
      Keyring keyring = Keyring.open(files.home().root(), Backend.TEST, PassphraseSource.none());
      if (keyring.find(HomeInitializer.FAUCET_KEY_NAME).isEmpty()) {
        log.warn(
            "faucet.enabled is true but {} has no key '{}'; the faucet is off",
            files.home().keyringTestDir(),
            HomeInitializer.FAUCET_KEY_NAME);
        return Optional.empty();
      }
      BigInteger fee =
          app.minGasPrice()
              .multiply(BigDecimal.valueOf(GAS_LIMIT))
              .setScale(0, RoundingMode.CEILING)
              .toBigIntegerExact();
      return Optional.of(
          new FaucetOptions(
              keyring.signer(HomeInitializer.FAUCET_KEY_NAME),
              app.feeDenom(),
              files.config().faucetAmount(),
              files.config().faucetInterval(),
              fee,
              GAS_LIMIT));
    } catch (KeyringException e) {
      log.warn("faucet is off: {}", e.getMessage());
      return Optional.empty();
    }
  }
}
