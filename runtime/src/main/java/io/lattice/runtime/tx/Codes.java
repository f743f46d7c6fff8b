package io.lattice.runtime.tx;

import io.lattice.runtime.module.TxException;

/**
 * Result codes of the transaction pipeline, codespace {@value #CODESPACE}. The numbers follow the
 * Cosmos SDK's root codespace where a counterpart exists, so tooling that knows them reads ours.
 * The table with each reason is in docs/spec/formats.md.
 */
public final class Codes {
  public static final String CODESPACE = "runtime";

  public static final int TX_DECODE = 2;
  public static final int INVALID_SEQUENCE = 3;
  public static final int UNAUTHORIZED = 4;
  public static final int INSUFFICIENT_FUNDS = 5;
  public static final int UNKNOWN_REQUEST = 6;
  public static final int INVALID_ADDRESS = 7;
  public static final int INVALID_PUBKEY = 8;
  public static final int UNKNOWN_ADDRESS = 9;
  public static final int INVALID_COINS = 10;
  public static final int OUT_OF_GAS = 11;
  public static final int MEMO_TOO_LARGE = 12;
  public static final int INSUFFICIENT_FEE = 13;
  public static final int NO_SIGNATURES = 15;
  public static final int INVALID_REQUEST = 18;
  public static final int TX_TOO_LARGE = 21;
  public static final int INVALID_GAS_LIMIT = 23;
  public static final int WRONG_CHAIN_ID = 28;
  public static final int TX_TIMEOUT_HEIGHT = 30;

  private Codes() {}

  public static TxException error(int code, String reason) {
    return new TxException(CODESPACE, code, reason);
  }
}
