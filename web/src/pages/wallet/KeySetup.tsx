import { CurrencyChainClient, normalizeMnemonic } from "@lattice/sdk";
import { useState, type FormEvent } from "react";
import { ErrorBox, Field } from "../../components/common";
import { KeystoreError } from "../../lib/keystore";
import { useWallet } from "../../state/context";

/** First visit: create a new key (its 24 words shown once) or import one from a mnemonic. */
export function KeySetup() {
  const [mode, setMode] = useState<"choose" | "create" | "import">("choose");
  if (mode === "create") return <CreateKey onBack={() => setMode("choose")} />;
  if (mode === "import") return <ImportKey onBack={() => setMode("choose")} />;
  return (
    <section className="card">
      <h2>Wallet</h2>
      <p>Your key never leaves this browser: it is stored encrypted (AES-GCM, PBKDF2) under a passphrase you choose.</p>
      <div className="row">
        <button type="button" onClick={() => setMode("create")}>
          Create a new wallet
        </button>
        <button type="button" className="secondary" onClick={() => setMode("import")}>
          Import from mnemonic
        </button>
      </div>
    </section>
  );
}

function Passphrases({ value, onChange, confirm, onConfirm, error }: { value: string; onChange: (v: string) => void; confirm: string; onConfirm: (v: string) => void; error?: string }) {
  return (
    <>
      <Field name="passphrase" label="Passphrase (8+ characters)" type="password" value={value} onChange={onChange} />
      <Field name="confirm" label="Repeat the passphrase" type="password" value={confirm} onChange={onConfirm} error={error} />
    </>
  );
}

function passphraseError(p: string, c: string): string | undefined {
  if (p.length < 8) return "passphrase must be at least 8 characters";
  if (p !== c) return "the passphrases differ";
  return undefined;
}

function CreateKey({ onBack }: { onBack: () => void }) {
  const wallet = useWallet();
  const [words] = useState(() => CurrencyChainClient.createWallet().mnemonic);
  const [saved, setSaved] = useState(false);
  const [pass, setPass] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const err = !saved ? "confirm that you wrote the words down" : passphraseError(pass, confirm);
    setError(err);
    if (err) return;
    setBusy(true);
    try {
      await wallet.create(words, pass);
    } catch (x) {
      setError((x as Error).message);
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>New wallet</h2>
      <p>Write these 24 words down, in order. They are the only way to restore this wallet; they are shown once.</p>
      <ol className="mnemonic" data-testid="mnemonic">
        {words.split(" ").map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ol>
      <label className="check">
        <input type="checkbox" name="saved" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I wrote the words down
      </label>
      <Passphrases value={pass} onChange={setPass} confirm={confirm} onConfirm={setConfirm} error={error} />
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Encrypting…" : "Create wallet"}
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}

function ImportKey({ onBack }: { onBack: () => void }) {
  const wallet = useWallet();
  const [words, setWords] = useState("");
  const [pass, setPass] = useState("");
  const [confirm, setConfirm] = useState("");
  const [wordsError, setWordsError] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let phrase: string;
    try {
      phrase = normalizeMnemonic(words);
      CurrencyChainClient.restoreWallet(phrase);
      setWordsError(undefined);
    } catch (x) {
      setWordsError((x as Error).message);
      return;
    }
    const err = passphraseError(pass, confirm);
    setError(err);
    if (err) return;
    setBusy(true);
    try {
      await wallet.create(phrase, pass);
    } catch (x) {
      setError(x instanceof KeystoreError ? x.message : String(x));
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Import a wallet</h2>
      <label className="field">
        <span>Mnemonic (12 or 24 words)</span>
        <textarea name="mnemonic" rows={3} value={words} onChange={(e) => setWords(e.target.value)} spellCheck={false} autoComplete="off" aria-invalid={wordsError ? true : undefined} />
        {wordsError && <small className="field-error">{wordsError}</small>}
      </label>
      <Passphrases value={pass} onChange={setPass} confirm={confirm} onConfirm={setConfirm} error={error} />
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Encrypting…" : "Import"}
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
      </div>
    </form>
  );
}

/** A stored wallet: unlock it with the passphrase, or remove it. */
export function Unlock() {
  const wallet = useWallet();
  const [pass, setPass] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await wallet.unlock(pass);
    } catch (x) {
      setError((x as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <h2>Unlock wallet</h2>
      <p className="mono wrap">{wallet.stored?.address}</p>
      <Field name="passphrase" label="Passphrase" type="password" value={pass} onChange={setPass} error={error} />
      <div className="row">
        <button type="submit" disabled={busy}>
          {busy ? "Unlocking…" : "Unlock"}
        </button>
        <button type="button" className="danger" onClick={() => confirmForget(wallet.forget)}>
          Remove from this browser
        </button>
      </div>
    </form>
  );
}

function confirmForget(forget: () => void) {
  if (window.confirm("Remove the encrypted key from this browser? Only your mnemonic can restore it.")) forget();
}

export function StoredKeyProblem({ reason }: { reason: string }) {
  const wallet = useWallet();
  return (
    <>
      <ErrorBox problem={{ title: "The stored wallet cannot be read", reason }} />
      <button type="button" className="danger" onClick={wallet.forget}>
        Remove it
      </button>
    </>
  );
}
