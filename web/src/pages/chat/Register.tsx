import { isFinal, type CrossChainOp, type Ed25519Signer } from "@lattice/sdk";
import { useEffect, useState, type FormEvent } from "react";
import { loadValidators } from "../../api/chains";
import { ErrorBox, Field, Loaded, useAction, useAsync } from "../../components/common";
import { describe, type Problem } from "../../lib/errors";
import { checkAmount, checkLockDays, checkUsername } from "../../lib/validate";
import { useNetwork } from "../../state/context";

const STEPS = ["Pending", "CurrencyChainConfirmed", "ChatChainConfirmed", "AtomicSuccess"] as const;

/**
 * Registers a username with stake in one atomic cross-chain operation (xchain
 * MsgRegisterWithStake on the currency chain) and follows its status on both chains until it
 * ends AtomicSuccess, RolledBack or Failed.
 */
export function Register({ signer, onRegistered }: { signer: Ed25519Signer; onRegistered: () => void }) {
  const { clients } = useNetwork();
  const [username, setUsername] = useState("");
  const [stake, setStake] = useState("1");
  const [validator, setValidator] = useState("");
  const [lockDays, setLockDays] = useState("0");
  const [errors, setErrors] = useState<{ username?: string; stake?: string; validator?: string; lock?: string }>({});
  const [opId, setOpId] = useState<string | undefined>();
  const action = useAction();
  const validators = useAsync(() => (clients.currency ? loadValidators(clients.currency) : Promise.resolve([])), [clients]);
  useEffect(() => {
    const first = validators.value?.find((v) => v.operator && !v.jailed);
    if (first?.operator && !validator) setValidator(first.operator);
  }, [validators.value, validator]);

  if (!clients.bridge) return <ErrorBox problem={{ title: "Both chains are needed", reason: "Registering with stake uses the currency chain and the chat chain; one of them was not found." }} />;
  const bridge = clients.bridge;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const u = checkUsername(username);
    const s = checkAmount(stake);
    const l = checkLockDays(lockDays);
    setErrors({ username: u.ok ? undefined : u.error, stake: s.ok ? undefined : s.error, validator: validator ? undefined : "choose a validator to bond the stake to", lock: l.ok ? undefined : l.error });
    if (!u.ok || !s.ok || !l.ok || !validator) return;
    action.run(async () => {
      if (await clients.chat!.getUser(u.value)) throw new Error(`the username '${u.value}' is already taken`);
      const id = await bridge.registerUserWithStake(signer, u.value, s.value, validator, { lockSeconds: l.value });
      setOpId(id);
      return `Operation ${id} started on the currency chain.`;
    });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Register a username</h2>
      <p className="hint">The stake is escrowed on the currency chain, the name registered on the chat chain, then the stake bonded — all or nothing.</p>
      <Field name="username" label="Username (3-32: letters, digits, _)" value={username} onChange={setUsername} error={errors.username} />
      <Field name="stake" label="Stake (LAT)" value={stake} onChange={setStake} error={errors.stake} />
      <Loaded state={validators} what="validators">
        {(vs) => (
          <label className="field">
            <span>Validator</span>
            <select name="validator" value={validator} onChange={(e) => setValidator(e.target.value)}>
              <option value="">Choose…</option>
              {vs
                .filter((v) => v.operator)
                .map((v) => (
                  <option key={v.operator} value={v.operator}>
                    {v.moniker || v.operator}
                  </option>
                ))}
            </select>
            {errors.validator && <small className="field-error">{errors.validator}</small>}
          </label>
        )}
      </Loaded>
      <Field name="lock-days" label="Lock the stake (days, 0 = none)" value={lockDays} onChange={setLockDays} error={errors.lock} />
      <button type="submit" disabled={action.busy || opId !== undefined}>
        Register with stake
      </button>
      {action.view}
      {opId && <OpStatus opId={opId} onFinal={(op) => (op.status === "AtomicSuccess" ? onRegistered() : setOpId(undefined))} />}
    </form>
  );
}

/** The operation's status on both chains, polled until final. */
function OpStatus({ opId, onFinal }: { opId: string; onFinal: (op: CrossChainOp) => void }) {
  const { clients } = useNetwork();
  const bridge = clients.bridge!;
  const [source, setSource] = useState<CrossChainOp | undefined>();
  const [dest, setDest] = useState<CrossChainOp | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [final, setFinal] = useState<CrossChainOp | undefined>();
  useEffect(() => {
    let live = true;
    const tick = async () => {
      try {
        const s = await bridge.getStatus(opId);
        const d = await bridge.getStatusOnChatChain(opId);
        if (!live) return;
        setSource(s);
        setDest(d);
        setProblem(undefined);
        if (isFinal(s.status) && (s.status === "Failed" || d?.status === s.status)) {
          setFinal(s);
          return;
        }
      } catch (e) {
        if (live) setProblem(describe(e));
      }
      if (live) timer = setTimeout(tick, 1000);
    };
    let timer = setTimeout(tick, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [bridge, opId]);
  const reached = new Set([...(source?.steps ?? []), ...(dest?.steps ?? [])].map((s) => s.status));
  if (source) reached.add(source.status);
  return (
    <div className="op" aria-live="polite">
      <h3>Cross-chain operation {opId}</h3>
      <ol className="steps">
        {STEPS.map((s) => (
          <li key={s} className={reached.has(s) ? "done" : ""}>
            {s}
          </li>
        ))}
      </ol>
      <p>
        Currency chain: <strong data-testid="op-status">{source?.status ?? "…"}</strong> · Chat chain: <strong>{dest?.status ?? "not yet received"}</strong>
      </p>
      {source?.reason && <p className="reason">Reason: {source.reason}</p>}
      {problem && <ErrorBox problem={problem} />}
      {final && (
        <div className={final.status === "AtomicSuccess" ? "success" : "error"} role="status">
          {final.status === "AtomicSuccess" ? "Registered: the name and the stake are yours." : `${final.status}: ${final.reason || "nothing was kept; the escrow is refunded"}`}{" "}
          <button type="button" onClick={() => onFinal(final)}>
            Continue
          </button>
        </div>
      )}
    </div>
  );
}
