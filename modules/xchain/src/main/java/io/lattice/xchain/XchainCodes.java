package io.lattice.xchain;

import io.lattice.runtime.module.TxException;

/**
 * Result codes of the {@code xchain} codespace: one per refusal of docs/spec/xchain.md §2 and §4,
 * so a relayer can tell "already done" from "wrong" without parsing reasons.
 */
public final class XchainCodes {
  public static final String CODESPACE = "xchain";

  public static final int NO_COUNTERPARTY = 2;
  public static final int CLIENT_FROZEN = 3;
  public static final int UNKNOWN_TRUSTED_HEIGHT = 4;
  public static final int TRUSTING_PERIOD_EXPIRED = 5;
  public static final int WRONG_CHAIN_ID = 6;
  public static final int INSUFFICIENT_VOTING_POWER = 7;
  public static final int HEADER_FROM_FUTURE = 8;
  public static final int INVALID_HEADER = 9;
  public static final int CONSENSUS_STATE_EXISTS = 10;
  public static final int NO_CONSENSUS_STATE = 11;
  public static final int UNKNOWN_PORT = 12;
  public static final int PACKET_TIMED_OUT = 13;

  /** Relayers count this as success (another relayer was first, or a replay). */
  public static final int ALREADY_RECEIVED = 14;

  public static final int INVALID_PROOF = 15;

  /** Relayers count this as success: the packet was already acknowledged or timed out. */
  public static final int NO_PENDING_PACKET = 16;

  public static final int PACKET_MISMATCH = 17;
  public static final int NOT_TIMED_OUT = 18;
  public static final int INVALID_PACKET = 19;
  public static final int NOT_MISBEHAVIOUR = 20;
  public static final int INVALID_OPERATION = 21;
  public static final int ACK_HANDLER_FAILED = 22;
  public static final int INVALID_TRUSTED_VALIDATORS = 23;
  public static final int UNAUTHORIZED = 24;

  private XchainCodes() {}

  public static TxException error(int code, String reason) {
    return new TxException(CODESPACE, code, reason);
  }
}
