import { Ed25519Signer } from "@lattice/sdk";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { clientsFor, discoverEndpoints, type Clients } from "../api/network";
import { decryptMnemonic, encryptMnemonic, loadStoredKey, removeStoredKey, saveStoredKey, type StoredKey } from "../lib/keystore";

interface NetworkState {
  loading: boolean;
  clients: Clients;
  rediscover: () => void;
}

const NetworkContext = createContext<NetworkState | undefined>(undefined);

export function NetworkProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ loading: boolean; clients: Clients }>({ loading: true, clients: { endpoints: {} } });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    discoverEndpoints(location, localStorage).then((endpoints) => {
      if (live) setState({ loading: false, clients: clientsFor(endpoints) });
    });
    return () => {
      live = false;
    };
  }, [attempt]);
  const rediscover = useCallback(() => setAttempt((a) => a + 1), []);
  const value = useMemo(() => ({ ...state, rediscover }), [state, rediscover]);
  return <NetworkContext.Provider value={value}>{children}</NetworkContext.Provider>;
}

export function useNetwork(): NetworkState {
  const n = useContext(NetworkContext);
  if (!n) throw new Error("useNetwork outside NetworkProvider");
  return n;
}

interface WalletState {
  stored?: StoredKey;
  storedError?: string;
  signer?: Ed25519Signer;
  create: (mnemonic: string, passphrase: string) => Promise<void>;
  unlock: (passphrase: string) => Promise<void>;
  lock: () => void;
  forget: () => void;
}

const WalletContext = createContext<WalletState | undefined>(undefined);

export function WalletProvider({ children }: { children: ReactNode }) {
  const [stored, setStored] = useState<StoredKey | undefined>();
  const [storedError, setStoredError] = useState<string | undefined>();
  const [signer, setSigner] = useState<Ed25519Signer | undefined>();
  useEffect(() => {
    try {
      setStored(loadStoredKey(localStorage));
    } catch (e) {
      setStoredError((e as Error).message);
    }
  }, []);
  const value = useMemo<WalletState>(
    () => ({
      stored,
      storedError,
      signer,
      create: async (mnemonic, passphrase) => {
        const s = Ed25519Signer.fromMnemonic(mnemonic);
        const key = await encryptMnemonic(mnemonic, s.address, passphrase);
        saveStoredKey(localStorage, key);
        setStored(key);
        setStoredError(undefined);
        setSigner(s);
      },
      unlock: async (passphrase) => {
        if (!stored) throw new Error("no stored wallet");
        setSigner(Ed25519Signer.fromMnemonic(await decryptMnemonic(stored, passphrase)));
      },
      lock: () => setSigner(undefined),
      forget: () => {
        removeStoredKey(localStorage);
        setStored(undefined);
        setStoredError(undefined);
        setSigner(undefined);
      },
    }),
    [stored, storedError, signer],
  );
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}

export function useWallet(): WalletState {
  const w = useContext(WalletContext);
  if (!w) throw new Error("useWallet outside WalletProvider");
  return w;
}
