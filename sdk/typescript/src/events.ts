import { ApiError, BadRequestError, LatticeError, NodeUnreachableError, ProtocolError, TimeoutError } from "./errors.js";
import type { BlockJson, CommittedTxJson } from "./rest.js";

/** The subset of the WHATWG WebSocket the stream uses (browsers, Node 22+, or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

type Handler<T> = (value: T) => void;

/**
 * The node's WebSocket `/v1/events`: committed blocks, and committed transactions that involve
 * subscribed accounts. Subscriptions made before the socket opens are sent when it opens.
 * Errors the node reports for a message (`{"type":"error","code":400,…}`) and a lost connection
 * reach `onError` as typed errors.
 */
export class EventStream {
  readonly url: string;
  readonly #socket: WebSocketLike;
  readonly #pending: string[] = [];
  readonly #blockHandlers = new Set<Handler<BlockJson>>();
  readonly #txHandlers = new Map<string, Set<Handler<CommittedTxJson>>>();
  readonly #errorHandlers = new Set<Handler<LatticeError>>();
  /** One entry per message sent: the node answers each, in order, with (un)subscribed or error. */
  readonly #acks: { resolve: () => void; reject: (e: Error) => void }[] = [];
  #closed = false;

  constructor(baseUrl: string, webSocket?: WebSocketConstructor) {
    this.url = baseUrl.replace(/\/+$/, "").replace(/^http/, "ws") + "/v1/events";
    const Ctor = webSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) throw new Error("no WebSocket implementation: pass one (e.g. the `ws` package's WebSocket)");
    this.#socket = new Ctor(this.url);
    this.#socket.onopen = () => {
      for (const m of this.#pending.splice(0)) this.#socket.send(m);
    };
    this.#socket.onmessage = (ev) => this.#onMessage(String(ev.data));
    // A failed connection fires error and then close in browsers, but only error in Node 20's
    // WebSocket (which stays CONNECTING): either one ends the stream.
    this.#socket.onerror = () => this.#end(new NodeUnreachableError(this.url, "WebSocket connection failed or broke"));
    this.#socket.onclose = (ev) =>
      this.#end(new NodeUnreachableError(this.url, `WebSocket closed (${ev.code ?? "?"}${ev.reason ? ": " + ev.reason : ""})`));
  }

  /** Calls `handler` with every committed block; resolves once the node confirmed the subscription. */
  onBlock(handler: Handler<BlockJson>): Promise<void> {
    const first = this.#blockHandlers.size === 0;
    this.#blockHandlers.add(handler);
    return first ? this.#send({ subscribe: "blocks" }) : Promise.resolve();
  }

  /** Calls `handler` with every committed transaction involving `address` (signer or recipient). */
  onAccountTx(address: string, handler: Handler<CommittedTxJson>): Promise<void> {
    let set = this.#txHandlers.get(address);
    const first = !set;
    if (!set) this.#txHandlers.set(address, (set = new Set()));
    set.add(handler);
    return first ? this.#send({ subscribe: "account", address }) : Promise.resolve();
  }

  offBlock(handler: Handler<BlockJson>): void {
    this.#blockHandlers.delete(handler);
    if (this.#blockHandlers.size === 0) void this.#send({ unsubscribe: "blocks" }).catch(() => {});
  }

  offAccountTx(address: string, handler?: Handler<CommittedTxJson>): void {
    const set = this.#txHandlers.get(address);
    if (!set) return;
    if (handler) set.delete(handler);
    if (!handler || set.size === 0) {
      this.#txHandlers.delete(address);
      void this.#send({ unsubscribe: "account", address }).catch(() => {});
    }
  }

  onError(handler: Handler<LatticeError>): void {
    this.#errorHandlers.add(handler);
  }

  /** Resolves with the first committed transaction of `address` that `predicate` accepts. */
  nextAccountTx(address: string, predicate: (tx: CommittedTxJson) => boolean = () => true, timeoutMs = 60_000): Promise<CommittedTxJson> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.offAccountTx(address, handler);
        reject(new TimeoutError(`no matching transaction of ${address} within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      const handler = (tx: CommittedTxJson) => {
        if (!predicate(tx)) return;
        clearTimeout(timer);
        this.offAccountTx(address, handler);
        resolve(tx);
      };
      this.onAccountTx(address, handler).catch((e: Error) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  close(): void {
    this.#closed = true;
    this.#socket.close(1000, "client closed");
    for (const a of this.#acks.splice(0)) a.reject(new NodeUnreachableError(this.url, "event stream closed"));
  }

  #send(message: object): Promise<void> {
    if (this.#closed) return Promise.reject(new NodeUnreachableError(this.url, "event stream closed"));
    const text = JSON.stringify(message);
    const ack = new Promise<void>((resolve, reject) => this.#acks.push({ resolve, reject }));
    if (this.#socket.readyState === 1) this.#socket.send(text);
    else this.#pending.push(text);
    return ack;
  }

  #onMessage(text: string): void {
    let m: { type?: string; [k: string]: unknown };
    try {
      m = JSON.parse(text);
    } catch {
      this.#fail(new ProtocolError("event stream sent a message that is not JSON"));
      return;
    }
    switch (m.type) {
      case "block":
        for (const h of this.#blockHandlers) h(m.block as BlockJson);
        break;
      case "tx": {
        const tx = m.tx as CommittedTxJson;
        const involved = new Set<string>();
        for (const s of tx.tx?.signers ?? []) involved.add(s.address);
        for (const e of tx.events ?? []) for (const a of e.attributes) involved.add(a.value);
        for (const msg of tx.tx?.messages ?? []) for (const v of Object.values(msg)) if (typeof v === "string") involved.add(v);
        for (const [address, handlers] of this.#txHandlers) {
          if (involved.has(address)) for (const h of handlers) h(tx);
        }
        break;
      }
      case "subscribed":
      case "unsubscribed":
        this.#acks.shift()?.resolve();
        break;
      case "error": {
        const code = typeof m.code === "number" ? m.code : 400;
        const reason = typeof m.message === "string" ? m.message : "error";
        const error = code === 400 ? new BadRequestError(code, reason) : new ApiError(code, reason);
        const ack = this.#acks.shift();
        if (ack) ack.reject(error);
        else this.#fail(error);
        break;
      }
      default:
        break;
    }
  }

  #end(error: NodeUnreachableError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(error);
    for (const a of this.#acks.splice(0)) a.reject(error);
  }

  #fail(error: LatticeError): void {
    for (const h of this.#errorHandlers) h(error);
  }
}
