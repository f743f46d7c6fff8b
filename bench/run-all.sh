#!/usr/bin/env bash
# The whole performance report in one run on this machine (issue 7):
#   1. the JMH suites (signatures, state tree, block execution);
#   2. Lattice's currency chain alone, 4 validators (`./lattice up --chains currency`, so the chat chain takes no CPU) under `./lattice bench load`, at the
#      maximum rate (profiled with JFR on every node) and at half of what that finalized;
#   3. a hardhat@2.28.6 node (automine) under the same number of accounts, pre-signed with web3j;
#   4. Lattice's BFT consensus as a replicated log against Apache Ratis (Raft), 4 nodes each,
#      three alternating runs per system (the median is reported);
# then writes the "Harness run" section of docs/PERFORMANCE.md (machine, commands, date, figures,
# ratios against the issue's targets, top profile frames). Raw results stay in the output folder.
#
# Usage: bench/run-all.sh [--quick] [--seconds S] [--accounts N] [--out DIR] [--no-report]
#   --quick      short JMH settings and 15 s load phases (a smoke run, figures are rough)
#   --seconds S  length of each load phase (default 30)
#   --accounts N funded sender accounts on both chains (default 2000)
#   --only LIST  comma-separated parts to run: jmh,lattice,hardhat,raft (default: all)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/find-jdk
. "$root/scripts/find-jdk"
JAVA_HOME=$(find_jdk) || exit 1
export JAVA_HOME

seconds=30
accounts=2000
quick=0
report=1
only="jmh,lattice,hardhat,raft"
out="$root/bench/target/run-all/$(date -u +%Y%m%dT%H%M%SZ)"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; seconds=15 ;;
    --seconds) seconds=$2; shift ;;
    --accounts) accounts=$2; shift ;;
    --out) out=$2; shift ;;
    --only) only=$2; shift ;;
    --no-report) report=0 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run-all: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$only," == *",$1,"* ]]; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
log() { echo "run-all [$(date -u +%H:%M:%S)] $*" >&2; }
java_opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
cp="$root/bench/target/classes:$root/bench/target/lib/*"

log "results in $out"
log "building the node (./lattice builds it when sources changed) and bench"
"$root/lattice" --version > /dev/null
"$root/mvnw" -f "$root/pom.xml" -B -q --no-transfer-progress package -DskipTests \
  -Dspotless.check.skip=true -pl bench
export BENCH_NO_BUILD=1
{
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "dirty=$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | wc -l)"
  echo "command=bench/run-all.sh $*"
  echo "seconds=$seconds"
  echo "accounts=$accounts"
  echo "quick=$quick"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/run.properties"

if wants jmh; then
  jmh=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  [ "$quick" = 1 ] && jmh=(-f 1 -wi 1 -w 1s -i 2 -r 1s)
  log "JMH: signatures"
  "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" org.openjdk.jmh.Main SignatureBench \
    "${jmh[@]}" -tu s -rf json -rff "$out/jmh-signatures.json" > "$out/jmh-signatures.txt"
  log "JMH: block execution"
  "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" org.openjdk.jmh.Main BlockExecutionBench \
    -rf json -rff "$out/jmh-block.json" > "$out/jmh-block.txt"
  log "JMH: state tree"
  state=(-wi 1 -w 5s -i 3 -r 10s)
  [ "$quick" = 1 ] && state=(-wi 1 -w 2s -i 2 -r 3s -p keys=100000)
  "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" org.openjdk.jmh.Main StateTreeBench \
    "${state[@]}" -rf json -rff "$out/jmh-state.json" > "$out/jmh-state.txt"
fi

if wants lattice; then
  net="$out/lattice-net"
  stop_net() { "$root/lattice" down --dir "$net" >> "$out/lattice-up.log" 2>&1 || true; }
  trap stop_net EXIT
  node_pids() { grep -o '"pid" : [0-9]*' "$net/network.json" | grep -o '[0-9]*$'; }
  mkdir -p "$out/jfr"
  log "Lattice: the currency chain alone, 4 validators + 1 API node (./lattice up --chains currency)"
  "$root/lattice" up --chains currency --dir "$net" > "$out/lattice-up.log" 2>&1
  log "Lattice: load at max rate for ${seconds}s over $accounts accounts, JFR on every node"
  for pid in $(node_pids); do
    "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=bench settings=profile > /dev/null
  done
  "$root/lattice" bench load --local-dir "$net" --accounts "$accounts" --rate max \
    --duration "${seconds}s" -o json --plot "$out/lattice-max.png" \
    > "$out/lattice-max.json" 2> "$out/lattice-max.log"
  for pid in $(node_pids); do
    "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=bench filename="$out/jfr/node-$pid.jfr" > /dev/null
  done
  half=$("$JAVA_HOME/bin/java" -cp "$cp" io.lattice.bench.report.JsonField \
    "$out/lattice-max.json" finalized_tps 0.5)
  log "Lattice: load at half of that ($half tx/s) for ${seconds}s"
  "$root/lattice" bench load --local-dir "$net" --accounts "$accounts" --rate "$half" \
    --duration "${seconds}s" -o json --plot "$out/lattice-half.png" \
    > "$out/lattice-half.json" 2> "$out/lattice-half.log"
  stop_net
  trap - EXIT
fi

if wants hardhat; then
  log "hardhat@2.28.6 (automine), $accounts accounts, web3j-signed transfers"
  "$root/scripts/bench-hardhat" --accounts "$accounts" --seconds "$seconds" \
    --json "$out/hardhat.json" > "$out/hardhat.txt" 2>&1
fi

if wants raft; then
  log "replicated log: Lattice BFT vs Apache Ratis, 4 nodes each"
  repeat=3
  [ "$quick" = 1 ] && repeat=1
  "$root/scripts/bench-raft" --seconds "$seconds" --repeat "$repeat" --json "$out/raft.json" \
    > "$out/raft.txt" 2>&1
fi

echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/run.properties"
echo "finished=$(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$out/run.properties"
if [ "$report" = 1 ]; then
  "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" io.lattice.bench.report.PerformanceReport \
    --results "$out" --write "$root/docs/PERFORMANCE.md"
  log "docs/PERFORMANCE.md updated (section 'Harness run')"
fi
log "done; raw results in $out"
