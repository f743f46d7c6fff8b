import { apiErrorOf, NodeUnreachableError, NotFoundError, ProtocolError, TxFailedError } from "./errors.js";
import { toBase64 } from "./bytes.js";

/** A coin as the API writes it: amounts are decimal strings (they may exceed 2^53). */
export interface CoinJson {
  denom: string;
  amount: string;
}

export interface NodeStatus {
  chain_id: string;
  latest_block_height: number;
  latest_block_hash: string;
  latest_app_hash: string;
  latest_block_time: string;
  earliest_block_height: number;
  catching_up: boolean;
  node_id: string;
  mempool_size: number;
}

export interface AccountJson {
  address: string;
  account_number: number;
  sequence: number;
  public_key: { algorithm: string; key: string } | null;
  balances: CoinJson[];
}

export interface EventJson {
  type: string;
  attributes: { key: string; value: string }[];
}

/** GET /v1/txs/{hash}. */
export interface CommittedTxJson {
  hash: string;
  height: number;
  index: number;
  code: number;
  codespace: string;
  log: string;
  gas_wanted: number;
  gas_used: number;
  events: EventJson[];
  tx: {
    messages: ({ "@type": string } & Record<string, unknown>)[];
    memo: string;
    timeout_height: number;
    chain_id: string;
    signers: { public_key: { algorithm: string; key: string }; address: string; sequence: number }[];
    fee: { amount: CoinJson[]; gas_limit: number };
    signatures: number;
  };
  tx_bytes: string;
}

/** POST /v1/txs answer in `sync` mode (admitted to the mempool). */
export interface SyncTxResult {
  txhash: string;
  code: number;
  log: string;
  gas_wanted: number;
}

/** POST /v1/txs answer in `commit` mode (the result in the block). */
export interface CommitTxResult {
  txhash: string;
  height: number;
  index: number;
  code: number;
  codespace: string;
  log: string;
  gas_wanted: number;
  gas_used: number;
  events: EventJson[];
}

export interface BlockJson {
  height: number;
  hash: string;
  header: Record<string, unknown> & { chain_id: string; height: number; time: string; proposer_address: string };
  txs: string[];
  tx_results: { hash: string; code: number; log: string; gas_wanted: number; gas_used: number }[];
  num_txs: number;
  num_evidence: number;
  last_commit: unknown;
}

export interface FaucetResult {
  txhash: string;
  height: number;
  address: string;
  amount: CoinJson[];
}

export interface RestOptions {
  /** fetch implementation (default: globalThis.fetch). */
  fetch?: typeof fetch;
  /** Abort a request after this many milliseconds (default 60 000: commit mode waits up to 30 s). */
  timeoutMs?: number;
}

/**
 * The node's REST API (docs/API.md). Every failure is a LatticeError subclass: NodeUnreachableError,
 * an ApiError by HTTP status, a TxRejectedError by pipeline code, or TxFailedError.
 */
export class NodeClient {
  readonly baseUrl: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: RestOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    const f = options.fetch ?? globalThis.fetch;
    if (!f) throw new Error("no fetch implementation: pass options.fetch");
    this.#fetch = f.bind(globalThis);
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** GET or POST a JSON route; throws the typed error of a non-2xx answer. */
  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const url = this.baseUrl + path;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new NodeUnreachableError(this.baseUrl, cause?.code ?? cause?.message ?? (e as Error).message);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ProtocolError(`${method} ${path}: HTTP ${response.status} with a body that is not JSON`);
    }
    if (!response.ok) throw apiErrorOf(response.status, json, response.headers.get("retry-after"));
    return json as T;
  }

  status(): Promise<NodeStatus> {
    return this.request("GET", "/v1/status");
  }

  /** The account, or undefined when the address has neither an account nor a balance. */
  account(address: string): Promise<AccountJson | undefined> {
    return orUndefined(this.request("GET", `/v1/accounts/${encodeURIComponent(address)}`));
  }

  /** Committed transactions involving the address, newest first (limit 1..500). */
  async accountTxs(address: string, limit = 50): Promise<CommittedTxJson[]> {
    const r = await this.request<{ txs: CommittedTxJson[] }>("GET", `/v1/accounts/${encodeURIComponent(address)}/txs?limit=${limit}`);
    return r.txs;
  }

  /** A committed transaction by hash, or undefined when the node does not know it. */
  tx(hash: string): Promise<CommittedTxJson | undefined> {
    return orUndefined(this.request("GET", `/v1/txs/${encodeURIComponent(hash.toLowerCase())}`));
  }

  block(height: number | "latest" = "latest"): Promise<BlockJson> {
    return this.request("GET", `/v1/blocks/${height}`);
  }

  validators(): Promise<{ height: number; validators: { address: string; public_key: { algorithm: string; key: string }; voting_power: number }[] }> {
    return this.request("GET", "/v1/validators");
  }

  /** Submits and returns once the mempool admitted the transaction. */
  broadcastSync(txBytes: Uint8Array): Promise<SyncTxResult> {
    return this.request("POST", "/v1/txs", { tx_bytes: toBase64(txBytes), mode: "sync" });
  }

  /**
   * Submits and waits for the block (the node waits up to 30 s; CommitTimeoutError after).
   * A transaction whose messages failed throws TxFailedError unless `allowFailure`.
   */
  async broadcastCommit(txBytes: Uint8Array, allowFailure = false): Promise<CommitTxResult> {
    const r = await this.request<CommitTxResult>("POST", "/v1/txs", { tx_bytes: toBase64(txBytes), mode: "commit" });
    if (r.code !== 0 && !allowFailure) throw new TxFailedError(r.code, r.codespace, r.log, r.txhash, r.height);
    return r;
  }

  /** A module query served generically at GET /v1/query/{module}/{path}?k=v: its `result`. */
  async query<T = unknown>(module: string, path: string, params: Record<string, string | number | bigint | boolean> = {}): Promise<T> {
    return (await this.queryAtHeight<T>(module, path, params)).result;
  }

  /** As query, with the height of the committed state that answered. */
  queryAtHeight<T = unknown>(module: string, path: string, params: Record<string, string | number | bigint | boolean> = {}): Promise<{ height: number; result: T }> {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    return this.request("GET", `/v1/query/${encodeURIComponent(module)}/${path.split("/").map(encodeURIComponent).join("/")}${qs ? "?" + qs : ""}`);
  }

  /** Local and test networks: funds the address from the faucet and waits for the commit. */
  faucet(address: string): Promise<FaucetResult> {
    return this.request("POST", "/v1/faucet", { address });
  }
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotFoundError) return undefined;
    throw e;
  }
}
