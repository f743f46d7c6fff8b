import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  DecryptionFailedError,
  E2eError,
  Ed25519Signer,
  fromHex,
  identityKeyPair,
  openAsRecipient,
  openAsSender,
  parseAddress,
  sealDirectMessage,
  sealIntermediates,
  toHex,
  type EncryptedPayload,
} from "../src/index.js";

/** docs/spec/messaging-e2e-vector.json: computed by an independent Python implementation, checked by the Java SDK too. */
const v = JSON.parse(readFileSync(fileURLToPath(new URL("../../../docs/spec/messaging-e2e-vector.json", import.meta.url)), "utf8"));

const sender = Ed25519Signer.fromMnemonic(v.sender.mnemonic);
const recipient = Ed25519Signer.fromMnemonic(v.recipient.mnemonic);
const senderId = identityKeyPair(sender);
const recipientId = identityKeyPair(recipient);
const nonce = fromHex(v.nonce);
const plaintext = fromHex(v.plaintext);

describe("lattice-dm-v1 vector (docs/spec/messaging-e2e-vector.json)", () => {
  it("derives both accounts' keys and addresses from the mnemonics", () => {
    for (const [who, s] of [
      [v.sender, sender],
      [v.recipient, recipient],
    ] as const) {
      expect(toHex(s.privateKey())).toBe(who.ed25519_private_key);
      expect(toHex(s.publicKey)).toBe(who.ed25519_public_key);
      expect(s.address).toBe(who.address);
      expect(toHex(parseAddress(s.address))).toBe(who.address_bytes);
    }
  });

  it("derives the identity keys (§2)", () => {
    expect(toHex(senderId.privateKey)).toBe(v.sender.identity_private_key);
    expect(toHex(senderId.publicKey)).toBe(v.sender.identity_public_key);
    expect(toHex(recipientId.privateKey)).toBe(v.recipient.identity_private_key);
    expect(toHex(recipientId.publicKey)).toBe(v.recipient.identity_public_key);
  });

  it("computes every intermediate value and the ciphertext (§3)", () => {
    const i = sealIntermediates(senderId.privateKey, sender.address, recipient.address, recipientId.publicKey, nonce);
    expect(toHex(i.ephemeralPrivateKey)).toBe(v.ephemeral_private_key);
    expect(toHex(i.ephemeralKey)).toBe(v.ephemeral_key);
    expect(toHex(i.sharedSecret)).toBe(v.shared_secret);
    expect(toHex(i.messageKey)).toBe(v.message_key);
    expect(toHex(i.aad)).toBe(v.aad);
    const p = sealDirectMessage(senderId.privateKey, sender.address, recipient.address, recipientId.publicKey, plaintext, nonce);
    expect(toHex(p.ephemeralKey)).toBe(v.ephemeral_key);
    expect(toHex(p.ciphertext)).toBe(v.ciphertext);
    expect(toHex(p.recipientKey)).toBe(v.recipient.identity_public_key);
  });

  const payload: EncryptedPayload = {
    ephemeralKey: fromHex(v.ephemeral_key),
    nonce,
    ciphertext: fromHex(v.ciphertext),
    recipientKey: fromHex(v.recipient.identity_public_key),
  };

  it("opens the vector's ciphertext as the recipient and as the sender (§4)", () => {
    expect(toHex(openAsRecipient(recipientId, sender.address, recipient.address, payload))).toBe(v.plaintext);
    expect(toHex(openAsSender(senderId.privateKey, sender.address, recipient.address, payload))).toBe(v.plaintext);
    expect(toHex(openAsRecipient(recipientId, sender.address, recipient.address, { ...payload, recipientKey: new Uint8Array() }))).toBe(v.plaintext);
  });

  it("nobody else opens it, and any change is refused by name", () => {
    const eve = identityKeyPair(Ed25519Signer.fromMnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"));
    expect(() => openAsRecipient(eve, sender.address, recipient.address, { ...payload, recipientKey: new Uint8Array() })).toThrow(DecryptionFailedError);
    expect(() => openAsRecipient(eve, sender.address, recipient.address, payload)).toThrow(DecryptionFailedError);
    expect(() => openAsSender(eve.privateKey, sender.address, recipient.address, payload)).toThrow("not sealed by this identity key");
    // swapped sender/recipient addresses (AAD)
    expect(() => openAsRecipient(recipientId, recipient.address, sender.address, payload)).toThrow("message authentication failed");
    for (const field of ["ephemeralKey", "nonce", "ciphertext"] as const) {
      const altered = { ...payload, [field]: payload[field].slice() };
      altered[field][0]! ^= 1;
      expect(() => openAsRecipient(recipientId, sender.address, recipient.address, altered), field).toThrow(E2eError);
    }
    expect(() => openAsRecipient(recipientId, sender.address, recipient.address, { ...payload, nonce: nonce.slice(1) })).toThrow("nonce is 11 bytes");
    expect(() => openAsRecipient(recipientId, sender.address, recipient.address, { ...payload, ciphertext: new Uint8Array(15) })).toThrow("ciphertext is 15 bytes");
    // a low-order point (RFC 7748 §6.1: u = 0) as ephemeral key
    expect(() => openAsRecipient(recipientId, sender.address, recipient.address, { ...payload, ephemeralKey: new Uint8Array(32) })).toThrow("all zero");
  });

  it("fresh nonces give fresh ciphertexts that both sides open", () => {
    const text = new TextEncoder().encode("second message");
    const a = sealDirectMessage(senderId.privateKey, sender.address, recipient.address, recipientId.publicKey, text);
    const b = sealDirectMessage(senderId.privateKey, sender.address, recipient.address, recipientId.publicKey, text);
    expect(toHex(a.nonce)).not.toBe(toHex(b.nonce));
    expect(toHex(a.ciphertext)).not.toBe(toHex(b.ciphertext));
    expect(new TextDecoder().decode(openAsRecipient(recipientId, sender.address, recipient.address, b))).toBe("second message");
    expect(new TextDecoder().decode(openAsSender(senderId.privateKey, sender.address, recipient.address, a))).toBe("second message");
  });
});
