#!/usr/bin/env bash
# Social auto-publish figures (issue #4), against the emulated Mastodon on 127.0.0.1, the site as its own process on SQLite:
#   - publish -> first request at the emulator, p50/p95 (target p95 < 1 s), no delay configured;
#   - 1,000 queued jobs drained by one node (target >= 200 jobs/s).
#   bash bench/social.sh          (LATENCY_PUBLISHES=60 DRAIN_JOBS=1000)
# Also runs the full-size kill-and-restart fault test (200 articles x X/Mastodon/Bluesky, 10 SIGKILLs, 20% faults)
# unless FAULT=0. Serialised with other benchmarks by /tmp/nashir-bench.lock; every wait is bounded.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
rm -f /tmp/nashir-social-bench.txt
dotnet build -c Release tests/Nashir.Tests -v q -nologo >/dev/null
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
flock /tmp/nashir-bench.lock timeout 900 dotnet test -c Release --no-build tests/Nashir.Tests \
  --filter "FullyQualifiedName~Nashir.Tests.Bench.SocialBench" -- xUnit.Explicit=only >/tmp/nashir-social-bench.log 2>&1 \
  || { tail -40 /tmp/nashir-social-bench.log; exit 1; }
cat /tmp/nashir-social-bench.txt
if [[ "${FAULT:-1}" == 1 ]]; then
  start=$(date +%s)
  flock /tmp/nashir-bench.lock timeout 900 dotnet test -c Release --no-build tests/Nashir.Tests \
    --filter "FullyQualifiedName~SocialCrashTests" >/tmp/nashir-social-fault.log 2>&1 || { tail -40 /tmp/nashir-social-fault.log; exit 1; }
  echo "fault test (NASHIR_CRASH_ARTICLES=${NASHIR_CRASH_ARTICLES:-200}, NASHIR_CRASH_KILLS=${NASHIR_CRASH_KILLS:-10}): passed in $(( $(date +%s) - start )) s"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
