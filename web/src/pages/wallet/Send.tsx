import type { Ed25519Signer } from "@lattice/sdk";
import { useState, type FormEvent } from "react";
import { Field, useAction } from "../../components/common";
import { checkAddress, checkAmount, formatLat } from "../../lib/validate";
import { Link } from "../../router";
import { useNetwork } from "../../state/context";

/** bank MsgSend on the currency chain, with the address and amount checked before signing. */
export function Send({ signer, onSent }: { signer: Ed25519Signer; onSent: () => void }) {
  const { clients } = useNetwork();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [memo, setMemo] = useState("");
  const [errors, setErrors] = useState<{ to?: string; amount?: string }>({});
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const a = checkAddress(to);
    const m = checkAmount(amount);
    const errs = { to: a.ok ? (a.value === signer.address ? "that is your own address" : undefined) : a.error, amount: m.ok ? undefined : m.error };
    setErrors(errs);
    if (!a.ok || !m.ok || errs.to) return;
    action.run(async () => {
      const r = await clients.currency!.transfer(signer, a.value, m.value, { memo });
      onSent();
      setAmount("");
      return (
        <>
          Sent {formatLat(m.value)} in block {r.height}:{" "}
          <Link to={`/explorer/currency/tx/${r.txhash}`}>
            <span data-testid="sent-tx">{r.txhash}</span>
          </Link>
        </>
      );
    });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Send</h2>
      <Field name="to" label="Recipient" value={to} onChange={setTo} placeholder="lat1…" error={errors.to} />
      <Field name="amount" label="Amount (LAT, or e.g. 500 ulat)" value={amount} onChange={setAmount} placeholder="1.5" error={errors.amount} />
      <Field name="memo" label="Memo (optional)" value={memo} onChange={setMemo} />
      <button type="submit" disabled={action.busy}>
        Send
      </button>
      {action.view}
    </form>
  );
}
