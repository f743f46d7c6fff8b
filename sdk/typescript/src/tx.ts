import { create, createRegistry, fromBinary, fromJson, toBinary, type DescMessage, type JsonObject, type Message } from "@bufbuild/protobuf";
import { sha256 } from "@noble/hashes/sha2.js";
import { allFiles } from "./gen/registry.js";
import {
  AnySchema,
  AuthInfoSchema,
  CoinSchema,
  FeeSchema,
  PublicKeySchema,
  SignDocSchema,
  SignerInfoSchema,
  TxBodySchema,
  TxRawSchema,
  type Any,
  type Coin,
  type TxRaw,
} from "./gen/lattice/tx/v1/tx_pb.js";
import { toHex } from "./bytes.js";
import type { Signer } from "./keys.js";

/** Every message type generated from proto/, by full name. */
export const registry = createRegistry(...allFiles);

/** Default gas limit, as the Java TxBuilder's. */
export const DEFAULT_GAS_LIMIT = 200_000n;

/** A message that cannot be encoded (unknown type URL, bad JSON field); the message names it. */
export class MessageEncodingError extends Error {
  override readonly name = "MessageEncodingError";
}

/** `"/" + full proto name`, e.g. `/lattice.bank.v1.MsgSend`. */
export function typeUrlOf(message: Message): string {
  return "/" + message.$typeName;
}

/** The schema of a type URL; throws MessageEncodingError when no generated proto declares it. */
export function schemaOf(typeUrl: string): DescMessage {
  const name = typeUrl.startsWith("/") ? typeUrl.slice(1) : typeUrl;
  const schema = registry.getMessage(name);
  if (!schema) throw new MessageEncodingError(`unknown message type '${typeUrl}'`);
  return schema;
}

/** Packs a generated message into an Any (value = its canonical encoding). */
export function packAny(message: Message): Any {
  const schema = schemaOf(typeUrlOf(message));
  return create(AnySchema, { typeUrl: typeUrlOf(message), value: toBinary(schema, message) });
}

/**
 * A message from its proto3 JSON form with an `@type` key, e.g.
 * `{"@type": "/lattice.bank.v1.MsgSend", "from_address": "lat1…", "to_address": "lat1…",
 * "amount": [{"denom": "ulat", "amount": "10"}]}` (proto or lowerCamel field names; 64-bit
 * integers as decimal strings or numbers; bytes as base64).
 */
export function messageFromJson(json: JsonObject): Message {
  const typeUrl = json["@type"];
  if (typeof typeUrl !== "string") throw new MessageEncodingError("message JSON needs an '@type' string");
  const schema = schemaOf(typeUrl);
  const fields: JsonObject = { ...json };
  delete fields["@type"];
  try {
    return fromJson(schema, fields, { registry });
  } catch (e) {
    throw new MessageEncodingError(`message ${typeUrl}: ${(e as Error).message}`);
  }
}

/** Decodes an Any into its generated message. */
export function unpackAny(any: Any): Message {
  return fromBinary(schemaOf(any.typeUrl), any.value);
}

export function coin(denom: string, amount: bigint | number | string): Coin {
  return create(CoinSchema, { denom, amount: BigInt(amount).toString() });
}

/** The bytes a signer signs: canonical SignDoc{body, auth info, chain id, account number}. */
export function signBytes(bodyBytes: Uint8Array, authInfoBytes: Uint8Array, chainId: string, accountNumber: bigint): Uint8Array {
  return toBinary(SignDocSchema, create(SignDocSchema, { bodyBytes, authInfoBytes, chainId, accountNumber }));
}

/** Transaction hash: lower-case hex SHA-256 of the TxRaw bytes. */
export function txHash(txBytes: Uint8Array): string {
  return toHex(sha256(txBytes));
}

/** A built and signed transaction. */
export interface SignedTx {
  readonly raw: TxRaw;
  /** Canonical TxRaw encoding: what POST /v1/txs carries (base64) and what the hash covers. */
  readonly bytes: Uint8Array;
  readonly hash: string;
  readonly bodyBytes: Uint8Array;
  readonly authInfoBytes: Uint8Array;
  /** What each signer signed, in signer order. */
  readonly signBytes: readonly Uint8Array[];
}

interface SignerEntry {
  signer: Signer;
  accountNumber: bigint;
  sequence: bigint;
}

/**
 * Builds signed transactions byte for byte as the Java io.lattice.runtime.tx.TxBuilder does
 * (docs/spec/formats.md §2). Add signers in the order their addresses first appear as required
 * signers of the messages.
 */
export class TxBuilder {
  readonly #messages: Any[] = [];
  #fee: Coin[] = [];
  readonly #signers: SignerEntry[] = [];
  #memo = "";
  #gasLimit = DEFAULT_GAS_LIMIT;
  #timeoutHeight = 0n;

  constructor(readonly chainId: string) {}

  static forChain(chainId: string): TxBuilder {
    return new TxBuilder(chainId);
  }

  /** Adds a generated message, a JSON message with `@type`, or a ready Any. */
  addMessage(message: Message | JsonObject | Any): this {
    if (isMessage(message)) {
      this.#messages.push(message.$typeName === "lattice.tx.v1.Any" ? (message as Any) : packAny(message));
    } else {
      this.#messages.push(packAny(messageFromJson(message)));
    }
    return this;
  }

  memo(memo: string): this {
    this.#memo = memo;
    return this;
  }

  /** Fee coins; sorted by denom as the pipeline requires. */
  fee(coins: readonly Coin[]): this {
    this.#fee = [...coins].sort((a, b) => (a.denom < b.denom ? -1 : a.denom > b.denom ? 1 : 0));
    return this;
  }

  gasLimit(gasLimit: bigint | number): this {
    this.#gasLimit = BigInt(gasLimit);
    return this;
  }

  /** Last height at which the tx may be included; 0 (default) for none. */
  timeoutHeight(height: bigint | number): this {
    this.#timeoutHeight = BigInt(height);
    return this;
  }

  signer(signer: Signer, accountNumber: bigint | number, sequence: bigint | number): this {
    this.#signers.push({ signer, accountNumber: BigInt(accountNumber), sequence: BigInt(sequence) });
    return this;
  }

  bodyBytes(): Uint8Array {
    return toBinary(
      TxBodySchema,
      create(TxBodySchema, {
        messages: this.#messages,
        memo: this.#memo,
        timeoutHeight: this.#timeoutHeight,
        chainId: this.chainId,
      }),
    );
  }

  authInfoBytes(): Uint8Array {
    return toBinary(
      AuthInfoSchema,
      create(AuthInfoSchema, {
        signerInfos: this.#signers.map((s) =>
          create(SignerInfoSchema, {
            publicKey: create(PublicKeySchema, { algorithm: s.signer.algorithm, key: s.signer.publicKey }),
            sequence: s.sequence,
          }),
        ),
        fee: create(FeeSchema, { amount: this.#fee, gasLimit: this.#gasLimit }),
      }),
    );
  }

  /** Builds and signs. */
  build(): SignedTx {
    const bodyBytes = this.bodyBytes();
    const authInfoBytes = this.authInfoBytes();
    const docs = this.#signers.map((s) => signBytes(bodyBytes, authInfoBytes, this.chainId, s.accountNumber));
    const raw = create(TxRawSchema, {
      bodyBytes,
      authInfoBytes,
      signatures: this.#signers.map((s, i) => s.signer.sign(docs[i]!)),
    });
    const bytes = toBinary(TxRawSchema, raw);
    return { raw, bytes, hash: txHash(bytes), bodyBytes, authInfoBytes, signBytes: docs };
  }
}

function isMessage(value: unknown): value is Message {
  return typeof value === "object" && value !== null && typeof (value as { $typeName?: unknown }).$typeName === "string";
}
