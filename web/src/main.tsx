import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { NetworkProvider, WalletProvider } from "./state/context";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <NetworkProvider>
      <WalletProvider>
        <App />
      </WalletProvider>
    </NetworkProvider>
  </StrictMode>,
);
