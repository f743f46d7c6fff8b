import { describe, expect, it } from "vitest";
import { decryptMnemonic, encryptMnemonic, KeystoreError, loadStoredKey, removeStoredKey, saveStoredKey, type KeyValueStorage } from "../src/lib/keystore";
import { metricSum } from "../src/api/network";

const MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
const ADDRESS = "lat1example";
const FAST = 1000; // iterations: the default (310,000) is for real wallets

class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

describe("keystore (WebCrypto PBKDF2 + AES-GCM)", () => {
  it("round-trips and stores no plaintext", async () => {
    const key = await encryptMnemonic(MNEMONIC, ADDRESS, "correct horse", FAST);
    expect(JSON.stringify(key)).not.toContain("abandon");
    expect(key.kdf).toMatchObject({ name: "PBKDF2", hash: "SHA-256", iterations: FAST });
    expect(await decryptMnemonic(key, "correct horse")).toBe(MNEMONIC);
    const again = await encryptMnemonic(MNEMONIC, ADDRESS, "correct horse", FAST);
    expect(again.ciphertext).not.toBe(key.ciphertext); // fresh salt and IV
  });

  it("refuses a wrong passphrase, an altered ciphertext and a swapped address", async () => {
    const key = await encryptMnemonic(MNEMONIC, ADDRESS, "correct horse", FAST);
    await expect(decryptMnemonic(key, "wrong horse")).rejects.toThrow(KeystoreError);
    const bytes = Uint8Array.from(atob(key.ciphertext), (c) => c.charCodeAt(0));
    bytes[0] = bytes[0]! ^ 1;
    await expect(decryptMnemonic({ ...key, ciphertext: btoa(String.fromCharCode(...bytes)) }, "correct horse")).rejects.toThrow("wrong passphrase");
    await expect(decryptMnemonic({ ...key, address: "lat1other" }, "correct horse")).rejects.toThrow(KeystoreError);
  });

  it("refuses short passphrases before encrypting", async () => {
    await expect(encryptMnemonic(MNEMONIC, ADDRESS, "short", FAST)).rejects.toThrow("at least 8 characters");
  });

  it("reports a corrupt stored entry instead of dropping it", async () => {
    const s = new MemoryStorage();
    expect(loadStoredKey(s)).toBeUndefined();
    const key = await encryptMnemonic(MNEMONIC, ADDRESS, "correct horse", FAST);
    saveStoredKey(s, key);
    expect(loadStoredKey(s)).toEqual(key);
    s.setItem("lattice.wallet.v1", "{not json");
    expect(() => loadStoredKey(s)).toThrow("not valid JSON");
    s.setItem("lattice.wallet.v1", JSON.stringify({ version: 2 }));
    expect(() => loadStoredKey(s)).toThrow("unknown format");
    removeStoredKey(s);
    expect(loadStoredKey(s)).toBeUndefined();
  });
});

describe("metricSum", () => {
  it("sums one family's samples of a Prometheus exposition", () => {
    const text = ['# HELP lattice_p2p_peers peers', '# TYPE lattice_p2p_peers gauge', 'lattice_p2p_peers{direction="in"} 2.0', 'lattice_p2p_peers{direction="out"} 3.0', "lattice_p2p_peers_total 9", "lattice_mempool_size 4"].join("\n");
    expect(metricSum(text, "lattice_p2p_peers")).toBe(5);
    expect(metricSum(text, "lattice_mempool_size")).toBe(4);
    expect(metricSum(text, "absent")).toBeUndefined();
  });
});
