#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs and starts what the tests need (Debian's Chromium for the
# browser tests, a throwaway PostgreSQL cluster, a throwaway Redis server for the scale-out tests), builds once,
# runs every test against the build, and prints one summary line counted from the TRX results: "Tests: N passed, N failed[, N skipped]". Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
configuration=${CONFIGURATION:-Release}
results="$root/TestResults"

bash scripts/install-chromium.sh
source scripts/postgres.sh
source scripts/redis.sh
trap 'postgres_stop; redis_stop' EXIT
postgres_start
redis_start

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
dotnet build Portal.sln -c "$configuration" -nologo -clp:ErrorsOnly

rm -rf "$results"
set +e
dotnet test Portal.Tests/Portal.Tests.csproj -c "$configuration" --no-build \
  --logger "trx;LogFileName=portal.trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?
set -e

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  echo "No TRX results were written." >&2
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi
counter() { grep -o "<Counters [^>]*" "$trx" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*"; }
total=$(counter total)
passed=$(counter passed)
failed=$(( $(counter failed) + $(counter error) + $(counter timeout) + $(counter aborted) ))
skipped=$(( total - passed - failed ))
if [ "$total" -eq 0 ]; then
  echo "Tests: 0 passed, 1 failed (no test ran)"
  exit 1
fi
summary="Tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  summary="Tests: $passed passed, $failed failed (the test run itself failed)"
fi
echo "$summary"
[ "$failed" -eq 0 ]
