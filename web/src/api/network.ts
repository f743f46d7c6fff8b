import { ChatChainClient, CrossChainBridge, CurrencyChainClient, NodeClient } from "@lattice/sdk";

export const CHAT_CHAIN_ID = "lattice-chat-1";
export const CURRENCY_CHAIN_ID = "lattice-currency-1";

/** The API nodes the UI talks to, by chain; a chain is absent when no node of it was found. */
export interface Endpoints {
  chat?: string;
  currency?: string;
}

/** What the serving node publishes at /lattice-web.json (see node WebAssets). */
interface WebConfig {
  apis?: string[];
}

const trim = (u: string) => u.replace(/\/+$/, "");

/**
 * Finds the chat and currency API nodes: explicit `?chat=…&currency=…` query parameters first
 * (remembered for later visits), then the origin serving the UI and the APIs the node lists in
 * /lattice-web.json, each asked for its chain id (GET /v1/status).
 */
export async function discoverEndpoints(location: Location, storage: Storage): Promise<Endpoints> {
  const params = new URLSearchParams(location.search);
  const found: Endpoints = {};
  for (const chain of ["chat", "currency"] as const) {
    const url = params.get(chain);
    if (url) storage.setItem(`lattice.api.${chain}`, trim(url));
    const remembered = storage.getItem(`lattice.api.${chain}`);
    if (remembered) found[chain] = remembered;
  }
  if (found.chat && found.currency) return found;
  const candidates = new Set<string>([trim(location.origin)]);
  try {
    const r = await fetch("/lattice-web.json", { cache: "no-store" });
    if (r.ok) ((await r.json()) as WebConfig).apis?.forEach((a) => candidates.add(trim(a)));
  } catch {
    // served without a node (e.g. `vite dev`): only the origin and the query parameters
  }
  await Promise.all(
    [...candidates].map(async (url) => {
      try {
        const s = await new NodeClient(url, { timeoutMs: 4000 }).status();
        if (s.chain_id === CHAT_CHAIN_ID) found.chat ??= url;
        else if (s.chain_id === CURRENCY_CHAIN_ID) found.currency ??= url;
        else found.currency ??= url; // a single-chain network (e.g. lattice-local-1) plays the currency chain
      } catch {
        // not an API node or not running: skipped
      }
    }),
  );
  return found;
}

/** The SDK clients of the discovered nodes. */
export interface Clients {
  endpoints: Endpoints;
  currency?: CurrencyChainClient;
  chat?: ChatChainClient;
  bridge?: CrossChainBridge;
}

export function clientsFor(endpoints: Endpoints): Clients {
  const currency = endpoints.currency ? new CurrencyChainClient(endpoints.currency) : undefined;
  const chat = endpoints.chat ? new ChatChainClient(endpoints.chat) : undefined;
  return { endpoints, currency, chat, bridge: currency && chat ? new CrossChainBridge(currency, chat) : undefined };
}

/** Whether the node serves POST /v1/faucet (listed in its OpenAPI document). */
export async function hasFaucet(url: string): Promise<boolean> {
  try {
    const doc = (await new NodeClient(url).request<{ paths?: Record<string, unknown> }>("GET", "/v1/openapi.json")).paths ?? {};
    return "/v1/faucet" in doc;
  } catch {
    return false;
  }
}

/** Sum of the samples of a Prometheus metric family in a text exposition (e.g. lattice_p2p_peers). */
export function metricSum(text: string, name: string): number | undefined {
  let sum: number | undefined;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (m && m[1] === name) {
      const v = Number(m[3]);
      if (Number.isFinite(v)) sum = (sum ?? 0) + v;
    }
  }
  return sum;
}
