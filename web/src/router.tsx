import { useEffect, useState, type MouseEvent, type ReactNode } from "react";

/** A minimal History-API router: the node serves index.html for every client route. */
export function navigate(path: string): void {
  if (path !== location.pathname + location.search) {
    history.pushState(null, "", path);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const on = () => setPath(location.pathname);
    window.addEventListener("popstate", on);
    return () => window.removeEventListener("popstate", on);
  }, []);
  return path;
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const click = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={click} className={className}>
      {children}
    </a>
  );
}

/** Matches `pattern` ("/explorer/block/:height") against `path`; the named segments, decoded. */
export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split("/").filter(Boolean);
  const s = path.split("/").filter(Boolean);
  if (p.length !== s.length) return undefined;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(":")) {
      try {
        out[seg.slice(1)] = decodeURIComponent(s[i]!);
      } catch {
        return undefined;
      }
    } else if (seg !== s[i]) return undefined;
  }
  return out;
}
