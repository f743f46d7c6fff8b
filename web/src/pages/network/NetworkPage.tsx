import type { BlockJson, ChainClient } from "@lattice/sdk";
import { useEffect, useState } from "react";
import { CHAIN_NAMES, recentBlocks, useChainClient, type ChainName } from "../../api/chains";
import { metricSum } from "../../api/network";
import { Chart } from "../../components/Chart";
import { ErrorBox } from "../../components/common";
import { describe, type Problem } from "../../lib/errors";

const SAMPLES = 60;
const HISTORY = 30;

interface Series {
  blockTime: number[];
  txRate: number[];
  mempool: number[];
  peers: number[];
}

/** Live charts of both chains: block interval and tx/s from the block stream, mempool and peers polled. */
export function NetworkPage() {
  return (
    <section>
      <h2>Network</h2>
      <div className="grid">
        {CHAIN_NAMES.map((c) => (
          <ChainStats key={c} chain={c} />
        ))}
      </div>
    </section>
  );
}

const push = (xs: number[], x: number) => [...xs, x].slice(-SAMPLES);

function ChainStats({ chain }: { chain: ChainName }) {
  const client = useChainClient(chain);
  const [series, setSeries] = useState<Series>({ blockTime: [], txRate: [], mempool: [], peers: [] });
  const [height, setHeight] = useState<number | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    if (!client) return;
    let live = true;
    let last: BlockJson | undefined;
    // history first: the intervals of the last blocks, so the charts start filled
    recentBlocks(client, HISTORY + 1)
      .then((bs) => {
        if (!live) return;
        const asc = [...bs].sort((a, b) => a.height - b.height);
        const times: number[] = [];
        const rates: number[] = [];
        for (let i = 1; i < asc.length; i++) {
          const dt = (Date.parse(asc[i]!.header.time) - Date.parse(asc[i - 1]!.header.time)) / 1000;
          if (asc[i]!.height === asc[i - 1]!.height + 1 && dt > 0) {
            times.push(dt);
            rates.push(asc[i]!.num_txs / dt);
          }
        }
        setSeries((s) => ({ ...s, blockTime: [...times, ...s.blockTime].slice(-SAMPLES), txRate: [...rates, ...s.txRate].slice(-SAMPLES) }));
      })
      .catch((e) => live && setProblem(describe(e)));
    const events = client.events();
    events.onError((e) => live && setProblem(describe(e)));
    events
      .onBlock((b) => {
        if (!live) return;
        setHeight(b.height);
        if (last && b.height === last.height + 1) {
          const dt = (Date.parse(b.header.time) - Date.parse(last.header.time)) / 1000;
          if (dt > 0) setSeries((s) => ({ ...s, blockTime: push(s.blockTime, dt), txRate: push(s.txRate, b.num_txs / dt) }));
        }
        last = b;
      })
      .catch(() => undefined);
    const sample = async () => {
      try {
        const p = await pollNode(client);
        if (!live) return;
        setProblem(undefined);
        setSeries((s) => ({ ...s, mempool: push(s.mempool, p.mempool), peers: p.peers === undefined ? s.peers : push(s.peers, p.peers) }));
      } catch (e) {
        if (live) setProblem(describe(e));
      }
    };
    sample();
    const poll = setInterval(sample, 2000);
    return () => {
      live = false;
      clearInterval(poll);
      events.close();
    };
  }, [client]);
  if (!client) return <ErrorBox problem={{ title: `No ${chain} chain node`, reason: "No API node of this chain was found." }} />;
  return (
    <div className="card" data-testid={`network-${chain}`}>
      <h3>
        {chain} chain {height !== undefined && <small>height {height}</small>}
      </h3>
      <p className="mono small">{client.url}</p>
      {problem && <ErrorBox problem={problem} />}
      <Chart title="Block time" points={series.blockTime} unit="s" />
      <Chart title="Transactions per second" points={series.txRate} unit="tx/s" />
      <Chart title="Mempool" points={series.mempool} unit="txs" format={(v) => v.toFixed(0)} />
      <Chart title="Peers" points={series.peers} unit="" format={(v) => v.toFixed(0)} />
    </div>
  );
}

async function pollNode(client: ChainClient): Promise<{ mempool: number; peers?: number }> {
  const status = await client.node.status();
  let peers: number | undefined;
  try {
    const r = await fetch(client.url.replace(/\/+$/, "") + "/metrics");
    if (r.ok) peers = metricSum(await r.text(), "lattice_p2p_peers");
  } catch {
    // metrics unavailable: the peers chart stays empty
  }
  return { mempool: status.mempool_size, peers };
}
