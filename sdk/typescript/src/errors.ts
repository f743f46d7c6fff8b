/**
 * Typed errors: one class per kind of failure, each carrying the node's code and reason.
 *
 * - HTTP refusals (`{"code": <HTTP status>, "message": …}`, docs/API.md) become ApiError
 *   subclasses whose `code` is the HTTP status.
 * - A transaction refused by checkTx (HTTP 422, or 413/503 from the mempool) becomes a
 *   TxRejectedError subclass whose `code` / `codespace` are the pipeline's result code
 *   (docs/spec/formats.md §3), recovered from the reason since the API sends only the text.
 * - A transaction included in a block whose messages failed becomes TxFailedError with the
 *   block result's code, codespace and log.
 */
export abstract class LatticeError extends Error {
  /** The node's code for this failure (HTTP status, or the transaction result code). */
  abstract readonly code: number;
  /** The node's reason, verbatim. */
  readonly reason: string;

  protected constructor(reason: string, message = reason) {
    super(message);
    this.reason = reason;
    this.name = new.target.name;
  }
}

/** The node could not be reached (connection refused, request timed out, WebSocket lost). */
export class NodeUnreachableError extends LatticeError {
  readonly code = 0;
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(reason, `cannot reach node at ${url}: ${reason}`);
  }
}

/** An answer the SDK cannot use: not JSON, or missing what the protocol promises. */
export class ProtocolError extends LatticeError {
  readonly code = 0;
  constructor(reason: string) {
    super(reason);
  }
}

/** Waiting for a confirmation, an event or a cross-chain operation took longer than allowed. */
export class TimeoutError extends LatticeError {
  readonly code = 504;
  constructor(
    reason: string,
    readonly timeoutMs: number,
  ) {
    super(reason);
  }
}

/** An HTTP error answer of the node's REST API. */
export class ApiError extends LatticeError {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason);
  }
}
/** 400: malformed request; the reason names the field. */
export class BadRequestError extends ApiError {}
/** 404: unknown route, height, transaction or account. */
export class NotFoundError extends ApiError {}
/** 429: the faucet served this address recently. */
export class RateLimitedError extends ApiError {
  constructor(
    code: number,
    reason: string,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(code, reason);
  }
}
/** 503: node catching up, mempool full (see MempoolFullError), faucet account missing. */
export class UnavailableError extends ApiError {}
/** 504: the transaction was admitted but not committed within the node's wait. */
export class CommitTimeoutError extends ApiError {
  /** The hash to look up later with getTx. */
  get txHash(): string | undefined {
    return /transaction ([0-9a-f]{64})/.exec(this.reason)?.[1];
  }
}

/** A transaction refused before it entered a block (checkTx / mempool); nothing changed on chain. */
export class TxRejectedError extends LatticeError {
  constructor(
    /** The pipeline result code (runtime or mempool codespace). */
    readonly code: number,
    readonly codespace: string,
    reason: string,
    /** HTTP status of the answer (422, 413 or 503). */
    readonly httpStatus: number,
  ) {
    super(reason, `transaction rejected: ${reason}`);
  }
}
/** Runtime code 3: the signer's sequence is not the account's; `expected` is the one to use. */
export class SequenceMismatchError extends TxRejectedError {
  get expected(): bigint | undefined {
    const m = /expected (\d+), got (\d+)/.exec(this.reason);
    return m ? BigInt(m[1]!) : undefined;
  }
  get got(): bigint | undefined {
    const m = /expected (\d+), got (\d+)/.exec(this.reason);
    return m ? BigInt(m[2]!) : undefined;
  }
}
/** Runtime code 5: not enough balance (for the fee, at admission). */
export class InsufficientFundsError extends TxRejectedError {}
/** Runtime code 13: the fee is below gas limit × minimum gas price. */
export class InsufficientFeeError extends TxRejectedError {}
/** Runtime code 28: signed for another chain. */
export class WrongChainIdError extends TxRejectedError {}
/** Runtime code 9: the signer's account does not exist yet (fund it first). */
export class UnknownAccountError extends TxRejectedError {}
/** Runtime codes 4 and 8: signatures, signers or public keys do not match. */
export class UnauthorizedError extends TxRejectedError {}
/** Runtime code 11: gas limit too low. */
export class OutOfGasError extends TxRejectedError {}
/** Runtime codes 2, 6, 7, 10, 12, 15, 18, 21, 23, 30: the transaction itself is invalid. */
export class InvalidTxError extends TxRejectedError {}
/** Mempool codes 19 and 22: the same transaction, or the same sender and sequence, is already pending. */
export class DuplicateTxError extends TxRejectedError {}
/** Mempool code 20 (HTTP 503): try again later. */
export class MempoolFullError extends TxRejectedError {}

type RejectedClass = new (code: number, codespace: string, reason: string, httpStatus: number) => TxRejectedError;

/** Reason prefixes of docs/spec/formats.md §3 and the mempool, with their code and class. */
const REJECTIONS: readonly [RegExp, number, string, RejectedClass][] = [
  [/^sequence mismatch/, 3, "runtime", SequenceMismatchError],
  [/^insufficient funds/, 5, "runtime", InsufficientFundsError],
  [/^insufficient fee/, 13, "runtime", InsufficientFeeError],
  [/^wrong chain id/, 28, "runtime", WrongChainIdError],
  [/^account \S+ does not exist/, 9, "runtime", UnknownAccountError],
  [/^(invalid signature|signer count mismatch|the messages need)/, 4, "runtime", UnauthorizedError],
  [/^(invalid public key|public key of signer)/, 8, "runtime", UnauthorizedError],
  [/^out of gas/, 11, "runtime", OutOfGasError],
  [/^tx already (committed|in mempool)/, 19, "mempool", DuplicateTxError],
  [/^sender \S+ already has a tx with sequence/, 22, "mempool", DuplicateTxError],
  [/^mempool is full/, 20, "mempool", MempoolFullError],
  [/^tx too large: \d+ bytes > max/, 21, "mempool", InvalidTxError],
  [/^tx too large/, 21, "runtime", InvalidTxError],
  [/^(tx malformed|tx has unknown field|tx: non-canonical|.*: non-canonical encoding)/, 2, "runtime", InvalidTxError],
  [/^unknown message type/, 6, "runtime", InvalidTxError],
  [/^memo too long/, 12, "runtime", InvalidTxError],
  [/^tx has no signatures/, 15, "runtime", InvalidTxError],
  [/^(tx has no messages|multi-send has no inputs)/, 18, "runtime", InvalidTxError],
  [/^gas limit/, 23, "runtime", InvalidTxError],
  [/^tx timed out/, 30, "runtime", InvalidTxError],
  [/invalid address|not in canonical form/, 7, "runtime", InvalidTxError],
  [/zero amount|invalid denom|denoms must be sorted|sum of inputs|invalid fee/, 10, "runtime", InvalidTxError],
];

/** The typed error of a checkTx refusal, from its reason (without the "transaction rejected: " prefix). */
export function rejectionOf(reason: string, httpStatus = 422): TxRejectedError {
  for (const [pattern, code, codespace, cls] of REJECTIONS) {
    if (pattern.test(reason)) return new cls(code, codespace, reason, httpStatus);
  }
  return new TxRejectedError(0, "", reason, httpStatus);
}

/** A transaction that is in a block but whose messages failed: the fee was charged, nothing else applied. */
export class TxFailedError extends LatticeError {
  constructor(
    readonly code: number,
    readonly codespace: string,
    reason: string,
    readonly txHash: string,
    readonly height: number,
  ) {
    super(reason, `transaction ${txHash} failed in block ${height} (${codespace} code ${code}): ${reason}`);
  }
}

/** Input refused by the SDK before anything was sent (bad address, amount, name). */
export class InvalidInputError extends LatticeError {
  readonly code = 400;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The error of an HTTP error answer `{"code", "message"}`. */
export function apiErrorOf(status: number, body: unknown, retryAfter?: string | null): LatticeError {
  const message =
    typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string"
      ? (body as { message: string }).message
      : `HTTP ${status}`;
  const rejected = /^transaction rejected: ([\s\S]*)$/.exec(message);
  if (rejected && (status === 422 || status === 413 || status === 503)) return rejectionOf(rejected[1]!, status);
  switch (status) {
    case 400:
      return new BadRequestError(status, message);
    case 404:
      return new NotFoundError(status, message);
    case 429:
      return new RateLimitedError(status, message, retryAfter ? Number(retryAfter) : undefined);
    case 503:
      return new UnavailableError(status, message);
    case 504:
      return new CommitTimeoutError(status, message);
    default:
      return new ApiError(status, message);
  }
}
