import type { BlockJson, CommittedTxJson } from "@lattice/sdk";
import { txSummary, useChainClient, type ChainName } from "../../api/chains";
import { ErrorBox, Loaded, Loading, short, timeAgo, useAsync } from "../../components/common";
import { formatLat } from "../../lib/validate";
import { Link, navigate } from "../../router";
import { useEffect } from "react";

function NoNode({ chain }: { chain: ChainName }) {
  return <ErrorBox problem={{ title: `No ${chain} chain node found`, reason: "The UI found no API node of this chain." }} />;
}

/** One block: header, transactions with their results. */
export function BlockPage({ chain, height }: { chain: ChainName; height: string }) {
  const client = useChainClient(chain);
  const h = Number(height);
  const block = useAsync(async () => {
    if (!Number.isSafeInteger(h) || h < 1) throw new Error(`'${height}' is not a block height`);
    return client!.node.block(h);
  }, [client, height]);
  if (!client) return <NoNode chain={chain} />;
  return (
    <section>
      <h2>Block {height}</h2>
      <Loaded state={block} what="block">
        {(b: BlockJson) => (
          <>
            <dl className="kv">
              <dt>Hash</dt>
              <dd className="mono">{b.hash}</dd>
              <dt>Time</dt>
              <dd>
                {b.header.time} ({timeAgo(b.header.time)})
              </dd>
              <dt>Proposer</dt>
              <dd className="mono">{b.header.proposer_address}</dd>
              <dt>Chain</dt>
              <dd>{b.header.chain_id}</dd>
              <dt>Transactions</dt>
              <dd>{b.num_txs}</dd>
              <dt>Evidence</dt>
              <dd>{b.num_evidence}</dd>
            </dl>
            <p className="nav">
              {b.height > 1 && <Link to={`/explorer/${chain}/block/${b.height - 1}`}>← {b.height - 1}</Link>} <Link to={`/explorer/${chain}/block/${b.height + 1}`}>{b.height + 1} →</Link>
            </p>
            {b.tx_results.length > 0 && (
              <table className="list">
                <thead>
                  <tr>
                    <th>Tx</th>
                    <th>Result</th>
                    <th>Gas</th>
                  </tr>
                </thead>
                <tbody>
                  {b.tx_results.map((t) => (
                    <tr key={t.hash}>
                      <td className="mono">
                        <Link to={`/explorer/${chain}/tx/${t.hash}`}>{short(t.hash)}</Link>
                      </td>
                      <td>{t.code === 0 ? "ok" : `failed (${t.code}): ${t.log}`}</td>
                      <td>{t.gas_used}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** One committed transaction: messages, fee, signers, result and events. */
export function TxPage({ chain, hash }: { chain: ChainName; hash: string }) {
  const client = useChainClient(chain);
  const tx = useAsync(async () => {
    const t = await client!.node.tx(hash);
    if (!t) throw new Error(`no committed transaction ${hash} on this chain (yet)`);
    return t;
  }, [client, hash]);
  if (!client) return <NoNode chain={chain} />;
  return (
    <section>
      <h2>Transaction</h2>
      <p className="mono wrap">{hash}</p>
      <Loaded state={tx} what="transaction">
        {(t: CommittedTxJson) => (
          <>
            <dl className="kv">
              <dt>Result</dt>
              <dd data-testid="tx-result">{t.code === 0 ? "success" : `failed (${t.codespace} ${t.code}): ${t.log}`}</dd>
              <dt>Block</dt>
              <dd>
                <Link to={`/explorer/${chain}/block/${t.height}`}>{t.height}</Link>
              </dd>
              <dt>Fee</dt>
              <dd>{t.tx.fee.amount.map((c) => (c.denom === "ulat" ? formatLat(BigInt(c.amount)) : `${c.amount} ${c.denom}`)).join(", ") || "none"}</dd>
              <dt>Gas</dt>
              <dd>
                {t.gas_used} / {t.gas_wanted}
              </dd>
              <dt>Signers</dt>
              <dd>
                {t.tx.signers.map((s) => (
                  <Link key={s.address} to={`/explorer/${chain}/account/${s.address}`} className="mono">
                    {s.address}
                  </Link>
                ))}
              </dd>
              {t.tx.memo && (
                <>
                  <dt>Memo</dt>
                  <dd>{t.tx.memo}</dd>
                </>
              )}
            </dl>
            <h3>Messages</h3>
            <pre className="json">{JSON.stringify(t.tx.messages, null, 2)}</pre>
            {t.events.length > 0 && (
              <>
                <h3>Events</h3>
                <ul className="events">
                  {t.events.map((e, i) => (
                    <li key={i}>
                      <strong>{e.type}</strong> {e.attributes.map((a) => `${a.key}=${a.value}`).join(" · ")}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

/** A 64-hex search: a transaction hash, else the hash of one of the recent blocks. */
export function HashPage({ chain, hash }: { chain: ChainName; hash: string }) {
  const client = useChainClient(chain);
  const found = useAsync(async () => {
    if (await client!.node.tx(hash)) return `/explorer/${chain}/tx/${hash}`;
    const latest = await client!.node.block("latest");
    for (let h = latest.height; h >= Math.max(1, latest.height - 200); h--) {
      const b = h === latest.height ? latest : await client!.node.block(h);
      if (b.hash.toLowerCase() === hash) return `/explorer/${chain}/block/${h}`;
    }
    throw new Error(`no transaction and no block of the last 200 with hash ${hash}`);
  }, [client, hash]);
  useEffect(() => {
    if (found.value) navigate(found.value);
  }, [found.value]);
  if (!client) return <NoNode chain={chain} />;
  return found.problem ? <ErrorBox problem={found.problem} /> : <Loading what="search result" />;
}

/** An account: balances, sequence and its transactions (newest first). */
export function AccountPage({ chain, address }: { chain: ChainName; address: string }) {
  const client = useChainClient(chain);
  const data = useAsync(async () => {
    const [account, txs] = await Promise.all([client!.node.account(address), client!.node.accountTxs(address, 50)]);
    return { account, txs };
  }, [client, address]);
  if (!client) return <NoNode chain={chain} />;
  return (
    <section>
      <h2>Account</h2>
      <p className="mono wrap">{address}</p>
      <Loaded state={data} what="account">
        {({ account, txs }) => (
          <>
            {!account ? (
              <p>This account does not exist on chain yet (it has never received funds).</p>
            ) : (
              <dl className="kv">
                <dt>Balance</dt>
                <dd data-testid="account-balance">{account.balances.map((c) => (c.denom === "ulat" ? formatLat(BigInt(c.amount)) : `${c.amount} ${c.denom}`)).join(", ") || "0"}</dd>
                <dt>Account number</dt>
                <dd>{account.account_number}</dd>
                <dt>Sequence</dt>
                <dd>{account.sequence}</dd>
              </dl>
            )}
            <h3>Transactions</h3>
            {txs.length === 0 ? (
              <p>None.</p>
            ) : (
              <table className="list" data-testid="account-txs">
                <thead>
                  <tr>
                    <th>Tx</th>
                    <th>Block</th>
                    <th>Type</th>
                    <th>Result</th>
                  </tr>
                </thead>
                <tbody>
                  {txs.map((t) => (
                    <tr key={t.hash}>
                      <td className="mono">
                        <Link to={`/explorer/${chain}/tx/${t.hash}`}>{short(t.hash, 6)}</Link>
                      </td>
                      <td>{t.height}</td>
                      <td>{txSummary(t)}</td>
                      <td>{t.code === 0 ? "ok" : `failed ${t.code}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
