import type { Ed25519Signer } from "@lattice/sdk";
import { useState, type FormEvent } from "react";
import { channelsApi, type Post } from "../../api/chat";
import { Field, Loaded, short, useAction, useAsync } from "../../components/common";
import { checkChannelName } from "../../lib/validate";
import { useNetwork } from "../../state/context";

/** The wallet's channels; create or join one; read and write posts. */
export function Channels({ signer }: { signer: Ed25519Signer }) {
  const { clients } = useNetwork();
  const chat = clients.chat!;
  const [version, setVersion] = useState(0);
  const mine = useAsync(() => channelsApi.channelsOf(chat, signer.address), [chat, signer.address, version]);
  const [name, setName] = useState("");
  const [inviteOnly, setInviteOnly] = useState(false);
  const [nameError, setNameError] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const action = useAction();
  const checked = () => {
    const n = checkChannelName(name);
    setNameError(n.ok ? undefined : n.error);
    return n.ok ? n.value : undefined;
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    const n = checked();
    if (n)
      action.run(async () => {
        const r = await chat.createChannel(signer, n, { inviteOnly });
        setVersion((v) => v + 1);
        setSelected(n);
        return `Channel #${n} created in block ${r.height}.`;
      });
  };
  const join = () => {
    const n = checked();
    if (n)
      action.run(async () => {
        const r = await chat.joinChannel(signer, n);
        setVersion((v) => v + 1);
        setSelected(n);
        return `Joined #${n} in block ${r.height}.`;
      });
  };
  return (
    <section className="card">
      <h2>Channels</h2>
      <Loaded state={mine} what="your channels">
        {(list) =>
          list.length === 0 ? (
            <p>You are in no channel yet.</p>
          ) : (
            <div className="row wrap">
              {list.map((c) => (
                <button key={c.name} type="button" className={selected === c.name ? "" : "secondary"} onClick={() => setSelected(c.name)}>
                  #{c.name} <small>{c.role.replace(/^ROLE_/, "").toLowerCase()}</small>
                </button>
              ))}
            </div>
          )
        }
      </Loaded>
      <form onSubmit={create}>
        <Field name="channel" label="Channel name" value={name} onChange={setName} error={nameError} />
        <label className="check">
          <input type="checkbox" checked={inviteOnly} onChange={(e) => setInviteOnly(e.target.checked)} /> invite only
        </label>
        <div className="row">
          <button type="submit" disabled={action.busy}>
            Create
          </button>
          <button type="button" className="secondary" onClick={join} disabled={action.busy}>
            Join
          </button>
        </div>
      </form>
      {action.view}
      {selected && <ChannelPosts key={selected} signer={signer} channel={selected} />}
    </section>
  );
}

function ChannelPosts({ signer, channel }: { signer: Ed25519Signer; channel: string }) {
  const { clients } = useNetwork();
  const chat = clients.chat!;
  const [version, setVersion] = useState(0);
  const posts = useAsync(() => channelsApi.posts(chat, channel), [chat, channel, version]);
  const [text, setText] = useState("");
  const action = useAction();
  const post = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    action.run(async () => {
      const r = await chat.postToChannel(signer, channel, text);
      setText("");
      setVersion((v) => v + 1);
      return `Posted in block ${r.height}.`;
    });
  };
  return (
    <div className="channel">
      <h3>#{channel}</h3>
      <Loaded state={posts} what="posts">
        {(ps: Post[]) => (
          <ul className="messages">
            {ps.map((p) => (
              <li key={p.id} className={p.author === signer.address ? "mine" : "theirs"}>
                <span className="who">{p.author === signer.address ? "you" : short(p.author, 6)}</span>
                <span className="text">{p.content}</span>
              </li>
            ))}
            {ps.length === 0 && <li className="empty">No posts yet.</li>}
          </ul>
        )}
      </Loaded>
      <form className="row" onSubmit={post}>
        <Field name="post" label="Post" value={text} onChange={setText} />
        <button type="submit" disabled={action.busy}>
          Post
        </button>
      </form>
      {action.view}
    </div>
  );
}
