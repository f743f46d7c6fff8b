package io.lattice.runtime;

import io.lattice.runtime.gas.GasConfig;
import java.math.BigDecimal;

/**
 * Chain-wide parameters of the state machine that come from genesis and node configuration. All
 * nodes of a chain must use the same values: they decide which transactions are valid.
 *
 * @param maxTxBytes largest accepted transaction (TxRaw bytes)
 * @param maxBlockGas largest gas limit one transaction may ask for
 * @param feeDenom the denom fees are paid in
 * @param minGasPrice fee per gas unit in {@code feeDenom}, exact decimal (the fee must be at least
 *     {@code ceil(gas_limit × minGasPrice)})
 */
public record AppConfig(
    String chainId,
    int maxTxBytes,
    long maxBlockGas,
    String feeDenom,
    BigDecimal minGasPrice,
    GasConfig gas) {

  public static final int DEFAULT_MAX_TX_BYTES = 65536;
  public static final long DEFAULT_MAX_BLOCK_GAS = 1_000_000_000L;
  public static final String DEFAULT_FEE_DENOM = "ulat";
  public static final BigDecimal DEFAULT_MIN_GAS_PRICE = new BigDecimal("0.01");

  public AppConfig {
    if (chainId.isEmpty()) {
      throw new IllegalArgumentException("chain id is empty");
    }
    if (maxTxBytes <= 0 || maxBlockGas <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (minGasPrice.signum() < 0) {
      throw new IllegalArgumentException("min gas price is negative: " + minGasPrice);
    }
  }

  /** Defaults: 64 KiB transactions, fee in ulat at 0.01 ulat per gas unit. */
  public static AppConfig defaults(String chainId) {
    return new AppConfig(
        chainId,
        DEFAULT_MAX_TX_BYTES,
        DEFAULT_MAX_BLOCK_GAS,
        DEFAULT_FEE_DENOM,
        DEFAULT_MIN_GAS_PRICE,
        GasConfig.DEFAULT);
  }

  public AppConfig withMinGasPrice(BigDecimal price) {
    return new AppConfig(chainId, maxTxBytes, maxBlockGas, feeDenom, price, gas);
  }

  public AppConfig withMaxTxBytes(int bytes) {
    return new AppConfig(chainId, bytes, maxBlockGas, feeDenom, minGasPrice, gas);
  }
}
