/**
 * Against a real node: runs only when LATTICE_NODE_URL names one with a faucet (scripts/test-live.sh
 * starts a one-validator chain and sets it). Covers the currency client, the REST and WebSocket
 * access and the typed errors end to end.
 */
import { describe, expect, it } from "vitest";
import {
  BadRequestError,
  ChatChainClient,
  CrossChainBridge,
  TxRejectedError,
  CurrencyChainClient,
  Ed25519Signer,
  InsufficientFeeError,
  InsufficientFundsError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  TxFailedError,
  UnknownAccountError,
  WrongChainIdError,
  type BlockJson,
  type CommittedTxJson,
} from "../src/index.js";

const url = process.env.LATTICE_NODE_URL ?? "";

describe.skipIf(!url)(`live node at ${url}`, () => {
  const client = new CurrencyChainClient(url || "http://127.0.0.1:1");
  const alice = CurrencyChainClient.createWallet();
  const bob = client.createWallet();

  it("funds a wallet from the faucet and refuses a second request (429)", async () => {
    const f = await client.faucet(alice.address);
    expect(f.address).toBe(alice.address);
    const funded = BigInt(f.amount[0]!.amount);
    expect(await client.getBalance(alice.address)).toBe(funded);
    const again = await client.faucet(alice.address).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(RateLimitedError);
    expect((again as RateLimitedError).code).toBe(429);
    expect((again as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
  });

  it("transfers, sees the transaction on the event stream, in history and confirmed", async () => {
    const events = client.events();
    const blocks: BlockJson[] = [];
    await events.onBlock((b) => blocks.push(b));
    const seen = events.nextAccountTx(bob.address, (tx: CommittedTxJson) => tx.code === 0, 30_000);
    // the promise above subscribed; give the node a moment to have acknowledged it
    await new Promise((r) => setTimeout(r, 200));
    const receipt = await client.transfer(alice.signer, bob.address, 1234n, { memo: "from the TypeScript SDK" });
    expect(receipt.code).toBe(0);
    expect(await client.getBalance(bob.address)).toBe(1234n);
    const tx = await seen;
    expect(tx.hash).toBe(receipt.txhash);
    expect(tx.tx.memo).toBe("from the TypeScript SDK");
    const confirmed = await client.waitForConfirmation(receipt.txhash, 2, 30_000);
    expect(confirmed.height).toBe(receipt.height);
    expect(blocks.length).toBeGreaterThan(0);
    events.close();
    const history = await client.getTransactionHistory(bob.address);
    expect(history.map((h) => h.hash)).toContain(receipt.txhash);
  });

  it("stakes, claims rewards and unstakes with the first validator", async () => {
    const validators = await client.node.query<{ operator_address: string }[]>("staking", "validators");
    const validator = validators[0]!.operator_address;
    expect((await client.stake(alice.signer, validator, 100_000n)).code).toBe(0);
    const delegations = await client.getDelegations(alice.address);
    expect(delegations.map((d) => [d.validatorAddress, d.tokens])).toEqual([[validator, 100_000n]]);
    expect(await client.getPendingRewards(alice.address)).toBeGreaterThanOrEqual(0n);
    const rewards = await client.getRewards(alice.address);
    expect(rewards.rewards.map((r) => r.validator_address)).toContain(validator);
    expect((await client.claimRewards(alice.signer, validator))!.code).toBe(0);
    expect((await client.unstake(alice.signer, validator, 40_000n)).code).toBe(0);
  });

  it("maps the node's refusals to typed errors", async () => {
    const stranger = Ed25519Signer.generate().signer;
    await expect(client.transfer(stranger, bob.address, 1n)).rejects.toBeInstanceOf(UnknownAccountError);
    await expect(client.transfer(alice.signer, bob.address, 1n, { fee: [{ denom: "ulat", amount: "1" }] })).rejects.toBeInstanceOf(InsufficientFeeError);
    const other = new CurrencyChainClient(url, { chainId: "some-other-chain-1" });
    const wrong = await other.transfer(alice.signer, bob.address, 1n).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongChainIdError);
    expect((wrong as WrongChainIdError).code).toBe(28);
    // bob has 1234ulat and cannot pay the 2000ulat fee: refused at admission
    await expect(client.transfer(bob.signer, alice.address, 1n)).rejects.toBeInstanceOf(InsufficientFundsError);
    // alice pays the fee but not the amount: the transaction is in a block and its message failed
    const failed = await client.transfer(alice.signer, bob.address, 10n ** 30n).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TxFailedError);
    expect((failed as TxFailedError).code).not.toBe(0);
    expect((failed as TxFailedError).height).toBeGreaterThan(0);
    expect((failed as TxFailedError).reason).toContain("insufficient funds");
    expect(() => client.transfer(alice.signer, "cosmos1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu", 1n)).toThrow(InvalidInputError);
    expect(() => client.transfer(alice.signer, bob.address, 0n)).toThrow(InvalidInputError);
  });

  it("a cross-chain operation is refused by name when the chain has no counterparty", async () => {
    const bridge = new CrossChainBridge(client, new ChatChainClient("http://127.0.0.1:1"));
    const validators = await client.node.query<{ operator_address: string }[]>("staking", "validators");
    const err = await bridge
      .registerUserWithStake(alice.signer, `alice_${alice.address.slice(-6)}`, 1000n, validators[0]!.operator_address, { lockSeconds: 60 })
      .catch((e: unknown) => e);
    expect(err).toSatisfy((e: unknown) => e instanceof TxRejectedError || e instanceof TxFailedError);
    expect((err as TxFailedError).reason).toContain("no counterparty chain configured");
  });

  it("answers absent things as undefined or NotFoundError", async () => {
    expect(await client.node.tx("00".repeat(32))).toBeUndefined();
    expect(await client.getBalance(Ed25519Signer.generate().signer.address)).toBe(0n);
    await expect(client.node.block(1_000_000_000)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.node.block(0)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("rejects a bad subscription with the node's reason", async () => {
    const events = client.events();
    const err = await events.onAccountTx("not-an-address", () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).reason).toContain("address");
    events.close();
  });
});
