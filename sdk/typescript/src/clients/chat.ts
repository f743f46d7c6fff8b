import type { JsonObject } from "@bufbuild/protobuf";
import { isAddress } from "../address.js";
import { fromBase64, toBase64 } from "../bytes.js";
import { E2eError, identityKeyPair, openAsRecipient, openAsSender, sealDirectMessage, type EncryptedPayload } from "../e2e.js";
import { InvalidInputError, LatticeError, NotFoundError } from "../errors.js";
import type { PrivateKeySigner, Signer } from "../keys.js";
import { msgs } from "../messages.js";
import { ChainClient, requireAddress, type TxOptions, type TxReceipt } from "./chain.js";

/** Chat messages write more state than a transfer. */
const CHAT_GAS = 300_000n;

/** A registered identity (identity queries "name" / "owner"). */
export interface Identity {
  username: string;
  owner: string;
  identityKey: Uint8Array;
  prekeys: Uint8Array[];
  registeredHeight: bigint;
}

/** A stored direct message (messaging.v1.Envelope), as the chain holds it. */
export interface Envelope {
  sender: string;
  recipient: string;
  sequence: bigint;
  height: bigint;
  time: bigint;
  payload: EncryptedPayload;
}

/** A direct message opened by one side of the conversation; `error` when it could not be opened. */
export interface DirectMessage {
  sender: string;
  recipient: string;
  sequence: bigint;
  height: bigint;
  time: Date;
  text?: string;
  error?: string;
}

/** The `keys` a signer publishes: its lattice-dm-v1 identity key (docs/spec/messaging-e2e.md §2), no prekeys. */
export function encryptionKeys(signer: PrivateKeySigner): JsonObject {
  return { identity_key: toBase64(identityKeyPair(signer).publicKey), prekeys: [] };
}

/** The chat chain (`lattice-chat-1`): identities, encrypted direct messages, channels, reputation. */
export class ChatChainClient extends ChainClient {
  /** identity MsgRegister: `username` for the signer's account with its identity key. */
  registerUser(owner: PrivateKeySigner, username: string, options: TxOptions = {}): Promise<TxReceipt> {
    requireName("username", username);
    return this.signAndBroadcast(owner, [msgs.register(owner.address, username, identityKeyPair(owner).publicKey)], options, CHAT_GAS);
  }

  /** The identity registered under `username` (case-insensitive), or undefined. */
  async getUser(username: string): Promise<Identity | undefined> {
    requireName("username", username);
    return absentOn404(this.node.query<JsonObject>("identity", "name", { name: username }).then(identityOf));
  }

  async getUserByAddress(address: string): Promise<Identity | undefined> {
    requireAddress("address", address);
    return absentOn404(this.node.query<JsonObject>("identity", "owner", { address }).then(identityOf));
  }

  /**
   * Encrypts `text` (lattice-dm-v1) to `recipient` — a username or the `lat1…` address of a
   * registered identity — and sends messaging MsgSendDirectMessage. The plaintext never leaves
   * this process.
   */
  async sendDirectMessage(from: PrivateKeySigner, recipient: string, text: string, options: TxOptions = {}): Promise<TxReceipt> {
    const to = await this.#resolve(recipient);
    const payload = sealDirectMessage(identityKeyPair(from).privateKey, from.address, to.owner, to.identityKey, new TextEncoder().encode(text));
    return this.signAndBroadcast(from, [msgs.directMessage(from.address, to.owner, payload)], options, CHAT_GAS);
  }

  /** Stored envelopes between two addresses with sequence above `sinceSequence` (ciphertext only). */
  async conversation(a: string, b: string, sinceSequence = 0n): Promise<Envelope[]> {
    requireAddress("a", a);
    requireAddress("b", b);
    const r = await this.node.query<{ messages?: JsonObject[]; envelopes?: JsonObject[] } | JsonObject[]>("messaging", "conversation", { a, b, since: sinceSequence.toString() });
    const list = Array.isArray(r) ? r : (r.messages ?? r.envelopes ?? []);
    return list.map(envelopeOf);
  }

  /** The conversation between `me` and `peer` (username or address), decrypted on this side. */
  async readConversation(me: PrivateKeySigner, peer: string, sinceSequence = 0n): Promise<DirectMessage[]> {
    const other = await this.#resolve(peer);
    const mine = identityKeyPair(me);
    return (await this.conversation(me.address, other.owner, sinceSequence)).map((e) => {
      const base = { sender: e.sender, recipient: e.recipient, sequence: e.sequence, height: e.height, time: new Date(Number(e.time) * 1000) };
      try {
        const plain =
          e.sender === me.address
            ? openAsSender(mine.privateKey, e.sender, e.recipient, e.payload, other.identityKey)
            : openAsRecipient(mine, e.sender, e.recipient, e.payload);
        return { ...base, text: new TextDecoder("utf-8", { fatal: true }).decode(plain) };
      } catch (err) {
        return { ...base, error: err instanceof E2eError ? err.message : `not UTF-8 text: ${(err as Error).message}` };
      }
    });
  }

  /** channels MsgCreateChannel. */
  createChannel(owner: Signer, name: string, options: TxOptions & { inviteOnly?: boolean; description?: string } = {}): Promise<TxReceipt> {
    requireName("name", name);
    return this.signAndBroadcast(owner, [msgs.createChannel(owner.address, name, options.inviteOnly ?? false, options.description ?? "")], options, CHAT_GAS);
  }

  joinChannel(member: Signer, channel: string, options: TxOptions = {}): Promise<TxReceipt> {
    requireName("channel", channel);
    return this.signAndBroadcast(member, [msgs.joinChannel(member.address, channel)], options, CHAT_GAS);
  }

  leaveChannel(member: Signer, channel: string, options: TxOptions = {}): Promise<TxReceipt> {
    requireName("channel", channel);
    return this.signAndBroadcast(member, [msgs.leaveChannel(member.address, channel)], options, CHAT_GAS);
  }

  /** channels MsgPost (the author must be a member). */
  postToChannel(author: Signer, channel: string, content: string, options: TxOptions = {}): Promise<TxReceipt> {
    requireName("channel", channel);
    if (!content) throw new InvalidInputError("content", "post is empty");
    return this.signAndBroadcast(author, [msgs.post(author.address, channel, content)], options, CHAT_GAS);
  }

  /** Reputation score 0..100 (50 for an account never adjusted). */
  async getReputation(address: string): Promise<number> {
    requireAddress("address", address);
    const r = await this.node.query<{ score: number | string }>("reputation", "score", { address });
    return Number(r.score);
  }

  async #resolve(who: string): Promise<Identity> {
    const id = isAddress(who) ? await this.getUserByAddress(who) : await this.getUser(who);
    if (!id) throw new NotFoundError(404, `no registered identity '${who}'`);
    if (id.identityKey.length !== 32) throw new E2eError(`identity '${who}' has no 32-byte identity key`);
    return id;
  }
}

function requireName(field: string, name: string): void {
  if (typeof name !== "string" || name.trim() === "") throw new InvalidInputError(field, "must not be empty");
}

async function absentOn404<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof LatticeError && e.code === 404) return undefined;
    throw e;
  }
}

function identityOf(j: JsonObject): Identity {
  const keys = (j.keys ?? {}) as JsonObject;
  return {
    username: String(j.username),
    owner: String(j.owner),
    identityKey: fromBase64(String(keys.identity_key ?? ""), "keys.identity_key"),
    prekeys: ((keys.prekeys ?? []) as string[]).map((p) => fromBase64(p, "keys.prekeys")),
    registeredHeight: BigInt(String(j.registered_height ?? "0")),
  };
}

function envelopeOf(j: JsonObject): Envelope {
  const p = (j.payload ?? {}) as JsonObject;
  const b = (k: string) => fromBase64(String(p[k] ?? ""), `payload.${k}`);
  return {
    sender: String(j.sender),
    recipient: String(j.recipient),
    sequence: BigInt(String(j.sequence ?? "0")),
    height: BigInt(String(j.height ?? "0")),
    time: BigInt(String(j.time ?? "0")),
    payload: { ephemeralKey: b("ephemeral_key"), nonce: b("nonce"), ciphertext: b("ciphertext"), recipientKey: b("recipient_key") },
  };
}
