#!/usr/bin/env bash
# Runs test/live*.test.ts against real nodes: a one-validator currency chain (ts-live-1) and a
# one-validator chat chain (lattice-chat-live-1), each `lattice init` in a temporary home and
# `lattice start` with its API on a free port of 127.0.0.1; stops both at the end.
# Usage: sdk/typescript/scripts/test-live.sh   (builds the node on first use, like ./lattice;
#        LATTICE=/path/to/launcher uses another build)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/../.." && pwd)
lattice=${LATTICE:-$root/lattice}
home=$(mktemp -d -t lattice-ts-live.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$home"
}
trap cleanup EXIT

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_node CHAIN_ID: sets $url to the node's API once it committed a block (no command
# substitution: the node's pid must be recorded in this shell for cleanup)
start_node() {
  local chain=$1 port
  port=$(free_port)
  "$lattice" init --home "$home/$chain" --chain-id "$chain" >/dev/null
  "$lattice" start --home "$home/$chain" --api "127.0.0.1:$port" >"$home/$chain.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$port/v1/status" | grep -q '"latest_block_height":[1-9]'; then
      url="http://127.0.0.1:$port"
      return
    fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "node of $chain exited; log:" >&2
      tail -n 30 "$home/$chain.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "node of $chain committed no block within 120 s" >&2
  exit 1
}

start_node ts-live-1
currency=$url
start_node lattice-chat-live-1
chat=$url
cd "$here"
LATTICE_NODE_URL="$currency" LATTICE_CHAT_NODE_URL="$chat" npx vitest run test/live.test.ts test/live-chat.test.ts
