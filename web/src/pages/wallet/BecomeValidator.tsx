import { fromBase64, type Ed25519Signer } from "@lattice/sdk";
import { useState, type FormEvent } from "react";
import { loadValidators } from "../../api/chains";
import { Field, useAction } from "../../components/common";
import { checkAmount, checkCommission, formatLat } from "../../lib/validate";
import { useNetwork } from "../../state/context";

interface Form {
  moniker: string;
  consensusKey: string;
  amount: string;
  minSelf: string;
  rate: string;
  maxRate: string;
  maxChange: string;
}

const INITIAL: Form = { moniker: "", consensusKey: "", amount: "", minSelf: "1", rate: "5", maxRate: "20", maxChange: "1" };

function decodeKey(text: string): Uint8Array | undefined {
  try {
    return fromBase64(text.trim(), "consensus key");
  } catch {
    return undefined;
  }
}

/**
 * Registers the wallet's account as a validator (staking MsgCreateValidator) with the node's
 * consensus key, refusing the common mistakes before signing: an account that already runs a
 * validator, a consensus key another validator uses, the wallet's own key as consensus key, a
 * key that is not 32 bytes of base64, commission rates out of order, a stake below the minimum
 * self-delegation.
 */
export function BecomeValidator({ signer, onCreated }: { signer: Ed25519Signer; onCreated: () => void }) {
  const { clients } = useNetwork();
  const currency = clients.currency!;
  const [form, setForm] = useState<Form>(INITIAL);
  const [errors, setErrors] = useState<Partial<Record<keyof Form, string>>>({});
  const action = useAction();
  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    action.clear();
    const errs: Partial<Record<keyof Form, string>> = {};
    if (!form.moniker.trim()) errs.moniker = "give the validator a name";
    else if (form.moniker.length > 70) errs.moniker = "at most 70 characters";
    const key = decodeKey(form.consensusKey);
    if (!key || key.length !== 32) errs.consensusKey = "the consensus key is the node's 32-byte ed25519 public key in base64 (44 characters)";
    else if (key.every((b, i) => b === signer.publicKey[i])) errs.consensusKey = "this is your wallet key; use the node's consensus (priv_validator) key, never the account key";
    const amount = checkAmount(form.amount);
    if (!amount.ok) errs.amount = amount.error;
    const minSelf = checkAmount(form.minSelf);
    if (!minSelf.ok) errs.minSelf = minSelf.error;
    else if (amount.ok && amount.value < minSelf.value) errs.amount = `the self-delegation must be at least the minimum (${formatLat(minSelf.value)})`;
    const rate = checkCommission(form.rate);
    const maxRate = checkCommission(form.maxRate);
    const maxChange = checkCommission(form.maxChange);
    if (!rate.ok) errs.rate = rate.error;
    if (!maxRate.ok) errs.maxRate = maxRate.error;
    if (!maxChange.ok) errs.maxChange = maxChange.error;
    if (rate.ok && maxRate.ok && Number(rate.value) > Number(maxRate.value)) errs.rate = "the commission cannot exceed the maximum commission";
    if (maxChange.ok && maxRate.ok && Number(maxChange.value) > Number(maxRate.value)) errs.maxChange = "the maximum daily change cannot exceed the maximum commission";
    setErrors(errs);
    if (Object.keys(errs).length > 0 || !key || !amount.ok || !minSelf.ok || !rate.ok || !maxRate.ok || !maxChange.ok) return;
    action.run(async () => {
      const existing = await loadValidators(currency);
      if (existing.some((v) => v.operator === signer.address)) throw new Error("this account already runs a validator (one validator per operator account)");
      const keyB64 = form.consensusKey.trim();
      const sameKey = await currency.node.query<{ consensus_address: string; pub_key?: { key?: string } }[]>("staking", "validators");
      if (sameKey.some((v) => v.pub_key?.key === keyB64)) throw new Error("another validator already uses this consensus key");
      const r = await currency.signAndBroadcast(
        signer,
        [
          {
            "@type": "/lattice.staking.v1.MsgCreateValidator",
            operator_address: signer.address,
            pub_key: { algorithm: "ed25519", key: keyB64 },
            moniker: form.moniker.trim(),
            commission_rate: rate.value,
            commission_max_rate: maxRate.value,
            commission_max_change_rate: maxChange.value,
            min_self_delegation: minSelf.value.toString(),
            amount: { denom: currency.feeDenom, amount: amount.value.toString() },
          },
        ],
        {},
        300_000n,
      );
      onCreated();
      return `Validator "${form.moniker.trim()}" created in block ${r.height}; it joins the active set at the end of the block if its power ranks.`;
    });
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Become a validator</h2>
      <p className="hint">Run a node first; its consensus public key is in its home (`lattice init` prints it).</p>
      <Field name="moniker" label="Name (moniker)" value={form.moniker} onChange={set("moniker")} error={errors.moniker} />
      <Field name="consensus-key" label="Consensus public key (base64, ed25519)" value={form.consensusKey} onChange={set("consensusKey")} error={errors.consensusKey} />
      <Field name="self-stake" label="Self-delegation (LAT)" value={form.amount} onChange={set("amount")} error={errors.amount} />
      <Field name="min-self" label="Minimum self-delegation (LAT)" value={form.minSelf} onChange={set("minSelf")} error={errors.minSelf} />
      <div className="row">
        <Field name="rate" label="Commission %" value={form.rate} onChange={set("rate")} error={errors.rate} />
        <Field name="max-rate" label="Max commission %" value={form.maxRate} onChange={set("maxRate")} error={errors.maxRate} />
        <Field name="max-change" label="Max change %/day" value={form.maxChange} onChange={set("maxChange")} error={errors.maxChange} />
      </div>
      <button type="submit" disabled={action.busy}>
        Create validator
      </button>
      {action.view}
    </form>
  );
}
