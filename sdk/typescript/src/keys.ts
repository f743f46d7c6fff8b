import { ed25519 } from "@noble/curves/ed25519.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha512 } from "@noble/hashes/sha2.js";
import { ml_dsa44, ml_dsa65, ml_dsa87 } from "@noble/post-quantum/ml-dsa.js";
import { entropyToMnemonic, mnemonicToSeedSync } from "@scure/bip39";
import { wordlist as english } from "@scure/bip39/wordlists/english.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { addressOf, type KeyAlgorithmId } from "./address.js";
import { concatBytes, utf8 } from "./bytes.js";

/** A key that signs transactions. */
export interface Signer {
  readonly algorithm: KeyAlgorithmId;
  /** The algorithm's standard raw public key encoding. */
  readonly publicKey: Uint8Array;
  /** `lat1…` address of the public key. */
  readonly address: string;
  sign(message: Uint8Array): Uint8Array;
}

/** A signer whose private key encoding (the Java KeyPairs form) is at hand. */
export interface PrivateKeySigner extends Signer {
  privateKey(): Uint8Array;
}

/** A mnemonic, derivation path or key that cannot be used; the message names the cause. */
export class KeyError extends Error {
  override readonly name = "KeyError";
}

/** Lattice's BIP-44 coin type. */
export const LATTICE_COIN_TYPE = 9000;
/** The default derivation path of the Java keyring (DerivationPath.LATTICE_DEFAULT). */
export const DEFAULT_DERIVATION_PATH = "m/44'/9000'/0'/0'/0'";
const WORD_COUNTS = [12, 15, 18, 21, 24];
const HARDENED = 0x80000000;

/** `m/44'/9000'/account'/0'/index'`, like DerivationPath.account(account, index). */
export function accountPath(account: number, index: number): string {
  return `m/44'/${LATTICE_COIN_TYPE}'/${account}'/0'/${index}'`;
}

/**
 * Normalizes and checks a BIP-39 phrase the way the Java Mnemonic.parse does (NFKD, trimmed,
 * split on whitespace, lower case; English words; 12..24 words; checksum). Returns the phrase
 * with single spaces.
 */
export function normalizeMnemonic(phrase: string): string {
  const normalized = phrase.normalize("NFKD").trim();
  if (!normalized) throw new KeyError("mnemonic is empty");
  const words = normalized.split(/\s+/).map((w) => w.toLowerCase());
  const indices: number[] = [];
  words.forEach((w, i) => {
    const index = english.indexOf(w);
    if (index < 0) throw new KeyError(`unknown word '${w}' at position ${i + 1} of the mnemonic`);
    indices.push(index);
  });
  if (!WORD_COUNTS.includes(words.length)) {
    throw new KeyError(`mnemonic has ${words.length} words; expected 12, 15, 18, 21 or 24`);
  }
  const totalBits = words.length * 11;
  const checksumBits = totalBits / 33;
  const entropyBits = totalBits - checksumBits;
  const entropy = new Uint8Array(entropyBits / 8);
  let checksum = 0;
  for (let bit = 0; bit < totalBits; bit++) {
    const value = (indices[Math.floor(bit / 11)]! >> (10 - (bit % 11))) & 1;
    if (bit < entropyBits) entropy[bit >> 3]! |= value << (7 - (bit % 8));
    else checksum = (checksum << 1) | value;
  }
  if (checksum !== sha256(entropy)[0]! >> (8 - checksumBits)) {
    throw new KeyError("mnemonic checksum mismatch: the words are valid but one is wrong or out of order");
  }
  return words.join(" ");
}

/** A fresh 24-word mnemonic (256 bits from the platform's CSPRNG). */
export function generateMnemonic(): string {
  const entropy = new Uint8Array(32);
  globalThis.crypto.getRandomValues(entropy);
  return entropyToMnemonic(entropy, english);
}

/** The 64-byte BIP-39 seed of a phrase (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" + passphrase). */
export function mnemonicToSeed(phrase: string, passphrase = ""): Uint8Array {
  return mnemonicToSeedSync(normalizeMnemonic(phrase), passphrase);
}

/** Parses `m/44'/9000'/0'/0'/0'` into hardened indices; every segment must be hardened (ed25519). */
export function parseDerivationPath(path: string): number[] {
  const parts = path.split("/");
  if (parts[0] !== "m") throw new KeyError(`derivation path '${path}' must start with 'm'`);
  return parts.slice(1).map((segment, i) => {
    const m = /^(\d+)(['hH])?$/.exec(segment);
    if (!m) throw new KeyError(`segment ${i + 1} ('${segment}') of derivation path '${path}' is not a number`);
    if (!m[2]) throw new KeyError(`segment ${i + 1} ('${segment}') of derivation path '${path}' is not hardened`);
    const n = Number(m[1]);
    if (n >= HARDENED) throw new KeyError(`segment ${i + 1} ('${segment}') of derivation path '${path}' is too large`);
    return n + HARDENED;
  });
}

/** SLIP-10 ed25519 derivation: the 32-byte private key (RFC 8032 seed) at `path` below `seed`. */
export function slip10Ed25519(seed: Uint8Array, path: string = DEFAULT_DERIVATION_PATH): Uint8Array {
  if (seed.length < 16 || seed.length > 64) {
    throw new KeyError(`SLIP-10 seed must be 16 to 64 bytes, got ${seed.length}`);
  }
  let i = hmac(sha512, utf8("ed25519 seed"), seed);
  for (const index of parseDerivationPath(path)) {
    const ser = new Uint8Array(4);
    new DataView(ser.buffer).setUint32(0, index >>> 0);
    i = hmac(sha512, i.slice(32), concatBytes(new Uint8Array([0]), i.slice(0, 32), ser));
  }
  return i.slice(0, 32);
}

/** An ed25519 key (RFC 8032). */
export class Ed25519Signer implements PrivateKeySigner {
  readonly algorithm = "ed25519" as const;
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly #privateKey: Uint8Array;

  private constructor(privateKey: Uint8Array) {
    if (privateKey.length !== 32) {
      throw new KeyError(`ed25519 private key must be 32 bytes, got ${privateKey.length}`);
    }
    this.#privateKey = privateKey.slice();
    this.publicKey = ed25519.getPublicKey(this.#privateKey);
    this.address = addressOf("ed25519", this.publicKey);
  }

  /** From the 32-byte RFC 8032 seed (the Java KeyPairs private key encoding). */
  static fromPrivateKey(privateKey: Uint8Array): Ed25519Signer {
    return new Ed25519Signer(privateKey);
  }

  /** The key the Java keyring recovers from the same words (SLIP-10 along `path`, empty passphrase). */
  static fromMnemonic(phrase: string, path: string = DEFAULT_DERIVATION_PATH): Ed25519Signer {
    return new Ed25519Signer(slip10Ed25519(mnemonicToSeed(phrase), path));
  }

  /** A new key with its 24-word mnemonic (show it once to the user; it restores the key). */
  static generate(): { signer: Ed25519Signer; mnemonic: string } {
    const mnemonic = generateMnemonic();
    return { signer: Ed25519Signer.fromMnemonic(mnemonic), mnemonic };
  }

  /** The 32-byte private key encoding (keep it secret). */
  privateKey(): Uint8Array {
    return this.#privateKey.slice();
  }

  sign(message: Uint8Array): Uint8Array {
    return ed25519.sign(message, this.#privateKey);
  }
}

type MlDsaId = "ml-dsa-44" | "ml-dsa-65" | "ml-dsa-87";
const ML_DSA = { "ml-dsa-44": ml_dsa44, "ml-dsa-65": ml_dsa65, "ml-dsa-87": ml_dsa87 } as const;

/**
 * ML-DSA (FIPS 204) as the Java crypto module uses it: the private key is the 32-byte seed ξ of
 * KeyGen_internal, pure mode with the empty context, deterministic signing (rnd = 0^32), so a
 * key signs a message to the same bytes in both implementations.
 */
export class MlDsaSigner implements PrivateKeySigner {
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly #seed: Uint8Array;
  readonly #secretKey: Uint8Array;

  private constructor(
    readonly algorithm: MlDsaId,
    seed: Uint8Array,
  ) {
    if (seed.length !== 32) throw new KeyError(`${algorithm} private key (seed ξ) must be 32 bytes, got ${seed.length}`);
    this.#seed = seed.slice();
    const keys = ML_DSA[algorithm].keygen(this.#seed);
    this.#secretKey = keys.secretKey;
    this.publicKey = keys.publicKey;
    this.address = addressOf(algorithm, this.publicKey);
  }

  static fromPrivateKey(algorithm: MlDsaId, seed: Uint8Array): MlDsaSigner {
    if (!(algorithm in ML_DSA)) throw new KeyError(`unknown ML-DSA algorithm '${algorithm}'`);
    return new MlDsaSigner(algorithm, seed);
  }

  static generate(algorithm: MlDsaId = "ml-dsa-65"): MlDsaSigner {
    const seed = new Uint8Array(32);
    globalThis.crypto.getRandomValues(seed);
    return new MlDsaSigner(algorithm, seed);
  }

  privateKey(): Uint8Array {
    return this.#seed.slice();
  }

  sign(message: Uint8Array): Uint8Array {
    return ML_DSA[this.algorithm].sign(message, this.#secretKey, { extraEntropy: false });
  }
}

/** ed25519 and ML-DSA-65 over the same message (Java HybridScheme): keys and signatures concatenated. */
export class HybridSigner implements PrivateKeySigner {
  readonly algorithm = "hybrid" as const;
  readonly publicKey: Uint8Array;
  readonly address: string;
  readonly #classical: Ed25519Signer;
  readonly #postQuantum: MlDsaSigner;

  private constructor(privateKey: Uint8Array) {
    if (privateKey.length !== 64) throw new KeyError(`hybrid private key must be 64 bytes, got ${privateKey.length}`);
    this.#classical = Ed25519Signer.fromPrivateKey(privateKey.slice(0, 32));
    this.#postQuantum = MlDsaSigner.fromPrivateKey("ml-dsa-65", privateKey.slice(32));
    this.publicKey = concatBytes(this.#classical.publicKey, this.#postQuantum.publicKey);
    this.address = addressOf("hybrid", this.publicKey);
  }

  privateKey(): Uint8Array {
    return concatBytes(this.#classical.privateKey(), this.#postQuantum.privateKey());
  }

  /** From the 64-byte encoding: ed25519 seed ‖ ML-DSA-65 seed. */
  static fromPrivateKey(privateKey: Uint8Array): HybridSigner {
    return new HybridSigner(privateKey);
  }

  sign(message: Uint8Array): Uint8Array {
    return concatBytes(this.#classical.sign(message), this.#postQuantum.sign(message));
  }
}

/** Verifies a signature by algorithm (ed25519, ML-DSA, hybrid); false for malformed input. */
export function verifySignature(
  algorithm: KeyAlgorithmId,
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    switch (algorithm) {
      case "ed25519":
        return signature.length === 64 && ed25519.verify(signature, message, publicKey, { zip215: false });
      case "ml-dsa-44":
      case "ml-dsa-65":
      case "ml-dsa-87":
        return ML_DSA[algorithm].verify(signature, message, publicKey);
      case "hybrid":
        return (
          publicKey.length === 32 + 1952 &&
          signature.length === 64 + 3309 &&
          verifySignature("ed25519", publicKey.slice(0, 32), message, signature.slice(0, 64)) &&
          verifySignature("ml-dsa-65", publicKey.slice(32), message, signature.slice(64))
        );
      default:
        return false;
    }
  } catch {
    return false;
  }
}

/** Restores a signer from the Java KeyPairs private key encoding of its algorithm. */
export function signerFromPrivateKey(algorithm: KeyAlgorithmId, privateKey: Uint8Array): PrivateKeySigner {
  switch (algorithm) {
    case "ed25519":
      return Ed25519Signer.fromPrivateKey(privateKey);
    case "ml-dsa-44":
    case "ml-dsa-65":
    case "ml-dsa-87":
      return MlDsaSigner.fromPrivateKey(algorithm, privateKey);
    case "hybrid":
      return HybridSigner.fromPrivateKey(privateKey);
    default:
      throw new KeyError(`the TypeScript SDK does not sign with ${algorithm} keys (ed25519, ml-dsa-44/65/87 and hybrid are supported)`);
  }
}
