/**
 * Against a real chat-chain node (chain id lattice-chat-…): runs only when LATTICE_CHAT_NODE_URL
 * names one with a faucet (scripts/test-live.sh starts one). Identity registration, encrypted
 * direct messages read back by both sides (and the stored bytes are ciphertext), channels,
 * reputation, and the node's refusals as typed errors.
 */
import { describe, expect, it } from "vitest";
import {
  ChatChainClient,
  DecryptionFailedError,
  Ed25519Signer,
  NotFoundError,
  TxFailedError,
  TxRejectedError,
  identityKeyPair,
  openAsRecipient,
  toHex,
} from "../src/index.js";

const url = process.env.LATTICE_CHAT_NODE_URL ?? "";

describe.skipIf(!url)(`live chat-chain node at ${url}`, () => {
  const chat = new ChatChainClient(url || "http://127.0.0.1:1");
  const alice = Ed25519Signer.generate().signer;
  const bob = Ed25519Signer.generate().signer;
  const eve = Ed25519Signer.generate().signer;
  const suffix = alice.address.slice(-6);
  const aliceName = `alice_${suffix}`;
  const bobName = `bob_${suffix}`;

  it("registers two users with their identity keys", async () => {
    await chat.faucet(alice.address);
    await chat.faucet(bob.address);
    await chat.faucet(eve.address);
    expect((await chat.registerUser(alice, aliceName)).code).toBe(0);
    expect((await chat.registerUser(bob, bobName)).code).toBe(0);
    const a = await chat.getUser(aliceName.toUpperCase());
    expect(a?.owner).toBe(alice.address);
    expect(toHex(a!.identityKey)).toBe(toHex(identityKeyPair(alice).publicKey));
    expect((await chat.getUserByAddress(bob.address))?.username).toBe(bobName);
    expect(await chat.getUser(`nobody_${suffix}`)).toBeUndefined();
  });

  it("refuses a taken username with the chain's reason", async () => {
    const err = await chat.registerUser(eve, aliceName).catch((e: unknown) => e);
    expect(err).toSatisfy((e: unknown) => e instanceof TxRejectedError || e instanceof TxFailedError);
    expect((err as TxFailedError).reason.toLowerCase()).toContain("taken");
  });

  it("sends an encrypted direct message that both sides read and nobody else can", async () => {
    const text = `hello bob ✉ ${suffix}`;
    expect((await chat.sendDirectMessage(alice, bobName, text)).code).toBe(0);
    const bobView = await chat.readConversation(bob, aliceName);
    expect(bobView.map((m) => m.text)).toEqual([text]);
    expect(bobView[0]!.sender).toBe(alice.address);
    const aliceView = await chat.readConversation(alice, bob.address);
    expect(aliceView.map((m) => m.text)).toEqual([text]);
    // what the chain stores is ciphertext: the plaintext bytes appear nowhere in it
    const stored = await chat.conversation(alice.address, bob.address);
    const cipherHex = toHex(stored[0]!.payload.ciphertext);
    expect(cipherHex).not.toContain(toHex(new TextEncoder().encode("hello bob")));
    expect(stored[0]!.payload.ciphertext.length).toBe(new TextEncoder().encode(text).length + 16);
    expect(() => openAsRecipient(identityKeyPair(eve), alice.address, bob.address, stored[0]!.payload)).toThrow(DecryptionFailedError);
    expect(new TextDecoder().decode(openAsRecipient(identityKeyPair(bob), alice.address, bob.address, stored[0]!.payload))).toBe(text);
    await expect(chat.sendDirectMessage(alice, `nobody_${suffix}`, "x")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates a channel, joins and posts", async () => {
    const channel = `general-${suffix}`;
    expect((await chat.createChannel(alice, channel, { description: "everyone" })).code).toBe(0);
    expect((await chat.joinChannel(bob, channel)).code).toBe(0);
    expect((await chat.postToChannel(bob, channel, "hi all")).code).toBe(0);
    const notMember = await chat.postToChannel(eve, channel, "let me in").catch((e: unknown) => e);
    expect(notMember).toSatisfy((e: unknown) => e instanceof TxRejectedError || e instanceof TxFailedError);
  });

  it("reads reputation (50 for a new account)", async () => {
    expect(await chat.getReputation(eve.address)).toBe(50);
  });
});
