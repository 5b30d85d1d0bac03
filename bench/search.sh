#!/usr/bin/env bash
# Search benchmark (issue 5): SQLite, COUNT articles of generated Arabic text.
#
#   bash bench/search.sh                       # 100,000 articles, ~15 min on 2 cores
#   COUNT=5000 DURATION=5 bash bench/search.sh # a quick check
#
# Steps: publish (Release) -> fresh data dir, first start (migrations, demo content) -> `search generate`
# (bulk articles, not indexed) -> `search rebuild --restart` (indexing rate) -> `search bench` (QUERIES
# in-process searches of 1-3 words: p50/p95/p99) -> the site under wrk on /search with rotating queries.
# The measured steps (rebuild, query latency, wrk) run together while holding `flock /tmp/nashir-bench.lock`
# (the machine is shared), each under `timeout`; the unmeasured ones (publish, generating articles) run under
# `nice -n 19` without the lock. Only the processes this script starts are stopped, by PID.
#
# Settings (environment): COUNT=100000 QUERIES=1000 PORT=5090 DURATION=20 CONNS=32 THREADS=2 KEEP=0 WORKDIR=
#   REUSE=1 with WORKDIR=<a kept dir> skips publish and generation (re-measures the same articles);
#   REBUILD=0 then also skips the rebuild (the index is kept too).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
COUNT="${COUNT:-100000}"
QUERIES="${QUERIES:-1000}"
PORT="${PORT:-5090}"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-2}"
KEEP="${KEEP:-0}"
LOCK=/tmp/nashir-bench.lock
WORK="${WORKDIR:-$(mktemp -d /tmp/nashir-search-bench.XXXXXX)}"; mkdir -p "$WORK"
PUB="$WORK/publish"; DATA="$WORK/data"
RESULTS="$HERE/results"; mkdir -p "$RESULTS"
REPORT="$RESULTS/search-$(date -u +%Y%m%dT%H%M%SZ).md"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
APP_PID=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then kill -TERM "$APP_PID"; wait "$APP_PID" 2>/dev/null; fi
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

export Nashir__DataDirectory="$DATA" Nashir__Admin__Password="bench-admin-password-1" Nashir__Site__Url="http://127.0.0.1:$PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 Logging__LogLevel__Default=Warning
site() { (cd "$PUB" && dotnet Nashir.Web.dll "$@"); }

if [ "${REUSE:-0}" != 1 ]; then
  log "publish (Release) -> $PUB"
  nice -n 19 timeout 600 dotnet publish "$ROOT/src/Nashir.Web" -c Release -o "$PUB" --nologo -v quiet >/dev/null
  cp "$HERE/vocabulary.txt" "$WORK/vocabulary.txt"
  log "generate $COUNT articles"
  nice -n 19 timeout 1800 bash -c "cd '$PUB' && dotnet Nashir.Web.dll search generate --count $COUNT --vocabulary '$WORK/vocabulary.txt'" | tail -n 1
fi

exec 9>"$LOCK"
log "waiting for $LOCK"
flock 9
if [ "${REBUILD:-1}" = 1 ]; then
  log "rebuild the index"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  INDEXING=$(timeout 1800 /usr/bin/time -f "CPU %U s user + %S s system" -o "$WORK/rebuild.time" bash -c "cd '$PUB' && dotnet Nashir.Web.dll search rebuild --restart" | tail -n 1)
  INDEXING="$INDEXING $(cat "$WORK/rebuild.time"); load avg before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
else
  INDEXING="not measured in this run (REBUILD=0)"
fi
echo "$INDEXING"
DBSIZE=$(du -sh "$DATA" | cut -f1)

log "query latency ($QUERIES queries)"
timeout 900 bash -c "cd '$PUB' && dotnet Nashir.Web.dll search bench --queries $QUERIES --vocabulary '$WORK/vocabulary.txt'" > "$WORK/latency.txt"
LATENCY=$(tail -n 3 "$WORK/latency.txt")
# The tail profile: the slowest 5% of the queries, each with its stages, and what they have in common.
TAIL=$(head -n -3 "$WORK/latency.txt")
LOAD_QUERIES=$(cut -d' ' -f1-3 /proc/loadavg)
echo "$LATENCY"

log "search page under wrk -t$THREADS -c$CONNS -d${DURATION}s"
# Rotating over 1,000 distinct 1-3 word queries from the vocabulary, URL-encoded. Run twice: as readers get it
# (output cache: each query is computed once a minute, as the day's popular searches are), and uncached (a site
# cookie bypasses the output cache), where every request runs the search.
python3 - "$WORK/vocabulary.txt" > "$WORK/queries.lua" <<'PY'
import random, sys, urllib.parse
words = open(sys.argv[1], encoding="utf-8").read().split()
random.seed(7)
qs = set()
while len(qs) < 1000: qs.add(" ".join(random.choice(words) for _ in range(random.randint(1, 3))))
qs = sorted(qs)
random.shuffle(qs)
print("local q = {" + ",".join('"/search?q=' + urllib.parse.quote(x) + '"' for x in qs) + "}")
print("local i = 0\nrequest = function() i = i % #q + 1; return wrk.format('GET', q[i]) end")
# Output-cache hits are the responses with an Age header; each wrk thread counts its own, done() adds them up.
print("""
local threads = {}
function setup(thread) table.insert(threads, thread) end
hits, responses = 0, 0
response = function(status, headers, body)
  responses = responses + 1
  if headers["Age"] or headers["age"] then hits = hits + 1 end
end
done = function(summary, latency, requests)
  local h, n = 0, 0
  for _, t in ipairs(threads) do h = h + t:get("hits"); n = n + t:get("responses") end
  io.write(string.format("output cache hits: %d of %d responses (%.1f%%)\\n", h, n, n > 0 and 100 * h / n or 0))
end""")
PY
(cd "$PUB" && exec dotnet Nashir.Web.dll --urls "http://127.0.0.1:$PORT" > "$WORK/app.log" 2>&1) &
APP_PID=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/search?q=test" && break; sleep 0.2; done
# Warm-up: every query once (8 at a time), which is also the first reader of each.
python3 - "$WORK/queries.lua" "$PORT" <<'PY'
import re, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
paths = re.findall(r'"(/search\?q=[^"]*)"', open(sys.argv[1], encoding="utf-8").read())
def get(p):
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}{p}", timeout=60) as r: r.read()
with ThreadPoolExecutor(8) as pool: list(pool.map(get, paths))
PY
# The app's CPU time (user + system, from /proc) per request served: the cost of a page whatever the load.
app_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$APP_PID/stat"; }
cpu_per_request() { awk -v a="$1" -v b="$2" -v n="$(awk '/requests in/ {print $1}' <<<"$3")" 'BEGIN {printf "%.2f ms CPU per request", (b - a) * 1000 / n}'; }
CPU0=$(app_cpu)
WRK=$(bash -c "timeout $((DURATION + 30)) wrk -t$THREADS -c$CONNS -d${DURATION}s --latency --timeout 10s -s '$WORK/queries.lua' 'http://127.0.0.1:$PORT'")
echo "$WRK"
CPU1=$(app_cpu)
RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$WRK"); RPS="$RPS req/s, $(cpu_per_request "$CPU0" "$CPU1" "$WRK"), $(grep -o 'output cache hits.*' <<<"$WRK")"
LOAD_CACHED=$(cut -d' ' -f1-3 /proc/loadavg)
UNCACHED=$(timeout $((DURATION + 30)) wrk -t$THREADS -c$CONNS -d${DURATION}s --latency --timeout 10s -H 'Cookie: nashir.bench=1' -s "$WORK/queries.lua" "http://127.0.0.1:$PORT")
echo "$UNCACHED"
CPU2=$(app_cpu)
UNCACHED_RPS="$(awk '/Requests\/sec/ {print $2}' <<<"$UNCACHED") req/s, $(cpu_per_request "$CPU1" "$CPU2" "$UNCACHED")"
LOAD_UNCACHED=$(cut -d' ' -f1-3 /proc/loadavg)
flock -u 9

{
  echo "# Search benchmark, $(date -u +%FT%TZ), $(nproc) cores, SQLite, $COUNT articles ($DBSIZE data dir)"
  echo
  echo "| figure | result |"
  echo "|---|---|"
  echo "| indexing (search rebuild) | $INDEXING |"
  echo "| query latency (search bench, in-process; load avg after: $LOAD_QUERIES) | ${LATENCY//$'\n'/<br>} |"
  echo "| /search under wrk -t$THREADS -c$CONNS -d${DURATION}s, 1,000 distinct queries, output cache (load avg after: $LOAD_CACHED) | $RPS |"
  echo "| /search under wrk -t$THREADS -c$CONNS -d${DURATION}s, 1,000 distinct queries, uncached (load avg after: $LOAD_UNCACHED) | $UNCACHED_RPS |"
  echo
  echo '```'; echo "$WRK"; echo; echo "uncached:"; echo "$UNCACHED"; echo '```'
  echo; echo "Query latency tail (search bench):"; echo '```'; echo "$TAIL"; echo '```'
} | tee "$REPORT"
log "report: $REPORT"
