#!/usr/bin/env bash
# Runs test/live.test.ts against a real one-validator chain: `lattice init` in a temporary home,
# `lattice start` with its API on a free port of 127.0.0.1, the live tests, then stops the node.
# Usage: sdk/typescript/scripts/test-live.sh   (builds the node on first use, like ./lattice)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/../.." && pwd)
lattice=${LATTICE:-$root/lattice}  # LATTICE=/path/to/launcher to use another build
home=$(mktemp -d -t lattice-ts-live.XXXXXX)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$home"
}
trap cleanup EXIT

"$lattice" init --home "$home/node" --chain-id ts-live-1 >/dev/null
"$lattice" start --home "$home/node" --api "127.0.0.1:$port" >"$home/node.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  if curl -sf "$url/v1/status" | grep -q '"latest_block_height":[1-9]'; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "node exited; log:" >&2; tail -n 30 "$home/node.log" >&2; exit 1; fi
  sleep 0.5
done
cd "$here"
LATTICE_NODE_URL="$url" npx vitest run test/live.test.ts
