import type { JsonObject } from "@bufbuild/protobuf";
import { InvalidInputError, LatticeError, ProtocolError, TimeoutError } from "../errors.js";
import type { PrivateKeySigner, Signer } from "../keys.js";
import { requireAddress, requireAmount, sleep, type TxOptions, type TxReceipt } from "./chain.js";
import type { ChatChainClient } from "./chat.js";
import { identityKeyPair } from "../e2e.js";
import { msgs } from "../messages.js";
import type { CurrencyChainClient } from "./currency.js";

/** Status of an atomic cross-chain operation (docs/spec/xchain.md §5). */
export type OpStatus = "Pending" | "ChatChainConfirmed" | "CurrencyChainConfirmed" | "AtomicSuccess" | "RolledBack" | "Failed";
const STATUSES: readonly OpStatus[] = ["Pending", "ChatChainConfirmed", "CurrencyChainConfirmed", "AtomicSuccess", "RolledBack", "Failed"];

export function isFinal(status: OpStatus): boolean {
  return status === "AtomicSuccess" || status === "RolledBack" || status === "Failed";
}

/** Parses the node's spelling: `OP_STATUS_ATOMIC_SUCCESS`, `ATOMIC_SUCCESS` or `AtomicSuccess`. */
export function parseOpStatus(text: string): OpStatus {
  const squashed = text.toUpperCase().replace(/^OP_STATUS_/, "").replace(/_/g, "");
  const s = STATUSES.find((x) => x.toUpperCase() === squashed);
  if (!s) throw new InvalidInputError("status", `unknown cross-chain operation status '${text}'`);
  return s;
}

/** An operation's record as one chain reports it (GET /v1/query/xchain/op?id=…, also /v1/xchain/ops/{chain}/{sequence}). */
export interface CrossChainOp {
  id: string;
  kind: string;
  status: OpStatus;
  steps: { status: OpStatus; chainId: string; height: number }[];
  reason: string;
}

export function opOf(json: JsonObject): CrossChainOp {
  const rec = (json.op ?? json) as JsonObject;
  return {
    id: String(rec.id ?? ""),
    kind: String(rec.kind ?? ""),
    status: parseOpStatus(String(rec.status ?? "")),
    steps: ((rec.steps ?? []) as JsonObject[]).map((s) => ({
      status: parseOpStatus(String(s.status ?? "")),
      chainId: String(s.chain_id ?? s.chain ?? ""),
      height: Number(s.height ?? 0),
    })),
    reason: String(rec.reason ?? ""),
  };
}

/** The operation id a starting transaction reports in its events (`op_id`, or `xchain.op` `id`). */
export function opIdOf(receipt: TxReceipt): string {
  for (const e of receipt.events ?? []) {
    const a = e.attributes.find((x) => x.key === "op_id") ?? (e.type === "xchain.op" ? e.attributes.find((x) => x.key === "id") : undefined);
    if (a) return a.value;
  }
  throw new ProtocolError(`transaction ${receipt.txhash} was committed but reports no cross-chain operation id`);
}

/** Atomic operations across the currency chain (where they start) and the chat chain. */
export class CrossChainBridge {
  constructor(
    readonly currency: CurrencyChainClient,
    readonly chat: ChatChainClient,
  ) {}

  /**
   * Starts register_user_with_stake (xchain MsgRegisterWithStake on the currency chain): escrows
   * `stake`, registers `username` with the signer's identity key on the chat chain, then bonds
   * the stake to `validator`, locked for `lockSeconds`. Returns the operation id once the first
   * step is committed.
   */
  async registerUserWithStake(
    owner: PrivateKeySigner,
    username: string,
    stake: bigint | number | string,
    validator: string,
    options: TxOptions & { lockSeconds?: bigint | number } = {},
  ): Promise<string> {
    if (!username) throw new InvalidInputError("username", "must not be empty");
    requireAddress("validator", validator);
    const amount = requireAmount("stake", stake);
    const msg = msgs.registerWithStake(owner.address, username, identityKeyPair(owner).publicKey, amount, this.currency.feeDenom, validator, BigInt(options.lockSeconds ?? 0));
    return opIdOf(await this.currency.signAndBroadcast(owner, [msg], options, 400_000n));
  }

  /** Starts create_channel_with_fee: the fee is escrowed and paid once the chat chain created the channel. */
  async createChannelWithFee(owner: Signer, name: string, fee: bigint | number | string, options: TxOptions & { inviteOnly?: boolean } = {}): Promise<string> {
    if (!name) throw new InvalidInputError("name", "must not be empty");
    const amount = requireAmount("fee", fee);
    const msg = msgs.createChannelWithFee(owner.address, name, options.inviteOnly ?? false, amount, this.currency.feeDenom);
    return opIdOf(await this.currency.signAndBroadcast(owner, [msg], options, 400_000n));
  }

  /** The record on the currency chain (xchain query "op"; an unknown id is refused with the node's reason). */
  async getStatus(opId: string): Promise<CrossChainOp> {
    return opOf(await this.currency.node.query<JsonObject>("xchain", "op", { id: requireOpId(opId) }));
  }

  /** The record on the chat chain; undefined until its packet arrived there. */
  async getStatusOnChatChain(opId: string): Promise<CrossChainOp | undefined> {
    try {
      return opOf(await this.chat.node.query<JsonObject>("xchain", "op", { id: requireOpId(opId) }));
    } catch (e) {
      if (isUnknownOp(e)) return undefined;
      throw e;
    }
  }

  /**
   * Waits until the operation is final on the currency chain and the chat chain reports the same
   * status (an operation that Failed before sending a packet returns at once). Rolled-back and
   * failed operations are returned, not thrown: check `status` and `reason`.
   */
  async waitForAtomicCompletion(opId: string, timeoutMs = 120_000, pollMs = 250): Promise<CrossChainOp> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let source: CrossChainOp | undefined;
      let dest: CrossChainOp | undefined;
      try {
        source = await this.getStatus(opId);
      } catch (e) {
        if (!isUnknownOp(e)) throw e;
      }
      if (source && isFinal(source.status)) {
        if (source.status === "Failed") return source;
        dest = await this.getStatusOnChatChain(opId);
        if (dest && dest.status === source.status) return source;
      }
      if (Date.now() >= deadline) {
        throw new TimeoutError(
          `cross-chain operation ${opId} did not complete within ${timeoutMs} ms: currency chain ${source?.status ?? "has no record"}, chat chain ${dest?.status ?? "not final or no record"}`,
          timeoutMs,
        );
      }
      await sleep(pollMs);
    }
  }
}

/** The xchain query answers an unknown id with 400 "no operation with id '…'" (404 from the alias route). */
function isUnknownOp(e: unknown): boolean {
  return e instanceof LatticeError && (e.code === 404 || (e.code === 400 && e.reason.startsWith("no operation with id")));
}

function requireOpId(opId: string): string {
  if (!opId) throw new InvalidInputError("opId", "op id is missing");
  return opId;
}
