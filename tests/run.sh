#!/usr/bin/env bash
# The README's test command. Installs what the tests need (idempotently), runs every test project in the
# solution, and ends with one plain line summed over all projects: "N passed, M failed[, K skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Redis tests run against a real redis-server, which the tests start themselves on a free loopback port.
# The Kubernetes schema check (tests/Momentary.Deploy.Tests) runs deploy/kubernetes/validate under Node.js.
# The marketers' page is tested in Debian's headless Chromium (needs=browser), driven by Playwright's node driver, which
# ships in the Microsoft.Playwright NuGet package: no browser is downloaded.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server redis-tools)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/run.sh: installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
set +e
dotnet test Momentary.sln --nologo --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." .../>
# Skipped tests are the ones counted in total but not executed.
awk '
  /<Counters / {
    for (i = 1; i <= NF; i++) {
      if (match($i, /^(total|executed|passed|failed|error|timeout|aborted)="[0-9]+"/)) {
        split($i, kv, "=\""); gsub(/".*/, "", kv[2]); sum[kv[1]] += kv[2]
      }
    }
  }
  END {
    failed = sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"]
    skipped = sum["total"] - sum["executed"]
    line = sprintf("%d passed, %d failed", sum["passed"], failed)
    if (skipped > 0) line = line sprintf(", %d skipped", skipped)
    print line
  }' $(find "$results" -name '*.trx')
exit $status
