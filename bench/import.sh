#!/usr/bin/env bash
# WordPress import benchmark (issue 7): a generated WXR of N posts with 3 comments each, imported on SQLite by the
# published CLI (`dotnet Nashir.Web.dll import wordpress …`, Release), for each N in COUNTS; reports posts/s (from the
# command's own report) and the process's peak RSS (GNU time), so streaming shows as RSS that does not grow with N.
#
#   bash bench/import.sh                    # 10,000 and 100,000 posts (30,000 / 300,000 comments)
#   COUNTS="2000" bash bench/import.sh      # a quick check
#
# Unmeasured steps (publish, generating the exports) run under `nice -n 19`; each measured import holds
# `flock /tmp/nashir-bench.lock` (the machine is shared) under `timeout`. Results: bench/results/import-<time>.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
COUNTS="${COUNTS:-10000 100000}"
COMMENTS="${COMMENTS:-3}"
LIMIT="${LIMIT:-3600}"
KEEP="${KEEP:-0}"
# Another session's long benchmark may hold the lock for an hour: LOCK="nice -n 19" measures CPU per post meanwhile
# (using only idle CPU: its wall clock means nothing then, and the report says so).
LOCK="${LOCK:-flock /tmp/nashir-bench.lock}"
WORK="${WORKDIR:-$(mktemp -d /tmp/nashir-import-bench.XXXXXX)}"; mkdir -p "$WORK"
RESULTS="$HERE/results"; mkdir -p "$RESULTS"
REPORT="$RESULTS/import-$(date -u +%Y%m%dT%H%M%SZ).md"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
cleanup() { if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

log "publishing (Release) to $WORK/publish"
nice -n 19 dotnet publish "$ROOT/src/Nashir.Web" -c Release -o "$WORK/publish" --nologo -v quiet >/dev/null

{
  echo "# WordPress import benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "SQLite, published Release build, ${COMMENTS} comments per post; $(nproc) cores, load before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine); imports run under \`$LOCK\`."
  echo
  echo "| posts | comments | export size | time | posts/s | peak RSS | CPU (user+sys) | CPU per post | converting / storing | load (1 min) after |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$REPORT"

for n in $COUNTS; do
  export_file="$WORK/wxr-$n.xml"
  log "generating $n posts"
  nice -n 19 python3 "$HERE/wxr-generate.py" "$n" "$COMMENTS" > "$export_file"
  data="$WORK/data-$n"; rm -rf "$data"; mkdir -p "$data"
  log "importing $n posts (waiting for the bench lock)"
  (
    cd "$data"
    Nashir__DataDirectory="$data" Nashir__DemoContent=false Logging__LogLevel__Default=Warning \
      $LOCK timeout "$LIMIT" /usr/bin/time -v -o "$data/time.txt" \
      dotnet "$WORK/publish/Nashir.Web.dll" import wordpress "$export_file" > "$data/import.log" 2>&1
  )
  rate=$(grep -oE '[0-9,]+ articles/s' "$data/import.log" | tail -1 | cut -d' ' -f1)
  seconds=$(grep -oE '^[0-9.]+ s,' "$data/import.log" | tail -1 | cut -d' ' -f1)
  # The command's own split: the first stage (reading, converting) and the second (storing) run at the same time.
  stages=$(grep -oE 'converting [0-9.]+ s, storing [0-9.]+ s' "$data/import.log" | tail -1 | grep -oE '[0-9.]+' | paste -sd/ | sed 's|/| s / |; s|$| s|')
  rss_kb=$(grep 'Maximum resident set size' "$data/time.txt" | awk '{print $NF}')
  # CPU time barely depends on what else runs on the machine, unlike the wall clock: compare runs by it.
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$data/time.txt")
  cpu_ms=$(awk -v c="$cpu" -v n="$n" 'BEGIN {printf "%.2f", c * 1000 / n}')
  size=$(du -h "$export_file" | cut -f1)
  if [ -z "$rate" ]; then log "import of $n posts failed:"; tail -20 "$data/import.log" >&2; fi
  echo "| $n | $((n * COMMENTS)) | $size | ${seconds} s | $rate | $((rss_kb / 1024)) MB | ${cpu} s | ${cpu_ms} ms | ${stages} | $(cut -d' ' -f1 /proc/loadavg) |" >> "$REPORT"
  log "$n posts: $rate posts/s, peak RSS $((rss_kb / 1024)) MB, CPU ${cpu_ms} ms/post"
  rm -f "$export_file"
done
cat "$REPORT"
