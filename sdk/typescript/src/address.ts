import { bech32 } from "@scure/base";
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes, utf8 } from "./bytes.js";

/** Human-readable part of every Lattice address. */
export const ADDRESS_HRP = "lat";
/** Raw address length in bytes. */
export const ADDRESS_LENGTH = 20;

/** The signature algorithms an account key may use (ids as in the Java crypto module's KeyAlgorithm). */
export type KeyAlgorithmId =
  | "ed25519"
  | "secp256k1"
  | "ml-dsa-44"
  | "ml-dsa-65"
  | "ml-dsa-87"
  | "falcon-512"
  | "falcon-1024"
  | "slh-dsa-sha2-128f"
  | "hybrid";

/**
 * The 20 raw address bytes of a public key: the first 20 bytes of
 * SHA-256(utf8(algorithm id) || 0x00 || raw public key), as io.lattice.crypto.Address derives them.
 */
export function addressBytes(algorithm: KeyAlgorithmId, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(algorithm), new Uint8Array([0]), publicKey)).slice(0, ADDRESS_LENGTH);
}

/** The bech32 (BIP-173, not bech32m) text form `lat1…` of 20 address bytes. */
export function encodeAddress(bytes: Uint8Array): string {
  if (bytes.length !== ADDRESS_LENGTH) {
    throw new InvalidAddressError(`address must be ${ADDRESS_LENGTH} bytes, got ${bytes.length}`);
  }
  return bech32.encode(ADDRESS_HRP, bech32.toWords(bytes));
}

/** The address of a public key, as text. */
export function addressOf(algorithm: KeyAlgorithmId, publicKey: Uint8Array): string {
  return encodeAddress(addressBytes(algorithm, publicKey));
}

/** An address that does not parse; the message names the cause. */
export class InvalidAddressError extends Error {
  override readonly name = "InvalidAddressError";
}

/**
 * Parses `lat1…` text into its 20 bytes. Throws InvalidAddressError for an empty string, a bad
 * checksum or character, mixed case, another prefix, or a payload that is not 20 bytes.
 */
export function parseAddress(text: string): Uint8Array {
  if (!text) throw new InvalidAddressError("address is empty");
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(text as `${string}1${string}`, 90);
  } catch (e) {
    throw new InvalidAddressError(`invalid address '${text}': ${(e as Error).message}`);
  }
  if (decoded.prefix !== ADDRESS_HRP) {
    throw new InvalidAddressError(
      `invalid address '${text}': human-readable part is '${decoded.prefix}', expected '${ADDRESS_HRP}'`,
    );
  }
  let data: Uint8Array;
  try {
    data = bech32.fromWords(decoded.words);
  } catch (e) {
    throw new InvalidAddressError(`invalid address '${text}': ${(e as Error).message}`);
  }
  if (data.length !== ADDRESS_LENGTH) {
    throw new InvalidAddressError(
      `invalid address '${text}': payload is ${data.length} bytes, expected ${ADDRESS_LENGTH}`,
    );
  }
  return data;
}

/** True when `text` is a valid address in canonical (lower-case) form, as messages require. */
export function isAddress(text: string): boolean {
  try {
    parseAddress(text);
    return text === text.toLowerCase();
  } catch {
    return false;
  }
}
