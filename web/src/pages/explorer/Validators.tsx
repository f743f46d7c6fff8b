import { loadValidators, useChainClient, type ChainName, type ValidatorRow } from "../../api/chains";
import { ErrorBox, Loaded, short, useAsync } from "../../components/common";
import { formatLat } from "../../lib/validate";

/** Validators with consensus power, bonded tokens, missed blocks in the signing window and jail state. */
export function Validators({ chain }: { chain: ChainName }) {
  const client = useChainClient(chain);
  const rows = useAsync(() => loadValidators(client!), [client]);
  if (!client) return <ErrorBox problem={{ title: `No ${chain} chain node found`, reason: "The UI found no API node of this chain." }} />;
  return (
    <section>
      <h2>Validators</h2>
      <Loaded state={rows} what="validators">
        {(vs: ValidatorRow[]) => (
          <table className="list" data-testid="validators">
            <thead>
              <tr>
                <th>Validator</th>
                <th>Power</th>
                <th className="wide">Bonded</th>
                <th>Missed</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {vs.map((v) => (
                <tr key={v.consensusAddress}>
                  <td>
                    <strong>{v.moniker || "(no moniker)"}</strong>
                    <br />
                    <span className="mono small">{short(v.operator ?? v.consensusAddress, 8)}</span>
                  </td>
                  <td>{v.power}</td>
                  <td className="wide">{v.tokens ? formatLat(BigInt(v.tokens)) : "—"}</td>
                  <td>{v.missedBlocks ?? "—"}</td>
                  <td>{v.tombstoned ? "tombstoned" : v.jailed ? "jailed" : v.power > 0 ? "active" : "inactive"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
