/**
 * The atomic cross-chain registration against a real two-chain network with its relayer
 * (`lattice up`): runs only when LATTICE_BRIDGE_CHAT_URL and LATTICE_BRIDGE_CURRENCY_URL name the
 * two API nodes (each with a faucet).
 */
import { describe, expect, it } from "vitest";
import { ChatChainClient, CrossChainBridge, CurrencyChainClient, Ed25519Signer, identityKeyPair, toHex } from "../src/index.js";

const chatUrl = process.env.LATTICE_BRIDGE_CHAT_URL ?? "";
const currencyUrl = process.env.LATTICE_BRIDGE_CURRENCY_URL ?? "";

describe.skipIf(!chatUrl || !currencyUrl)(`cross-chain operations between ${chatUrl} and ${currencyUrl}`, () => {
  const chat = new ChatChainClient(chatUrl || "http://127.0.0.1:1");
  const currency = new CurrencyChainClient(currencyUrl || "http://127.0.0.1:1");
  const bridge = new CrossChainBridge(currency, chat);
  const alice = Ed25519Signer.generate().signer;
  const bob = Ed25519Signer.generate().signer;
  const name = `tsalice_${alice.address.slice(-6)}`;

  it("register_user_with_stake reaches AtomicSuccess: the name on the chat chain, the locked stake on the currency chain", async () => {
    await currency.faucet(alice.address);
    const validator = (await currency.node.query<{ operator_address: string }[]>("staking", "validators"))[0]!.operator_address;
    const opId = await bridge.registerUserWithStake(alice, name, 1_000_000n, validator, { lockSeconds: 3600 });
    expect(opId).toMatch(/^lattice-currency-1\//);
    const op = await bridge.waitForAtomicCompletion(opId, 120_000);
    expect(op.status).toBe("AtomicSuccess");
    expect(op.steps.map((s) => s.status)).toContain("ChatChainConfirmed");
    const id = await chat.getUser(name);
    expect(id?.owner).toBe(alice.address);
    expect(toHex(id!.identityKey)).toBe(toHex(identityKeyPair(alice).publicKey));
    const stakes = await currency.getDelegations(alice.address);
    expect(stakes.map((d) => [d.validatorAddress, d.tokens])).toEqual([[validator, 1_000_000n]]);
    expect((await bridge.getStatusOnChatChain(opId))?.status).toBe("AtomicSuccess");
  }, 180_000);

  it("a taken name rolls back: no identity for the second owner, the stake refunded", async () => {
    await currency.faucet(bob.address);
    const before = await currency.getBalance(bob.address);
    const validator = (await currency.node.query<{ operator_address: string }[]>("staking", "validators"))[0]!.operator_address;
    const opId = await bridge.registerUserWithStake(bob, name, 500_000n, validator);
    const op = await bridge.waitForAtomicCompletion(opId, 120_000);
    expect(op.status).toBe("RolledBack");
    expect(op.reason.toLowerCase()).toContain("taken");
    expect(await chat.getUserByAddress(bob.address)).toBeUndefined();
    expect(await currency.getDelegations(bob.address)).toEqual([]);
    // only the transaction fee is gone
    expect(before - (await currency.getBalance(bob.address))).toBe(currency.feeFor(400_000n));
  }, 180_000);
});
