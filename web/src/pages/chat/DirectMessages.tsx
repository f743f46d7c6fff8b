import type { DirectMessage, Ed25519Signer } from "@lattice/sdk";
import { useEffect, useState, type FormEvent } from "react";
import { ErrorBox, Field, short, useAction } from "../../components/common";
import { describe, type Problem } from "../../lib/errors";
import { checkAddress, checkUsername } from "../../lib/validate";
import { useNetwork } from "../../state/context";

const POLL_MS = 2000;

/** End-to-end encrypted direct messages: sealed and opened in this browser (lattice-dm-v1). */
export function DirectMessages({ signer }: { signer: Ed25519Signer }) {
  const [peer, setPeer] = useState("");
  const [open, setOpen] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = peer.trim();
    const ok = t.startsWith("lat1") ? checkAddress(t) : checkUsername(t);
    setError(ok.ok ? undefined : ok.error);
    if (ok.ok) setOpen(ok.value);
  };
  return (
    <section className="card">
      <h2>Direct messages</h2>
      <form className="row" onSubmit={submit}>
        <Field name="peer" label="Username or address" value={peer} onChange={setPeer} error={error} />
        <button type="submit">Open conversation</button>
      </form>
      {open && <Conversation key={open} signer={signer} peer={open} />}
    </section>
  );
}

function Conversation({ signer, peer }: { signer: Ed25519Signer; peer: string }) {
  const { clients } = useNetwork();
  const chat = clients.chat!;
  const [messages, setMessages] = useState<DirectMessage[] | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [text, setText] = useState("");
  const [version, setVersion] = useState(0);
  const action = useAction();
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const load = async () => {
      try {
        const m = await chat.readConversation(signer, peer);
        if (live) {
          setMessages(m);
          setProblem(undefined);
        }
      } catch (e) {
        if (live) setProblem(describe(e));
      }
      if (live) timer = setTimeout(load, POLL_MS);
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [chat, signer, peer, version]);
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    action.run(async () => {
      const r = await chat.sendDirectMessage(signer, peer, text);
      setText("");
      setVersion((v) => v + 1);
      return `Sent, encrypted, in block ${r.height}.`;
    });
  };
  return (
    <div className="conversation">
      <h3>With {peer}</h3>
      {problem && <ErrorBox problem={problem} />}
      {!messages && !problem && <p className="loading">Loading messages…</p>}
      <ul className="messages" data-testid="messages">
        {messages?.map((m) => (
          <li key={m.sequence.toString()} className={m.sender === signer.address ? "mine" : "theirs"}>
            <span className="who">{m.sender === signer.address ? "you" : short(m.sender, 6)}</span>
            {m.text !== undefined ? <span className="text">{m.text}</span> : <span className="field-error">cannot open: {m.error}</span>}
            <time>{m.time.toLocaleTimeString()}</time>
          </li>
        ))}
        {messages?.length === 0 && <li className="empty">No messages yet.</li>}
      </ul>
      <form className="row" onSubmit={send}>
        <Field name="message" label="Message" value={text} onChange={setText} />
        <button type="submit" disabled={action.busy}>
          Send encrypted
        </button>
      </form>
      {action.view}
    </div>
  );
}
