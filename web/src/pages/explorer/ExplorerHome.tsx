import type { BlockJson } from "@lattice/sdk";
import { useEffect, useState, type FormEvent } from "react";
import { recentBlocks, useChainClient, type ChainName } from "../../api/chains";
import { ErrorBox, Loading, short, timeAgo } from "../../components/common";
import { describe, type Problem } from "../../lib/errors";
import { parseSearch } from "../../lib/validate";
import { Link, navigate } from "../../router";

const KEEP = 15;

/** Live blocks over the node's WebSocket, and the search box. */
export function ExplorerHome({ chain }: { chain: ChainName }) {
  const client = useChainClient(chain);
  const [blocks, setBlocks] = useState<BlockJson[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [live, setLive] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!client) return;
    setProblem(undefined);
    const events = client.events();
    let open = true;
    const add = (b: BlockJson) => setBlocks((old) => [b, ...(old ?? []).filter((x) => x.height !== b.height)].sort((x, y) => y.height - x.height).slice(0, KEEP));
    events.onError((e) => open && (setLive(false), setProblem(describe(e))));
    events.onBlock(add).then(() => open && setLive(true), () => undefined);
    recentBlocks(client, KEEP).then((bs) => open && bs.forEach(add), (e) => open && setProblem(describe(e)));
    return () => {
      open = false;
      events.close();
    };
  }, [client, attempt]);

  if (!client) return <ErrorBox problem={{ title: `No ${chain} chain node found`, reason: "The UI found no API node of this chain.", hint: "Start the network (./lattice up) and reload, or open the UI with ?chat=URL&currency=URL." }} />;
  return (
    <section>
      <Search chain={chain} />
      <h2>
        Latest blocks <span className={live ? "badge live" : "badge"}>{live ? "live" : "connecting"}</span>
      </h2>
      {problem && <ErrorBox problem={problem} onRetry={() => setAttempt((a) => a + 1)} />}
      {!blocks ? (
        <Loading what="blocks" />
      ) : (
        <table className="list" data-testid="blocks">
          <thead>
            <tr>
              <th>Height</th>
              <th>Time</th>
              <th className="wide">Proposer</th>
              <th>Txs</th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((b) => (
              <tr key={b.height}>
                <td>
                  <Link to={`/explorer/${chain}/block/${b.height}`}>{b.height}</Link>
                </td>
                <td>{timeAgo(b.header.time)}</td>
                <td className="wide mono">{short(b.header.proposer_address, 8)}</td>
                <td>{b.num_txs}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Search({ chain }: { chain: ChainName }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const r = parseSearch(text);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    const t = r.value;
    navigate(t.kind === "block" ? `/explorer/${chain}/block/${t.height}` : t.kind === "hash" ? `/explorer/${chain}/hash/${t.hash}` : `/explorer/${chain}/account/${t.address}`);
  };
  return (
    <form className="search" onSubmit={submit} role="search">
      <input name="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Height, tx/block hash or lat1… address" aria-label="Search" />
      <button type="submit">Search</button>
      {error && <small className="field-error">{error}</small>}
    </form>
  );
}
