import type { Ed25519Signer } from "@lattice/sdk";
import { useState, type FormEvent } from "react";
import { loadValidators } from "../../api/chains";
import { Field, Loaded, useAction, useAsync } from "../../components/common";
import { checkAddress, checkAmount, checkLockDays, formatLat } from "../../lib/validate";
import { useNetwork } from "../../state/context";

/** Delegations with their rewards; delegate (optionally locked), undelegate, claim rewards. */
export function Staking({ signer, version, onChanged }: { signer: Ed25519Signer; version: number; onChanged: () => void }) {
  const { clients } = useNetwork();
  const currency = clients.currency!;
  const data = useAsync(async () => {
    const [delegations, rewards, validators] = await Promise.all([currency.getDelegations(signer.address), currency.getRewards(signer.address).catch(() => ({ total: "0", rewards: [], denom: "ulat" })), loadValidators(currency)]);
    return { delegations, rewards, validators };
  }, [signer.address, version, currency]);
  const [validator, setValidator] = useState("");
  const [amount, setAmount] = useState("");
  const [lockDays, setLockDays] = useState("0");
  const [errors, setErrors] = useState<{ validator?: string; amount?: string; lock?: string }>({});
  const action = useAction();

  const check = () => {
    const v = checkAddress(validator);
    const a = checkAmount(amount);
    const l = checkLockDays(lockDays);
    const known = data.value?.validators.some((x) => x.operator === (v.ok ? v.value : ""));
    setErrors({ validator: v.ok ? (data.value && !known ? "no validator with this operator address" : undefined) : v.error, amount: a.ok ? undefined : a.error, lock: l.ok ? undefined : l.error });
    return v.ok && a.ok && l.ok && (known || !data.value) ? { validator: v.value, amount: a.value, lock: l.value } : undefined;
  };
  const delegate = (e: FormEvent) => {
    e.preventDefault();
    const c = check();
    if (c)
      action.run(async () => {
        const r = await currency.stake(signer, c.validator, c.amount, { lockSeconds: c.lock });
        onChanged();
        return `Delegated ${formatLat(c.amount)}${c.lock > 0n ? `, locked for ${lockDays} day(s)` : ""} (block ${r.height}).`;
      });
  };
  const undelegate = () => {
    const c = check();
    if (c)
      action.run(async () => {
        const r = await currency.unstake(signer, c.validator, c.amount);
        onChanged();
        return `Undelegation of ${formatLat(c.amount)} started (block ${r.height}); the coins return after the unbonding period.`;
      });
  };
  const claim = () =>
    action.run(async () => {
      const r = await currency.claimRewards(signer);
      onChanged();
      return r ? `Rewards claimed (block ${r.height}).` : "No rewards to claim yet.";
    });

  return (
    <form className="card" onSubmit={delegate}>
      <h2>Staking</h2>
      <Loaded state={data} what="delegations">
        {({ delegations, rewards, validators }) => (
          <>
            {delegations.length === 0 ? (
              <p>No delegations yet.</p>
            ) : (
              <ul className="plain">
                {delegations.map((d) => (
                  <li key={d.validatorAddress}>
                    {formatLat(d.tokens)} to {validators.find((v) => v.operator === d.validatorAddress)?.moniker || d.validatorAddress}
                  </li>
                ))}
              </ul>
            )}
            <p>
              Pending rewards: <strong>{formatLat(BigInt(rewards.total))}</strong>{" "}
              <button type="button" className="secondary" onClick={claim} disabled={action.busy || BigInt(rewards.total) === 0n}>
                Claim
              </button>
            </p>
            <label className="field">
              <span>Validator</span>
              <select name="validator" value={validator} onChange={(e) => setValidator(e.target.value)} aria-invalid={errors.validator ? true : undefined}>
                <option value="">Choose a validator…</option>
                {validators
                  .filter((v) => v.operator)
                  .map((v) => (
                    <option key={v.operator} value={v.operator}>
                      {(v.moniker || v.operator) + (v.jailed ? " (jailed)" : "")}
                    </option>
                  ))}
              </select>
              {errors.validator && <small className="field-error">{errors.validator}</small>}
            </label>
          </>
        )}
      </Loaded>
      <Field name="stake-amount" label="Amount (LAT)" value={amount} onChange={setAmount} error={errors.amount} />
      <Field name="lock-days" label="Lock (days, 0 = none; locked stake cannot be undelegated before it ends)" value={lockDays} onChange={setLockDays} error={errors.lock} />
      <div className="row">
        <button type="submit" disabled={action.busy}>
          Delegate
        </button>
        <button type="button" className="secondary" onClick={undelegate} disabled={action.busy}>
          Undelegate
        </button>
      </div>
      {action.view}
    </form>
  );
}
