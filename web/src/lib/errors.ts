import {
  CommitTimeoutError,
  InsufficientFeeError,
  InsufficientFundsError,
  InvalidInputError,
  LatticeError,
  NodeUnreachableError,
  RateLimitedError,
  SequenceMismatchError,
  TxFailedError,
  TxRejectedError,
  UnknownAccountError,
} from "@lattice/sdk";

/** What the user sees when something failed: the node's reason and what to do about it. */
export interface Problem {
  title: string;
  reason: string;
  hint?: string;
}

export function describe(e: unknown): Problem {
  if (e instanceof TxFailedError) {
    return { title: `Transaction failed in block ${e.height}`, reason: e.reason, hint: "The fee was charged; nothing else changed. Fix the cause and send again." };
  }
  if (e instanceof UnknownAccountError) {
    return { title: "Account not found on chain", reason: e.reason, hint: "Fund the account first (e.g. with the faucet)." };
  }
  if (e instanceof InsufficientFundsError || e instanceof InsufficientFeeError) {
    return { title: "Not enough funds", reason: e.reason, hint: "Lower the amount or fund the account." };
  }
  if (e instanceof SequenceMismatchError) {
    return { title: "Another transaction of this key landed first", reason: e.reason, hint: "Send again." };
  }
  if (e instanceof TxRejectedError) {
    return { title: "The node refused the transaction", reason: e.reason, hint: "Nothing changed on chain." };
  }
  if (e instanceof RateLimitedError) {
    return { title: "Rate limited", reason: e.reason, hint: e.retryAfterSeconds ? `Try again in ${e.retryAfterSeconds} s.` : "Try again later." };
  }
  if (e instanceof CommitTimeoutError) {
    return { title: "Not committed in time", reason: e.reason, hint: "It may still be included: check the transaction in the explorer before sending again." };
  }
  if (e instanceof NodeUnreachableError) {
    return { title: "Node unreachable", reason: e.reason, hint: "Is the local network running (./lattice up)? Retry once it is." };
  }
  if (e instanceof InvalidInputError) {
    return { title: "Invalid input", reason: e.reason };
  }
  if (e instanceof LatticeError) {
    return { title: "The node answered with an error", reason: e.reason };
  }
  return { title: "Unexpected error", reason: e instanceof Error ? e.message : String(e) };
}
