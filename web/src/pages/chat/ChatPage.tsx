import type { Ed25519Signer } from "@lattice/sdk";
import { ErrorBox, Loaded, useAsync } from "../../components/common";
import { Link } from "../../router";
import { useNetwork, useWallet } from "../../state/context";
import { Channels } from "./Channels";
import { DirectMessages } from "./DirectMessages";
import { Register } from "./Register";
import { useState } from "react";

/** Chat: the wallet's identity (or registration), reputation, direct messages and channels. */
export function ChatPage() {
  const wallet = useWallet();
  const { clients } = useNetwork();
  if (!clients.chat) return <ErrorBox problem={{ title: "No chat chain node found", reason: "Chat needs the chat chain's API.", hint: "Start both chains (./lattice up) and reload." }} />;
  if (!wallet.signer)
    return (
      <section className="card">
        <h2>Chat</h2>
        <p>
          Chat uses your wallet's key. <Link to="/wallet">Create or unlock your wallet</Link> first.
        </p>
      </section>
    );
  return <WithIdentity signer={wallet.signer} />;
}

function WithIdentity({ signer }: { signer: Ed25519Signer }) {
  const { clients } = useNetwork();
  const chat = clients.chat!;
  const [version, setVersion] = useState(0);
  const me = useAsync(async () => {
    const [identity, reputation] = await Promise.all([chat.getUserByAddress(signer.address), chat.getReputation(signer.address).catch(() => undefined)]);
    return { identity: identity ?? null, reputation };
  }, [signer.address, version, chat]);
  return (
    <Loaded state={me} what="your identity">
      {({ identity, reputation }) =>
        identity === null ? (
          <Register signer={signer} onRegistered={() => setVersion((v) => v + 1)} />
        ) : (
          <>
            <section className="card">
              <h2>
                Chat as <span data-testid="my-username">{identity.username}</span>
              </h2>
              <p>
                Reputation: <strong data-testid="reputation">{reputation ?? "—"}</strong> / 100
              </p>
            </section>
            <DirectMessages signer={signer} />
            <Channels signer={signer} />
          </>
        )
      }
    </Loaded>
  );
}
