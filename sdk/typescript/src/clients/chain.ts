import type { JsonObject, Message } from "@bufbuild/protobuf";
import { isAddress } from "../address.js";
import { InvalidInputError, SequenceMismatchError, TimeoutError, UnknownAccountError } from "../errors.js";
import { EventStream, type WebSocketConstructor } from "../events.js";
import type { Signer } from "../keys.js";
import { NodeClient, type CommitTxResult, type CommittedTxJson, type RestOptions, type SyncTxResult } from "../rest.js";
import { coin, DEFAULT_GAS_LIMIT, TxBuilder } from "../tx.js";

export interface ClientOptions extends RestOptions {
  /** Chain id to sign for; by default the node's (GET /v1/status), read once. */
  chainId?: string;
  /** Fee denom (default "ulat", both chains). */
  feeDenom?: string;
  /** Minimum gas price as a decimal string (default "0.01", what `lattice init` configures). */
  gasPrice?: string;
  /** WebSocket implementation for events() (default globalThis.WebSocket). */
  webSocket?: WebSocketConstructor;
}

export interface TxOptions {
  memo?: string;
  /** Default 200 000 (300 000 for staking and chat messages). */
  gasLimit?: bigint | number;
  /** Explicit fee coins; default ⌈gasLimit × gasPrice⌉ of the fee denom. */
  fee?: { denom: string; amount: string | bigint }[];
  timeoutHeight?: bigint | number;
}

/** What a confirmed transaction gives back. */
export interface TxReceipt extends CommitTxResult {}

/**
 * What the chat and currency clients share: signing and broadcasting (commit mode), history,
 * confirmations, events, the faucet.
 */
export class ChainClient {
  readonly node: NodeClient;
  readonly feeDenom: string;
  readonly #gasPrice: { num: bigint; den: bigint };
  readonly #webSocket: WebSocketConstructor | undefined;
  #chainId: Promise<string> | undefined;

  constructor(
    readonly url: string,
    options: ClientOptions = {},
  ) {
    this.node = new NodeClient(url, options);
    this.feeDenom = options.feeDenom ?? "ulat";
    this.#gasPrice = parseDecimal(options.gasPrice ?? "0.01", "gasPrice");
    this.#webSocket = options.webSocket;
    if (options.chainId) this.#chainId = Promise.resolve(options.chainId);
  }

  chainId(): Promise<string> {
    this.#chainId ??= this.node.status().then((s) => s.chain_id);
    this.#chainId.catch(() => (this.#chainId = undefined));
    return this.#chainId;
  }

  /** ⌈gasLimit × gas price⌉ in the fee denom. */
  feeFor(gasLimit: bigint): bigint {
    return (gasLimit * this.#gasPrice.num + this.#gasPrice.den - 1n) / this.#gasPrice.den;
  }

  /**
   * Signs `messages` with `signer` (account number and sequence from the node) and waits for the
   * block. A stale sequence (another transaction of the same key landed first) is retried once
   * with the node's expected sequence. Throws TxRejectedError subclasses for refusals and
   * TxFailedError when the messages failed in the block.
   */
  async signAndBroadcast(signer: Signer, messages: (Message | JsonObject)[], options: TxOptions = {}, defaultGas = DEFAULT_GAS_LIMIT): Promise<TxReceipt> {
    const account = await this.node.account(signer.address);
    if (!account) {
      throw new UnknownAccountError(9, "runtime", `account ${signer.address} does not exist (fund it first)`, 0);
    }
    const build = (sequence: bigint) => this.#build(signer, messages, options, defaultGas, BigInt(account.account_number), sequence);
    try {
      return await this.node.broadcastCommit((await build(BigInt(account.sequence))).bytes);
    } catch (e) {
      if (e instanceof SequenceMismatchError && e.expected !== undefined) {
        return this.node.broadcastCommit((await build(e.expected)).bytes);
      }
      throw e;
    }
  }

  /** Like signAndBroadcast but returns after mempool admission. */
  async signAndSubmit(signer: Signer, messages: (Message | JsonObject)[], options: TxOptions = {}, defaultGas = DEFAULT_GAS_LIMIT): Promise<SyncTxResult> {
    const account = await this.node.account(signer.address);
    if (!account) throw new UnknownAccountError(9, "runtime", `account ${signer.address} does not exist (fund it first)`, 0);
    const tx = await this.#build(signer, messages, options, defaultGas, BigInt(account.account_number), BigInt(account.sequence));
    return this.node.broadcastSync(tx.bytes);
  }

  async #build(signer: Signer, messages: (Message | JsonObject)[], options: TxOptions, defaultGas: bigint, accountNumber: bigint, sequence: bigint) {
    const gasLimit = BigInt(options.gasLimit ?? defaultGas);
    const fee = options.fee?.map((c) => coin(c.denom, c.amount)) ?? [coin(this.feeDenom, this.feeFor(gasLimit))];
    const b = TxBuilder.forChain(await this.chainId())
      .memo(options.memo ?? "")
      .gasLimit(gasLimit)
      .timeoutHeight(options.timeoutHeight ?? 0)
      .fee(fee.filter((c) => c.amount !== "0"))
      .signer(signer, accountNumber, sequence);
    messages.forEach((m) => b.addMessage(m));
    return b.build();
  }

  /** Committed transactions that involve `address`, newest first. */
  getTransactionHistory(address: string, limit = 50): Promise<CommittedTxJson[]> {
    requireAddress("address", address);
    return this.node.accountTxs(address, limit);
  }

  /**
   * Waits until the transaction is in a block and `confirmations - 1` more blocks are committed
   * on top of it (1 = included). Polls every `pollMs`.
   */
  async waitForConfirmation(txHash: string, confirmations = 1, timeoutMs = 60_000, pollMs = 250): Promise<CommittedTxJson> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const tx = await this.node.tx(txHash);
      if (tx) {
        const status = await this.node.status();
        if (status.latest_block_height >= tx.height + confirmations - 1) return tx;
      }
      if (Date.now() >= deadline) {
        throw new TimeoutError(`transaction ${txHash} not confirmed ${confirmations} time(s) within ${timeoutMs} ms`, timeoutMs);
      }
      await sleep(pollMs);
    }
  }

  /** A WebSocket stream of this node's committed blocks and account transactions. */
  events(): EventStream {
    return new EventStream(this.url, this.#webSocket);
  }

  /** Local and test networks: funds `address` from the node's faucet. */
  faucet(address: string) {
    requireAddress("address", address);
    return this.node.faucet(address);
  }
}

export function requireAddress(field: string, address: string): void {
  if (typeof address !== "string" || !isAddress(address)) {
    throw new InvalidInputError(field, `invalid address '${address}' (expected lat1… in lower case)`);
  }
}

/** A positive integer amount (bigint, safe integer number, or decimal string). */
export function requireAmount(field: string, amount: bigint | number | string): bigint {
  let value: bigint;
  if (typeof amount === "number" && !Number.isSafeInteger(amount)) {
    throw new InvalidInputError(field, `amount ${amount} is not a safe integer; pass a bigint or a decimal string`);
  }
  try {
    value = typeof amount === "string" && !/^\d+$/.test(amount) ? -1n : BigInt(amount);
  } catch {
    value = -1n;
  }
  if (value <= 0n) throw new InvalidInputError(field, `amount must be a positive integer, got '${String(amount)}'`);
  if (value.toString().length > 78) throw new InvalidInputError(field, "amount has more than 78 digits");
  return value;
}

function parseDecimal(text: string, field: string): { num: bigint; den: bigint } {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new InvalidInputError(field, `'${text}' is not a non-negative decimal`);
  const frac = m[2] ?? "";
  return { num: BigInt(m[1]! + frac), den: 10n ** BigInt(frac.length) };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
