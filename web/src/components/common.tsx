import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { describe, type Problem } from "../lib/errors";

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function ErrorBox({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  return (
    <div className="error" role="alert">
      <strong>{problem.title}</strong>
      <p className="reason">{problem.reason}</p>
      {problem.hint && <p className="hint">{problem.hint}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}

/** A loaded value with its loading and error states; `reload` fetches again. */
export interface Async<T> {
  value?: T;
  problem?: Problem;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ value?: T; problem?: Problem; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ value: s.value, loading: true }));
    load().then(
      (value) => live && setState({ value, loading: false }),
      (e) => live && setState({ problem: describe(e), loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  return { ...state, reload: useCallback(() => setN((x) => x + 1), []) };
}

/** Shows an Async's loading spinner or error, else renders `children` with its value. */
export function Loaded<T>({ state, what, children }: { state: Async<T>; what: string; children: (v: T) => ReactNode }) {
  if (state.problem) return <ErrorBox problem={state.problem} onRetry={state.reload} />;
  if (state.value === undefined) return <Loading what={what} />;
  return <>{children(state.value)}</>;
}

/** An action started by a button: busy while it runs, then its result message or its error. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [done, setDone] = useState<ReactNode | undefined>();
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const run = useCallback(async (action: () => Promise<ReactNode>) => {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const result = await action();
      if (live.current) setDone(result);
    } catch (e) {
      if (live.current) setProblem(describe(e));
    } finally {
      if (live.current) setBusy(false);
    }
  }, []);
  const view = (
    <>
      {busy && <Loading what="— waiting for the block" />}
      {problem && <ErrorBox problem={problem} />}
      {done && <div className="success" role="status">{done}</div>}
    </>
  );
  return { busy, run, view, clear: () => (setProblem(undefined), setDone(undefined)) };
}

export function Field({
  label,
  value,
  onChange,
  error,
  placeholder,
  type = "text",
  name,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  placeholder?: string;
  type?: string;
  name: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && <small className="field-error">{error}</small>}
    </label>
  );
}

export function short(s: string, n = 10): string {
  return s.length <= 2 * n + 1 ? s : `${s.slice(0, n)}…${s.slice(-6)}`;
}

export function timeAgo(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.round((Date.now() - t) / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.floor(s / 60)}m ago` : new Date(t).toLocaleString();
}
