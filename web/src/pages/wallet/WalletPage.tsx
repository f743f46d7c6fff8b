import type { Ed25519Signer, NodeClient } from "@lattice/sdk";
import { useState } from "react";
import { hasFaucet } from "../../api/network";
import { ErrorBox, Loaded, useAction, useAsync } from "../../components/common";
import { formatLat } from "../../lib/validate";
import { Link } from "../../router";
import { useNetwork, useWallet } from "../../state/context";
import { BecomeValidator } from "./BecomeValidator";
import { KeySetup, StoredKeyProblem, Unlock } from "./KeySetup";
import { Send } from "./Send";
import { Staking } from "./Staking";

export function WalletPage() {
  const wallet = useWallet();
  if (wallet.storedError) return <StoredKeyProblem reason={wallet.storedError} />;
  if (!wallet.stored) return <KeySetup />;
  if (!wallet.signer) return <Unlock />;
  return <Unlocked signer={wallet.signer} />;
}

function Unlocked({ signer }: { signer: Ed25519Signer }) {
  const { clients } = useNetwork();
  const wallet = useWallet();
  const [version, setVersion] = useState(0);
  const refresh = () => setVersion((v) => v + 1);
  const currency = clients.currency;
  if (!currency) return <ErrorBox problem={{ title: "No currency chain node found", reason: "The wallet needs the currency chain's API.", hint: "Start the network (./lattice up) and reload." }} />;
  return (
    <>
      <section className="card">
        <h2>Wallet</h2>
        <p>
          Address: <span className="mono wrap" data-testid="wallet-address">{signer.address}</span>
        </p>
        <Balances address={signer.address} version={version} />
        <div className="row">
          <Faucet address={signer.address} onFunded={refresh} />
          <Link to={`/explorer/currency/account/${signer.address}`}>History in the explorer</Link>
          <button type="button" className="secondary" onClick={wallet.lock}>
            Lock
          </button>
        </div>
      </section>
      <Send signer={signer} onSent={refresh} />
      <Staking signer={signer} version={version} onChanged={refresh} />
      <BecomeValidator signer={signer} onCreated={refresh} />
    </>
  );
}

function Balances({ address, version }: { address: string; version: number }) {
  const { clients } = useNetwork();
  const balances = useAsync(async () => {
    const [currency, chat] = await Promise.all([clients.currency!.getBalance(address), clients.chat ? chatBalance(clients.chat.node, address) : Promise.resolve(undefined)]);
    return { currency, chat };
  }, [address, version, clients]);
  return (
    <Loaded state={balances} what="balances">
      {(b) => (
        <dl className="kv">
          <dt>Currency chain</dt>
          <dd data-testid="balance">{formatLat(b.currency)}</dd>
          {b.chat !== undefined && (
            <>
              <dt>Chat chain (fees)</dt>
              <dd data-testid="chat-balance">{formatLat(b.chat)}</dd>
            </>
          )}
        </dl>
      )}
    </Loaded>
  );
}

/** The faucet button, shown only when the node serves POST /v1/faucet (local and test networks). */
function Faucet({ address, onFunded }: { address: string; onFunded: () => void }) {
  const { clients } = useNetwork();
  const available = useAsync(async () => (await Promise.all([clients.currency ? hasFaucet(clients.currency.url) : false, clients.chat ? hasFaucet(clients.chat.url) : false])), [clients]);
  const action = useAction();
  const [currencyFaucet, chatFaucet] = available.value ?? [false, false];
  if (!currencyFaucet && !chatFaucet) return null;
  const fund = () =>
    action.run(async () => {
      const done: string[] = [];
      if (currencyFaucet) done.push(`${formatLat(BigInt((await clients.currency!.faucet(address)).amount[0]?.amount ?? "0"))} on the currency chain`);
      if (chatFaucet) {
        try {
          done.push(`${formatLat(BigInt((await clients.chat!.faucet(address)).amount[0]?.amount ?? "0"))} on the chat chain`);
        } catch (e) {
          if (!currencyFaucet) throw e;
        }
      }
      onFunded();
      return `Received ${done.join(" and ")}.`;
    });
  return (
    <div className="faucet">
      <button type="button" onClick={fund} disabled={action.busy}>
        Get test tokens (faucet)
      </button>
      {action.view}
    </div>
  );
}

/** The fee-token balance on the chat chain; undefined when that node cannot be read. */
async function chatBalance(node: NodeClient, address: string): Promise<bigint | undefined> {
  try {
    const a = await node.account(address);
    return BigInt(a?.balances.find((b) => b.denom === "ulat")?.amount ?? "0");
  } catch {
    return undefined;
  }
}
