#!/usr/bin/env bash
# Runs sdk/java/scripts/LiveCheck.java (every SDK client method against a running network) with the
# SDK's class path. Usage:
#   sdk/java/scripts/live-check.sh CHAT_URL CURRENCY_URL CHAT_FAUCET_HOME CURRENCY_FAUCET_HOME
# e.g. after `./lattice up --dir D`:
#   sdk/java/scripts/live-check.sh http://127.0.0.1:8545 http://127.0.0.1:8546 D/chat/node0 D/currency/node0
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../../../scripts/find-jdk
. "$root/scripts/find-jdk"
JAVA_HOME=$(find_jdk)
export JAVA_HOME
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
"$root/mvnw" -f "$root/pom.xml" -B -q -o dependency:build-classpath -pl sdk/java \
  -Dmdep.outputFile="$cpfile" >/dev/null
jar="$HOME/.m2/repository/io/lattice/lattice-sdk-java/0.1.0-SNAPSHOT/lattice-sdk-java-0.1.0-SNAPSHOT.jar"
exec "$JAVA_HOME/bin/java" \
  -cp "$root/sdk/java/target/classes:$jar:$(cat "$cpfile")" \
  "$root/sdk/java/scripts/LiveCheck.java" "$@"
