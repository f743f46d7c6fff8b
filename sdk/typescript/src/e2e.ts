import { chacha20poly1305 } from "@noble/ciphers/chacha.js";
import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { parseAddress } from "./address.js";
import { bytesEqual, concatBytes, utf8 } from "./bytes.js";
import type { PrivateKeySigner } from "./keys.js";

/**
 * End-to-end encryption of direct messages, scheme `lattice-dm-v1` (docs/spec/messaging-e2e.md):
 * identity keys derived from the account key, ephemeral-static X25519, HKDF-SHA256,
 * ChaCha20-Poly1305 with the addresses and ephemeral key as associated data.
 */
export const DM_SCHEME = "lattice-dm-v1";

/** A payload that cannot be sealed or opened; the message names the cause. */
export class E2eError extends Error {
  override readonly name: string = "E2eError";
}
/** The tag did not verify: another key, altered bytes, other sender or recipient. */
export class DecryptionFailedError extends E2eError {
  override readonly name = "DecryptionFailedError";
}

/** An X25519 identity key pair (§2). */
export interface IdentityKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** The fields of lattice.messaging.v1.EncryptedPayload. */
export interface EncryptedPayload {
  ephemeralKey: Uint8Array;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
  recipientKey: Uint8Array;
}

function clamp(k: Uint8Array): Uint8Array {
  const c = k.slice();
  c[0]! &= 248;
  c[31]! &= 127;
  c[31]! |= 64;
  return c;
}

function sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  let z: Uint8Array;
  try {
    z = x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    throw new E2eError("shared secret is all zero: the peer key is of low order");
  }
  let acc = 0;
  for (const b of z) acc |= b;
  if (acc === 0) throw new E2eError("shared secret is all zero: the peer key is of low order");
  return z;
}

/** §2: the identity key pair of an account key (same mnemonic → same identity in every client). */
export function identityKeyPair(signer: PrivateKeySigner): IdentityKeyPair {
  const privateKey = clamp(hkdf(sha256, signer.privateKey(), utf8(signer.algorithm), utf8("lattice-x25519-identity-v1"), 32));
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

function ephemeralPrivate(senderIdentity: Uint8Array, nonce: Uint8Array, senderAddr: Uint8Array, recipientAddr: Uint8Array): Uint8Array {
  return clamp(hkdf(sha256, senderIdentity, nonce, concatBytes(utf8("lattice-dm-v1-ephemeral"), senderAddr, recipientAddr), 32));
}

function messageKey(ephemeralPublic: Uint8Array, recipientKey: Uint8Array, shared: Uint8Array): Uint8Array {
  return hkdf(sha256, shared, concatBytes(ephemeralPublic, recipientKey), utf8("lattice-dm-v1-key"), 32);
}

function aad(senderAddr: Uint8Array, recipientAddr: Uint8Array, ephemeralPublic: Uint8Array): Uint8Array {
  return concatBytes(utf8(DM_SCHEME), senderAddr, recipientAddr, ephemeralPublic);
}

function addr(field: string, address: string): Uint8Array {
  try {
    return parseAddress(address);
  } catch (e) {
    throw new E2eError(`${field}: ${(e as Error).message}`);
  }
}

/**
 * §3: seals `plaintext` from `sender` to `recipient` (addresses) under the recipient's registered
 * identity key. `nonce` (12 bytes) is drawn from the CSPRNG unless given (tests).
 */
export function sealDirectMessage(
  senderIdentityPrivate: Uint8Array,
  sender: string,
  recipient: string,
  recipientKey: Uint8Array,
  plaintext: Uint8Array,
  nonce?: Uint8Array,
): EncryptedPayload {
  if (recipientKey.length !== 32) throw new E2eError(`recipient_key must be 32 bytes, got ${recipientKey.length}`);
  const n = nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(12));
  if (n.length !== 12) throw new E2eError(`nonce must be 12 bytes, got ${n.length}`);
  const as = addr("sender", sender);
  const ar = addr("recipient", recipient);
  const e = ephemeralPrivate(senderIdentityPrivate, n, as, ar);
  const E = x25519.getPublicKey(e);
  const K = messageKey(E, recipientKey, sharedSecret(e, recipientKey));
  const ciphertext = chacha20poly1305(K, n, aad(as, ar, E)).encrypt(plaintext);
  return { ephemeralKey: E, nonce: n, ciphertext, recipientKey: recipientKey.slice() };
}

function checkShape(p: EncryptedPayload): void {
  if (p.ephemeralKey.length !== 32) throw new E2eError(`malformed payload: ephemeral_key is ${p.ephemeralKey.length} bytes, expected 32`);
  if (p.nonce.length !== 12) throw new E2eError(`malformed payload: nonce is ${p.nonce.length} bytes, expected 12`);
  if (p.ciphertext.length < 16) throw new E2eError(`malformed payload: ciphertext is ${p.ciphertext.length} bytes, expected at least 16`);
  if (p.recipientKey.length !== 0 && p.recipientKey.length !== 32) {
    throw new E2eError(`malformed payload: recipient_key is ${p.recipientKey.length} bytes, expected 0 or 32`);
  }
}

function open(K: Uint8Array, p: EncryptedPayload, as: Uint8Array, ar: Uint8Array): Uint8Array {
  try {
    return chacha20poly1305(K, p.nonce, aad(as, ar, p.ephemeralKey)).decrypt(p.ciphertext);
  } catch {
    throw new DecryptionFailedError("message authentication failed");
  }
}

/** §4: opens a message as its recipient. */
export function openAsRecipient(recipientIdentity: IdentityKeyPair, sender: string, recipient: string, payload: EncryptedPayload): Uint8Array {
  checkShape(payload);
  const R = recipientIdentity.publicKey;
  if (payload.recipientKey.length !== 0 && !bytesEqual(payload.recipientKey, R)) {
    throw new DecryptionFailedError("message authentication failed (sealed to another recipient key)");
  }
  const Z = sharedSecret(recipientIdentity.privateKey, payload.ephemeralKey);
  return open(messageKey(payload.ephemeralKey, R, Z), payload, addr("sender", sender), addr("recipient", recipient));
}

/**
 * §4: opens a message its own sender sealed. `recipientIdentityKey` is needed only when the
 * payload's recipient_key is empty.
 */
export function openAsSender(
  senderIdentityPrivate: Uint8Array,
  sender: string,
  recipient: string,
  payload: EncryptedPayload,
  recipientIdentityKey?: Uint8Array,
): Uint8Array {
  checkShape(payload);
  const as = addr("sender", sender);
  const ar = addr("recipient", recipient);
  const e = ephemeralPrivate(senderIdentityPrivate, payload.nonce, as, ar);
  if (!bytesEqual(x25519.getPublicKey(e), payload.ephemeralKey)) {
    throw new E2eError("not sealed by this identity key for these addresses");
  }
  const R = payload.recipientKey.length ? payload.recipientKey : recipientIdentityKey;
  if (!R || R.length !== 32) throw new E2eError("recipient_key is empty: pass the recipient's identity key");
  return open(messageKey(payload.ephemeralKey, R, sharedSecret(e, R)), payload, as, ar);
}

/** Internal values of §3 for a vector check (never needed to send or read messages). */
export function sealIntermediates(senderIdentityPrivate: Uint8Array, sender: string, recipient: string, recipientKey: Uint8Array, nonce: Uint8Array) {
  const as = addr("sender", sender);
  const ar = addr("recipient", recipient);
  const e = ephemeralPrivate(senderIdentityPrivate, nonce, as, ar);
  const E = x25519.getPublicKey(e);
  const Z = sharedSecret(e, recipientKey);
  return { ephemeralPrivateKey: e, ephemeralKey: E, sharedSecret: Z, messageKey: messageKey(E, recipientKey, Z), aad: aad(as, ar, E) };
}
