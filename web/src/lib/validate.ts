import { isAddress } from "@lattice/sdk";

/** The result of checking one form field: the parsed value, or the reason it is refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = <T>(error: string): Checked<T> => ({ ok: false, error });

/** A bech32 `lat1…` account or validator address (checksum verified by the SDK). */
export function checkAddress(text: string): Checked<string> {
  const t = text.trim();
  if (t === "") return bad("address is required");
  if (t !== t.toLowerCase()) return bad("address must be lower case");
  if (!t.startsWith("lat1")) return bad("address must start with lat1");
  if (!isAddress(t)) return bad(`'${t}' is not a valid Lattice address (bad checksum or length)`);
  return ok(t);
}

/** Base units per LAT. */
export const ULAT_PER_LAT = 1_000_000n;

/**
 * An amount typed in LAT (up to 6 decimals) or, with the suffix "ulat", in base units. Must be
 * positive and at most `max` base units when given.
 */
export function checkAmount(text: string, max?: bigint): Checked<bigint> {
  const t = text.trim().toLowerCase();
  if (t === "") return bad("amount is required");
  let units: bigint;
  const ulat = /^(\d+)\s*ulat$/.exec(t);
  if (ulat) {
    units = BigInt(ulat[1]!);
  } else {
    const m = /^(\d+)(?:\.(\d*))?(?:\s*lat)?$/.exec(t);
    if (!m) return bad(`'${text.trim()}' is not an amount (e.g. 1.5 or 1500000 ulat)`);
    const frac = m[2] ?? "";
    if (frac.length > 6) return bad("at most 6 decimals (1 ulat = 0.000001 LAT)");
    units = BigInt(m[1]!) * ULAT_PER_LAT + BigInt(frac.padEnd(6, "0") || "0");
  }
  if (units <= 0n) return bad("amount must be greater than zero");
  if (max !== undefined && units > max) return bad(`amount exceeds the available ${formatLat(max)}`);
  return ok(units);
}

/** `1234567n` → "1.234567 LAT". */
export function formatLat(units: bigint): string {
  const neg = units < 0n;
  const a = neg ? -units : units;
  const whole = a / ULAT_PER_LAT;
  const frac = (a % ULAT_PER_LAT).toString().padStart(6, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole.toLocaleString("en-US")}${frac ? "." + frac : ""} LAT`;
}

/**
 * A chat username: 3..32 characters, an ASCII letter first, then ASCII letters, digits or '_'
 * (the identity module's rules; uniqueness is case-insensitive and checked by the chain).
 */
export function checkUsername(text: string): Checked<string> {
  const t = text.trim();
  if (t.length < 3) return bad("username must be at least 3 characters");
  if (t.length > 32) return bad("username must be at most 32 characters");
  if (!/^[A-Za-z]/.test(t)) return bad("username must start with a letter");
  if (!/^[A-Za-z0-9_]+$/.test(t)) return bad("username may contain only ASCII letters, digits and '_'");
  return ok(t);
}

/** A channel name: 3..48 characters, a letter first, then a-z, 0-9, '_' or '-' (case-insensitive). */
export function checkChannelName(text: string): Checked<string> {
  const t = text.trim().toLowerCase();
  if (t === "") return bad("channel name is required");
  if (t.length < 3 || t.length > 48) return bad("channel name must be 3-48 characters");
  if (!/^[a-z][a-z0-9_-]*$/.test(t)) return bad("channel name must start with a letter and use only a-z, 0-9, '_' and '-'");
  return ok(t);
}

/** A lock duration in days (0 = unlocked), returned in seconds. */
export function checkLockDays(text: string): Checked<bigint> {
  const t = text.trim();
  if (t === "" || t === "0") return ok(0n);
  if (!/^\d+$/.test(t)) return bad("lock must be a whole number of days");
  const days = BigInt(t);
  if (days > 3650n) return bad("lock must be at most 3650 days");
  return ok(days * 86_400n);
}

/** A commission rate typed as a percentage 0..100 with up to 2 decimals, as the chain's decimal string. */
export function checkCommission(text: string): Checked<string> {
  const t = text.trim();
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return bad("commission must be a percentage such as 5 or 7.5");
  const hundredths = BigInt(m[1]!) * 100n + BigInt((m[2] ?? "").padEnd(2, "0") || "0");
  if (hundredths > 10_000n) return bad("commission must be at most 100%");
  const fraction = hundredths.toString().padStart(5, "0");
  return ok(`${fraction.slice(0, -4)}.${fraction.slice(-4)}`);
}

/** Explorer search: a block height, a 64-hex transaction or block hash, or an address. */
export type SearchTarget = { kind: "block"; height: number } | { kind: "hash"; hash: string } | { kind: "account"; address: string };

export function parseSearch(text: string): Checked<SearchTarget> {
  const t = text.trim();
  if (t === "") return bad("type a block height, a transaction hash or an address");
  if (/^\d+$/.test(t)) {
    const h = Number(t);
    if (!Number.isSafeInteger(h) || h < 1) return bad("block heights start at 1");
    return ok({ kind: "block", height: h });
  }
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(t)) return ok({ kind: "hash", hash: t.replace(/^0x/, "").toLowerCase() });
  if (t.toLowerCase().startsWith("lat1")) {
    const a = checkAddress(t.toLowerCase());
    return a.ok ? ok({ kind: "account", address: a.value }) : bad(a.error);
  }
  return bad(`'${t}' is neither a height, a 64-character hex hash nor a lat1… address`);
}
