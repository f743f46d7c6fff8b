import { Ed25519Signer, type Signer } from "../keys.js";
import { msgs } from "../messages.js";
import { ChainClient, requireAddress, requireAmount, type TxOptions, type TxReceipt } from "./chain.js";

/** A new key and the words that restore it (in this SDK, the Java keyring and the CLI). */
export interface Wallet {
  mnemonic: string;
  signer: Ed25519Signer;
  address: string;
}

/** Staking calls carry more writes than a transfer. */
const STAKING_GAS = 300_000n;

/** The currency chain (`lattice-currency-1`): balances, transfers, staking, rewards. */
export class CurrencyChainClient extends ChainClient {
  /** A fresh ed25519 key from a new 24-word mnemonic (default path m/44'/9000'/0'/0'/0'). */
  static createWallet(): Wallet {
    const { signer, mnemonic } = Ed25519Signer.generate();
    return { signer, mnemonic, address: signer.address };
  }

  /** The wallet of existing words: the same address as `lattice keys add NAME --recover`. */
  static restoreWallet(mnemonic: string, path?: string): Wallet {
    const signer = Ed25519Signer.fromMnemonic(mnemonic, path);
    return { signer, mnemonic, address: signer.address };
  }

  createWallet(): Wallet {
    return CurrencyChainClient.createWallet();
  }

  /** Balance of one denom (0 for an unknown address). */
  async getBalance(address: string, denom = this.feeDenom): Promise<bigint> {
    requireAddress("address", address);
    const account = await this.node.account(address);
    const c = account?.balances.find((b) => b.denom === denom);
    return c ? BigInt(c.amount) : 0n;
  }

  async getBalances(address: string): Promise<{ denom: string; amount: bigint }[]> {
    requireAddress("address", address);
    const account = await this.node.account(address);
    return (account?.balances ?? []).map((b) => ({ denom: b.denom, amount: BigInt(b.amount) }));
  }

  /** bank MsgSend from the signer to `to`. */
  transfer(from: Signer, to: string, amount: bigint | number | string, options: TxOptions & { denom?: string } = {}): Promise<TxReceipt> {
    requireAddress("to", to);
    const value = requireAmount("amount", amount);
    return this.signAndBroadcast(from, [msgs.send(from.address, to, value, options.denom ?? this.feeDenom)], options);
  }

  /** staking MsgDelegate to the validator's operator address; `lockSeconds` > 0 locks the stake. */
  stake(delegator: Signer, validator: string, amount: bigint | number | string, options: TxOptions & { lockSeconds?: bigint | number } = {}): Promise<TxReceipt> {
    requireAddress("validator", validator);
    const value = requireAmount("amount", amount);
    const msg = msgs.delegate(delegator.address, validator, value, this.feeDenom, BigInt(options.lockSeconds ?? 0));
    return this.signAndBroadcast(delegator, [msg], options, STAKING_GAS);
  }

  /** staking MsgUndelegate (the coins return after the unbonding period). */
  unstake(delegator: Signer, validator: string, amount: bigint | number | string, options: TxOptions = {}): Promise<TxReceipt> {
    requireAddress("validator", validator);
    const value = requireAmount("amount", amount);
    return this.signAndBroadcast(delegator, [msgs.undelegate(delegator.address, validator, value, this.feeDenom)], options, STAKING_GAS);
  }

  /** The delegator's stakes (staking query "delegations"); `tokens` is the stake's current value. */
  async getDelegations(delegator: string): Promise<{ delegatorAddress: string; validatorAddress: string; shares: string; tokens: bigint }[]> {
    requireAddress("delegator", delegator);
    const r = await this.node.query<Record<string, unknown>[] | { delegations?: Record<string, unknown>[] }>("staking", "delegations", { delegator });
    const list = Array.isArray(r) ? r : (r.delegations ?? []);
    return list.map((d) => ({
      delegatorAddress: String(d.delegator_address ?? ""),
      validatorAddress: String(d.validator_address ?? ""),
      shares: String(d.shares ?? "0"),
      tokens: BigInt(String(d.tokens ?? "0")),
    }));
  }

  /** Total pending rewards of the delegator, in the reward denom. */
  async getPendingRewards(delegator: string): Promise<bigint> {
    return BigInt((await this.getRewards(delegator)).total);
  }

  /** Pending rewards per validator (distribution query "rewards"). */
  getRewards(delegator: string): Promise<{ rewards: { validator_address: string; amount: string }[]; total: string; denom: string }> {
    requireAddress("delegator", delegator);
    return this.node.query("distribution", "rewards", { delegator });
  }

  /**
   * distribution MsgWithdrawDelegatorReward: from `validator`, or from every validator with
   * pending rewards when none is given (one transaction). Undefined when there is nothing to claim.
   */
  async claimRewards(delegator: Signer, validator?: string, options: TxOptions = {}): Promise<TxReceipt | undefined> {
    let validators: string[];
    if (validator !== undefined) {
      requireAddress("validator", validator);
      validators = [validator];
    } else {
      const r = await this.getRewards(delegator.address);
      validators = r.rewards.filter((x) => BigInt(x.amount) > 0n).map((x) => x.validator_address);
      if (validators.length === 0) return undefined;
    }
    return this.signAndBroadcast(
      delegator,
      validators.map((v) => msgs.withdrawRewards(delegator.address, v)),
      options,
      STAKING_GAS * BigInt(validators.length),
    );
  }
}
