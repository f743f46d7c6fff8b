#!/usr/bin/env bash
# Runs test/live-bridge.test.ts (atomic register_user_with_stake and its roll-back) against a real
# two-chain network with its relayer: `lattice up --validators 1` in a temporary directory on
# free ports, then `lattice down`. Usage: sdk/typescript/scripts/test-live-bridge.sh
# (LATTICE=/path/to/launcher uses another build of the node).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/../.." && pwd)
lattice=${LATTICE:-$root/lattice}
dir=$(mktemp -d -t lattice-ts-bridge.XXXXXX)
cleanup() {
  "$lattice" down --dir "$dir/net" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

if ! "$lattice" up --dir "$dir/net" --validators 1 --wait 300 --chat-api-port 28545 --api-port 28546 \
  --validator-api-port 28600 --p2p-port 28656 | tee "$dir/up.txt"; then
  for log in "$dir"/net/*/*/logs/*.log; do echo "== $log" >&2; tail -n 15 "$log" >&2; done
  exit 1
fi
chat=$(grep -o 'API: *http://[0-9.:]*' "$dir/up.txt" | sed -n 1p | grep -o 'http://.*')
currency=$(grep -o 'API: *http://[0-9.:]*' "$dir/up.txt" | sed -n 2p | grep -o 'http://.*')
cd "$here"
LATTICE_BRIDGE_CHAT_URL="$chat" LATTICE_BRIDGE_CURRENCY_URL="$currency" npx vitest run test/live-bridge.test.ts
