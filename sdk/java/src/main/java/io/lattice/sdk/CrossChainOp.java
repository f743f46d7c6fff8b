package io.lattice.sdk;

import java.util.List;

/**
 * An atomic cross-chain operation's record as one chain reports it ({@code GET
 * /v1/xchain/ops/{id}}): id ({@code source chain id/packet sequence}), kind, status, the steps with
 * the chain and height that recorded each, and the reason of a roll-back or failure.
 */
public record CrossChainOp(
    String id, String kind, OpStatus status, List<Step> steps, String reason) {
  public CrossChainOp {
    steps = List.copyOf(steps);
  }

  /** One status transition: which chain recorded it, at which height. */
  public record Step(OpStatus status, String chainId, long height) {}

  public boolean isSuccess() {
    return status == OpStatus.ATOMIC_SUCCESS;
  }
}
