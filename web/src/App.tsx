import type { ReactElement } from "react";
import { isChainName, type ChainName } from "./api/chains";
import { ErrorBox, Loading } from "./components/common";
import { ChatPage } from "./pages/chat/ChatPage";
import { AccountPage, BlockPage, HashPage, TxPage } from "./pages/explorer/Details";
import { ExplorerHome } from "./pages/explorer/ExplorerHome";
import { Validators } from "./pages/explorer/Validators";
import { NetworkPage } from "./pages/network/NetworkPage";
import { WalletPage } from "./pages/wallet/WalletPage";
import { Link, match, usePath } from "./router";
import { useNetwork } from "./state/context";

const NAV = [
  ["/explorer/currency", "Explorer"],
  ["/wallet", "Wallet"],
  ["/chat", "Chat"],
  ["/network", "Network"],
] as const;

export function App() {
  const path = usePath();
  const { loading, clients, rediscover } = useNetwork();
  return (
    <>
      <header>
        <Link to="/" className="brand">
          Lattice
        </Link>
        <nav>
          {NAV.map(([to, label]) => (
            <Link key={to} to={to} className={path.startsWith(to.split("/").slice(0, 2).join("/")) ? "active" : ""}>
              {label}
            </Link>
          ))}
        </nav>
      </header>
      <main>
        {loading ? (
          <Loading what="the network" />
        ) : !clients.currency && !clients.chat ? (
          <ErrorBox problem={{ title: "No Lattice node found", reason: "Neither the chat nor the currency chain's API answered.", hint: "Start the local network with ./lattice up, then retry." }} onRetry={rediscover} />
        ) : (
          <Route path={path} />
        )}
      </main>
    </>
  );
}

function Route({ path }: { path: string }) {
  if (path === "/" || path === "/explorer") return <Explorer chain="currency" />;
  if (path === "/wallet") return <WalletPage />;
  if (path === "/chat") return <ChatPage />;
  if (path === "/network") return <NetworkPage />;
  const explorer = match("/explorer/:chain", path);
  if (explorer && isChainName(explorer.chain)) return <Explorer chain={explorer.chain} />;
  for (const [pattern, render] of DETAIL_ROUTES) {
    const m = match(pattern, path);
    if (m && isChainName(m.chain)) return render(m.chain, m);
  }
  return <ErrorBox problem={{ title: "Page not found", reason: `No page at ${path}.` }} />;
}

function Explorer({ chain }: { chain: ChainName }) {
  return (
    <>
      <div className="tabs">
        <Link to="/explorer/currency" className={chain === "currency" ? "active" : ""}>
          Currency chain
        </Link>
        <Link to="/explorer/chat" className={chain === "chat" ? "active" : ""}>
          Chat chain
        </Link>
        <Link to={`/explorer/${chain}/validators`}>Validators</Link>
      </div>
      <ExplorerHome chain={chain} />
    </>
  );
}

const DETAIL_ROUTES: [string, (chain: ChainName, p: Record<string, string>) => ReactElement][] = [
  ["/explorer/:chain/block/:height", (c, p) => <BlockPage chain={c} height={p.height!} />],
  ["/explorer/:chain/tx/:hash", (c, p) => <TxPage chain={c} hash={p.hash!} />],
  ["/explorer/:chain/hash/:hash", (c, p) => <HashPage chain={c} hash={p.hash!} />],
  ["/explorer/:chain/account/:address", (c, p) => <AccountPage chain={c} address={p.address!} />],
  ["/explorer/:chain/validators", (c) => <Validators chain={c} />],
];
