import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    poolOptions: {
      forks: {
        singleFork: true,
        // Node 20 has the WHATWG WebSocket client only behind this flag (default from Node 22).
        execArgv: typeof (globalThis as { WebSocket?: unknown }).WebSocket === "undefined" ? ["--experimental-websocket"] : [],
      },
    },
    testTimeout: 30_000,
  },
});
