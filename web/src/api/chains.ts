import type { BlockJson, ChainClient, CommittedTxJson } from "@lattice/sdk";
import { useNetwork } from "../state/context";

export type ChainName = "currency" | "chat";
export const CHAIN_NAMES: ChainName[] = ["currency", "chat"];

export function isChainName(s: string | undefined): s is ChainName {
  return s === "currency" || s === "chat";
}

/** The SDK client of one chain, or undefined when no node of it was found. */
export function useChainClient(chain: ChainName): ChainClient | undefined {
  const { clients } = useNetwork();
  return chain === "chat" ? clients.chat : clients.currency;
}

/** A validator as the explorer shows it: consensus power joined with staking and slashing records. */
export interface ValidatorRow {
  consensusAddress: string;
  operator?: string;
  moniker?: string;
  power: number;
  tokens?: string;
  jailed: boolean;
  missedBlocks?: number;
  tombstoned?: boolean;
}

interface StakingValidator {
  operator_address: string;
  consensus_address: string;
  jailed?: boolean;
  tokens?: string;
  moniker?: string;
  power?: string;
}

/** Staking validators (jailed ones too) with their consensus power and missed blocks. */
export async function loadValidators(client: ChainClient): Promise<ValidatorRow[]> {
  const [active, staking] = await Promise.all([client.node.validators(), client.node.query<StakingValidator[]>("staking", "validators").catch(() => [] as StakingValidator[])]);
  const power = new Map(active.validators.map((v) => [v.address, v.voting_power]));
  const rows: ValidatorRow[] = staking.map((v) => ({
    consensusAddress: v.consensus_address,
    operator: v.operator_address,
    moniker: v.moniker,
    power: power.get(v.consensus_address) ?? 0,
    tokens: v.tokens,
    jailed: v.jailed === true,
  }));
  for (const v of active.validators) {
    if (!rows.some((r) => r.consensusAddress === v.address)) rows.push({ consensusAddress: v.address, power: v.voting_power, jailed: false });
  }
  await Promise.all(
    rows.map(async (r) => {
      try {
        const info = await client.node.query<{ missed_blocks_counter?: string | number; tombstoned?: boolean }>("slashing", "signing_info", { address: r.consensusAddress });
        r.missedBlocks = Number(info.missed_blocks_counter ?? 0);
        r.tombstoned = info.tombstoned === true;
      } catch {
        // no signing info yet (a validator that never signed): left unknown
      }
    }),
  );
  return rows.sort((a, b) => b.power - a.power);
}

/** The newest `n` blocks, newest first. */
export async function recentBlocks(client: ChainClient, n: number): Promise<BlockJson[]> {
  const latest = await client.node.block("latest");
  const heights = Array.from({ length: Math.min(n, latest.height) - 1 }, (_, i) => latest.height - 1 - i).filter((h) => h >= 1);
  const rest = await Promise.all(heights.map((h) => client.node.block(h).catch(() => undefined)));
  return [latest, ...rest.filter((b): b is BlockJson => b !== undefined)];
}

/** The amounts a transaction moves, as short text for lists ("1.5 LAT to lat1…"). */
export function txSummary(tx: CommittedTxJson): string {
  const m = tx.tx.messages[0];
  if (!m) return "(no messages)";
  const type = m["@type"].split(".").pop() ?? m["@type"];
  return tx.tx.messages.length > 1 ? `${type} +${tx.tx.messages.length - 1}` : type;
}
