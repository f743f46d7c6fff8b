/**
 * The browser's key store: a mnemonic encrypted with AES-256-GCM under a key derived from the
 * user's passphrase with PBKDF2-HMAC-SHA-256 (WebCrypto), kept in localStorage. Only the
 * ciphertext, salt, IV and the address (to show which wallet is locked) are stored.
 */
export interface StoredKey {
  version: 1;
  address: string;
  kdf: { name: "PBKDF2"; hash: "SHA-256"; iterations: number; salt: string };
  cipher: { name: "AES-GCM"; iv: string };
  ciphertext: string;
}

export const PBKDF2_ITERATIONS = 310_000;
const MIN_PASSPHRASE = 8;

export class KeystoreError extends Error {}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as BufferSource, iterations },
    base,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Encrypts `mnemonic` under `passphrase`; the address is authenticated as associated data. */
export async function encryptMnemonic(mnemonic: string, address: string, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<StoredKey> {
  if (passphrase.length < MIN_PASSPHRASE) throw new KeystoreError(`passphrase must be at least ${MIN_PASSPHRASE} characters`);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, iterations);
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: iv as BufferSource, additionalData: new TextEncoder().encode(address) as BufferSource },
    key,
    new TextEncoder().encode(mnemonic) as BufferSource,
  );
  return {
    version: 1,
    address,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt: b64(salt) },
    cipher: { name: "AES-GCM", iv: b64(iv) },
    ciphertext: b64(new Uint8Array(ct)),
  };
}

/** The mnemonic, or KeystoreError("wrong passphrase") when authentication fails. */
export async function decryptMnemonic(stored: StoredKey, passphrase: string): Promise<string> {
  const key = await deriveKey(passphrase, unb64(stored.kdf.salt), stored.kdf.iterations);
  try {
    const pt = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: unb64(stored.cipher.iv) as BufferSource, additionalData: new TextEncoder().encode(stored.address) as BufferSource },
      key,
      unb64(stored.ciphertext) as BufferSource,
    );
    return new TextDecoder().decode(pt);
  } catch {
    throw new KeystoreError("wrong passphrase (or the stored key was altered)");
  }
}

const STORAGE_KEY = "lattice.wallet.v1";

/** Reads the stored key; a malformed entry is reported, not silently dropped. */
export function loadStoredKey(storage: KeyValueStorage): StoredKey | undefined {
  const raw = storage.getItem(STORAGE_KEY);
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new KeystoreError("the stored wallet is not valid JSON; remove it and import your mnemonic again");
  }
  const s = parsed as Partial<StoredKey>;
  if (s.version !== 1 || typeof s.address !== "string" || typeof s.ciphertext !== "string" || !s.kdf || !s.cipher) {
    throw new KeystoreError("the stored wallet has an unknown format; remove it and import your mnemonic again");
  }
  return s as StoredKey;
}

export function saveStoredKey(storage: KeyValueStorage, key: StoredKey): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(key));
}

export function removeStoredKey(storage: KeyValueStorage): void {
  storage.removeItem(STORAGE_KEY);
}
