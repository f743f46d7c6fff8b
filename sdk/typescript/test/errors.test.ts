import { describe, expect, it } from "vitest";
import {
  ApiError,
  BadRequestError,
  CommitTimeoutError,
  CurrencyChainClient,
  LatticeError,
  NodeUnreachableError,
  DuplicateTxError,
  InsufficientFeeError,
  InsufficientFundsError,
  InvalidTxError,
  MempoolFullError,
  NotFoundError,
  OutOfGasError,
  RateLimitedError,
  SequenceMismatchError,
  TxRejectedError,
  UnauthorizedError,
  UnavailableError,
  UnknownAccountError,
  WrongChainIdError,
  apiErrorOf,
  rejectionOf,
} from "../src/index.js";

// Reasons as docs/spec/formats.md §3 and the mempool write them.
const CASES: [string, number, string, Function][] = [
  ["sequence mismatch: expected 5, got 4", 3, "runtime", SequenceMismatchError],
  ["insufficient funds for fee: balance 5ulat < fee 2000ulat", 5, "runtime", InsufficientFundsError],
  ["insufficient fee: got 10ulat, required 2000ulat (gas limit 200000 × min gas price 0.01)", 13, "runtime", InsufficientFeeError],
  ["wrong chain id: expected lattice-1, got foo", 28, "runtime", WrongChainIdError],
  ["account lat1xyz does not exist (fund it first)", 9, "runtime", UnknownAccountError],
  ["invalid signature for signer 0 (lat1…, account number 3, chain id 'x')", 4, "runtime", UnauthorizedError],
  ["signer count mismatch: 1 signer infos, 2 signatures", 4, "runtime", UnauthorizedError],
  ["the messages need 2 signer(s) [a, b] but the tx has 1", 4, "runtime", UnauthorizedError],
  ["public key of signer 0 belongs to lat1A, not lat1B", 8, "runtime", UnauthorizedError],
  ["out of gas: limit 1000, used 2530 (while paying for tx size)", 11, "runtime", OutOfGasError],
  ["tx already in mempool", 19, "mempool", DuplicateTxError],
  ["sender lat1abc already has a tx with sequence 7 in the mempool", 22, "mempool", DuplicateTxError],
  ["mempool is full: 5000 txs / 10000000 bytes", 20, "mempool", MempoolFullError],
  ["tx too large: 70000 bytes > limit 65536", 21, "runtime", InvalidTxError],
  ["tx malformed: While parsing a protocol message, the input ended unexpectedly", 2, "runtime", InvalidTxError],
  ["tx: non-canonical encoding", 2, "runtime", InvalidTxError],
  ["unknown message type '/x.Y'", 6, "runtime", InvalidTxError],
  ["memo too long: 257 characters > limit 256", 12, "runtime", InvalidTxError],
  ["tx has no signatures", 15, "runtime", InvalidTxError],
  ["tx has no messages", 18, "runtime", InvalidTxError],
  ["gas limit must be > 0, got 0", 23, "runtime", InvalidTxError],
  ["tx timed out: timeout height 5 < block height 6", 30, "runtime", InvalidTxError],
  ["to_address: invalid address 'cosmos1…': wrong prefix", 7, "runtime", InvalidTxError],
  ["amount: zero amount of ulat", 10, "runtime", InvalidTxError],
];

describe("checkTx refusals map to a class per kind with the pipeline code", () => {
  for (const [reason, code, codespace, cls] of CASES) {
    it(reason, () => {
      const e = apiErrorOf(422, { code: 422, message: `transaction rejected: ${reason}` });
      expect(e).toBeInstanceOf(cls);
      expect(e).toBeInstanceOf(TxRejectedError);
      const r = e as TxRejectedError;
      expect(r.code).toBe(code);
      expect(r.codespace).toBe(codespace);
      expect(r.reason).toBe(reason);
      expect(r.httpStatus).toBe(422);
      expect(r.message).toBe(`transaction rejected: ${reason}`);
      expect(r.name).toBe(cls.name);
    });
  }

  it("a reason it does not know stays a TxRejectedError with the reason", () => {
    const e = rejectionOf("message 0 (/lattice.identity.v1.MsgRegister) failed: username 'bob' is taken");
    expect(e.constructor).toBe(TxRejectedError);
    expect(e.reason).toContain("username 'bob' is taken");
  });

  it("sequence mismatch carries the expected sequence", () => {
    const e = rejectionOf("sequence mismatch: expected 18446744073709551615, got 4") as SequenceMismatchError;
    expect(e.expected).toBe(18446744073709551615n);
    expect(e.got).toBe(4n);
  });

  it("a full mempool (503) and an oversize tx (413) keep their HTTP status", () => {
    expect(apiErrorOf(503, { code: 503, message: "transaction rejected: mempool is full: 1 txs / 2 bytes" })).toBeInstanceOf(MempoolFullError);
    const big = apiErrorOf(413, { code: 413, message: "transaction rejected: tx too large: 70000 bytes > max 65536" }) as TxRejectedError;
    expect(big).toBeInstanceOf(InvalidTxError);
    expect([big.httpStatus, big.codespace, big.code]).toEqual([413, "mempool", 21]);
  });
});

describe("HTTP errors map by status", () => {
  it.each([
    [400, "height: must be at least 1 or 'latest', got 0", BadRequestError],
    [404, "account lat1… not found", NotFoundError],
    [503, "node is catching up; try again when it is at the head", UnavailableError],
    [500, "internal error", ApiError],
  ] as const)("%i %s", (status, message, cls) => {
    const e = apiErrorOf(status, { code: status, message });
    expect(e).toBeInstanceOf(cls);
    expect(e.code).toBe(status);
    expect(e.reason).toBe(message);
  });

  it("429 carries Retry-After", () => {
    const e = apiErrorOf(429, { code: 429, message: "faucet already served lat1…; try again in 3600s" }, "3600") as RateLimitedError;
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e.retryAfterSeconds).toBe(3600);
  });

  it("504 carries the hash to look up later", () => {
    const hash = "ab".repeat(32);
    const e = apiErrorOf(504, { code: 504, message: `transaction ${hash} was admitted but not committed within 30s; query GET /v1/txs/${hash} later` });
    expect(e).toBeInstanceOf(CommitTimeoutError);
    expect((e as CommitTimeoutError).txHash).toBe(hash);
  });

  it("a body without a message still gives the status", () => {
    const e = apiErrorOf(502, undefined);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.reason).toBe("HTTP 502");
  });
});

describe("transport failures", () => {
  it("a closed port is NodeUnreachableError naming the node", async () => {
    const client = new CurrencyChainClient("http://127.0.0.1:1/");
    const e = await client.node.status().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NodeUnreachableError);
    expect((e as NodeUnreachableError).message).toMatch(/^cannot reach node at http:\/\/127\.0\.0\.1:1: /);
    expect((e as NodeUnreachableError).code).toBe(0);
  });

  it("an event stream to a closed port reports the failure and rejects its subscriptions", async () => {
    const events = new CurrencyChainClient("http://127.0.0.1:1").events();
    const errors: LatticeError[] = [];
    events.onError((e) => errors.push(e));
    await expect(events.onBlock(() => {})).rejects.toBeInstanceOf(NodeUnreachableError);
    expect(errors[0]).toBeInstanceOf(NodeUnreachableError);
    expect(events.url).toBe("ws://127.0.0.1:1/v1/events");
  });
});
