#!/usr/bin/env bash
# Issue 6 figures: the cached seed article against nginx serving the same bytes, the uncached render,
# the RSS feed, a publishing spike, and streaming every sitemap with flat memory.
#
#   flock /tmp/nashir-bench.lock bash bench/feeds.sh      (the script takes the lock itself if run without it)
#
# Steps: publish (Release) -> fresh data dir, first start (seed article) -> `demo generate --count $ARTICLES`
# -> start -> wrk (browser User-Agent, so reads are counted as for real readers):
#   a. cached seed article, b. nginx (from apt, own config on 127.0.0.1:$NGINX_PORT, same bytes as a static
#   file), c. uncached seed article (a site cookie bypasses the output cache), a-c in $ROUNDS alternating rounds,
#   d. /feed (50 items, cached)
# -> spike: wrk -c$SPIKE_CONNS on / while 10 articles are published through the API, each polled on / until it
#   shows (limit 2 s) -> every article sitemap streamed, VmRSS sampled (growth over the value before).
#
# Settings (environment): PORT=5090 NGINX_PORT=5091 ARTICLES=100000 DURATION=15 WARMUP=20 THREADS=2 CONNS=64
#   ROUNDS=5 SPIKE_CONNS=200 SPIKE_DURATION=25 KEEP=0 WORKDIR=
# Only 127.0.0.1 is load-tested; every wait and loop is bounded. Only what the script started is stopped, by PID.
set -euo pipefail

if [ "${NASHIR_BENCH_LOCKED:-}" != 1 ]; then
  export NASHIR_BENCH_LOCKED=1
  # Other engineers benchmark on this machine too: one benchmark at a time.
  exec flock /tmp/nashir-bench.lock bash "$0" "$@"
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-5090}"; NGINX_PORT="${NGINX_PORT:-5091}"
ARTICLES="${ARTICLES:-100000}"
DURATION="${DURATION:-15}"; WARMUP="${WARMUP:-20}"; THREADS="${THREADS:-2}"; CONNS="${CONNS:-64}"; ROUNDS="${ROUNDS:-5}"
SPIKE_CONNS="${SPIKE_CONNS:-200}"; SPIKE_DURATION="${SPIKE_DURATION:-25}"
KEEP="${KEEP:-0}"

UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
SEED_HEADLINE='البيت الأبيض يكشف تفاصيل مباحثات جو بايدن مع أمين عام حلف الناتو'
TOKEN="nsr_bench-token-$(date +%s)-0123456789abcdef"
BASE="http://127.0.0.1:$PORT"; NGINX_BASE="http://127.0.0.1:$NGINX_PORT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results"; mkdir -p "$RESULTS"
REPORT="$RESULTS/feeds-$STAMP.md"; RAW="$RESULTS/feeds-$STAMP.raw.txt"; : > "$RAW"
WORK="${WORKDIR:-$(mktemp -d /tmp/nashir-bench.XXXXXX)}"; mkdir -p "$WORK"
PUB="$WORK/publish"; DATA="$WORK/data"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

APP_PID=""; NGINX_PID=""; SAMPLER_PID=""; SPIKE_PID=""
stop_pid() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  for pid in "$SAMPLER_PID" "$SPIKE_PID" "$NGINX_PID" "$APP_PID"; do stop_pid "$pid"; done
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl dotnet wrk nginx; do command -v "$tool" >/dev/null || die "$tool is missing (apt-get install wrk nginx)"; done
for p in "$PORT" "$NGINX_PORT"; do
  if ss -ltn 2>/dev/null | awk '{print $4}' | grep -qE "(^|:)$p\$"; then die "port $p is in use"; fi
done

start_app() {
  ( cd "$PUB" && exec dotnet Nashir.Web.dll --urls "$BASE" ) >> "$WORK/app.log" 2>&1 &
  APP_PID=$!
}
wait_200() { # $1 url, $2 seconds
  local end=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$end" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true)" = 200 ] && return 0
    kill -0 "$APP_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# wrk_run LABEL URL [extra wrk args...] -> sets RPS P50 P99 N2 SE; appends the raw output
wrk_run() {
  local label="$1" url="$2" out; shift 2
  [ "${WARM:-1}" = 0 ] || timeout $((WARMUP + 20)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "User-Agent: $UA" "$@" "$url" >/dev/null 2>&1 || true
  out=$(timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -H "User-Agent: $UA" "$@" "$url") || out=""
  { echo "=== $label ($(date -u +%H:%M:%S)Z, load $(cut -d' ' -f1-3 /proc/loadavg))"; echo "$out"; echo; } >> "$RAW"
  RPS=$(echo "$out" | awk '/^Requests\/sec/{printf "%.0f", $2}'); RPS=${RPS:-0}
  P50=$(echo "$out" | awk '$1=="50%"{print $2}'); P99=$(echo "$out" | awk '$1=="99%"{print $2}')
  N2=$(echo "$out" | awk '/Non-2xx/{print $NF}'); N2=${N2:-0}
  SE=$(echo "$out" | awk -F'Socket errors: ' '/Socket errors/{print $2}'); SE=${SE:-none}
  log "$label: $RPS req/s (p50 $P50, p99 $P99, non-2xx $N2, socket errors $SE)"
}

# ------------------------------------------------------------------ 1. build, data
# As deployed (ReadyToRun, like article.sh). The warm-up is long because tiered JIT with PGO still recompiles hot
# code for ~15 s under load; measured before that, the figure is the JIT's, not the server's.
log "publishing (Release, ReadyToRun) to $PUB"
(cd "$ROOT" && timeout 900 dotnet publish src/Nashir.Web -c Release -r linux-x64 --self-contained false -o "$PUB" -nologo -v q) > "$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log" >&2; die "dotnet publish failed"; }
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
export Nashir__DataDirectory="$DATA" Nashir__Site__Url="$BASE" Nashir__Api__BootstrapToken="$TOKEN"
export Nashir__Admin__Password="bench-$(date +%s)-password"
mkdir -p "$DATA"
log "first start (migrations, demo content)"
start_app; wait_200 "$BASE/" 120 || die "first start failed; see $WORK/app.log"
SEED_PATH=$(curl -s "$BASE/api/v1/articles?pageSize=100" | python3 -c '
import json, sys, urllib.parse
for item in json.load(sys.stdin)["items"]:
    if item["headline"] == sys.argv[1]: print(urllib.parse.urlsplit(item["url"]).path); break
' "$SEED_HEADLINE" || true)
[ -n "$SEED_PATH" ] || die "seed article not found through the API"
stop_pid "$APP_PID"; APP_PID=""
log "demo generate --count $ARTICLES"
t0=$(now_ms)
(cd "$PUB" && timeout 3600 dotnet Nashir.Web.dll demo generate --count "$ARTICLES") > "$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log" >&2; die "demo generate failed"; }
GEN_S=$(( ($(now_ms) - t0) / 1000 ))
start_app; wait_200 "$BASE$SEED_PATH" 120 || die "start failed; see $WORK/app.log"
TOTAL=$(curl -s "$BASE/api/v1/articles?pageSize=1" | grep -o '"total":[0-9]*' | cut -d: -f2)
log "$TOTAL live articles (generated in ${GEN_S}s); seed article $SEED_PATH"

# ------------------------------------------------------------------ 2. cached article vs nginx, uncached, RSS
mkdir -p "$WORK/static" "$WORK/nginx/logs"
chmod 755 "$WORK" "$WORK/static"   # nginx workers run unprivileged; mktemp -d is private
curl -s -A "$UA" "$BASE$SEED_PATH" -o "$WORK/static/article.html"
ARTICLE_BYTES=$(stat -c %s "$WORK/static/article.html")
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy; fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/static;
    location = /article.html { default_type "text/html; charset=utf-8"; }
  }
}
CONF
nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" > "$WORK/nginx/stdout.log" 2>&1 & NGINX_PID=$!
end=$(( $(date +%s) + 10 )); until curl -s -o /dev/null "$NGINX_BASE/article.html" || [ "$(date +%s)" -ge "$end" ]; do sleep 0.1; done
NGINX_BYTES=$(curl -s "$NGINX_BASE/article.html" | wc -c)

# This machine's speed drifts by ±20 % within minutes (a shared VM), so one window per server would mostly measure
# the drift: they are measured in alternating rounds, and each figure is the median of its rounds (the ratio the
# median of the rounds' ratios). Each one's first round follows its warm-up.
median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
# The uncached render (a site cookie marks a per-visitor request: the output cache neither serves nor stores it) takes
# its turn in each round too: in one window of its own, it measured the drift as much as the render.
CACHED_ROUNDS=""; NGINX_ROUNDS=""; RATIO_ROUNDS=""; UNCACHED_ROUNDS=""
for round in $(seq 1 "$ROUNDS"); do
  warm=$([ "$round" = 1 ] && echo 1 || echo 0)   # as a prefix only: the later runs keep their own warm-up
  WARM=$warm wrk_run "Nashir cached article, round $round" "$BASE$SEED_PATH"; A=("$RPS" "$P50" "$P99" "$N2" "$SE")
  WARM=$warm wrk_run "nginx static, same bytes, round $round" "$NGINX_BASE/article.html"; X=("$RPS" "$P50" "$P99" "$N2" "$SE")
  WARM=$warm wrk_run "Nashir uncached article, round $round" "$BASE$SEED_PATH" -H "Cookie: nashir.bench=1"; U=("$RPS" "$P50" "$P99" "$N2" "$SE")
  CACHED_ROUNDS+=" ${A[0]}"; NGINX_ROUNDS+=" ${X[0]}"; UNCACHED_ROUNDS+=" ${U[0]}"
  CACHED_N2=$((${CACHED_N2:-0} + A[3])); NGINX_N2=$((${NGINX_N2:-0} + X[3])); UNCACHED_N2=$((${UNCACHED_N2:-0} + U[3]))
  RATIO_ROUNDS+=" $(awk -v a="${A[0]}" -v x="${X[0]}" 'BEGIN{ printf "%.0f", (x>0 ? a*100/x : 0) }')"
done
A[0]=$(echo "$CACHED_ROUNDS" | median); X[0]=$(echo "$NGINX_ROUNDS" | median); RATIO=$(echo "$RATIO_ROUNDS" | median)
U[0]=$(echo "$UNCACHED_ROUNDS" | median)
A[3]=$CACHED_N2; X[3]=$NGINX_N2; U[3]=$UNCACHED_N2
stop_pid "$NGINX_PID"; NGINX_PID=""
FEED_ITEMS=$(curl -s "$BASE/feed" | grep -o '<item>' | wc -l)
FEED_BYTES=$(curl -s "$BASE/feed" | wc -c)
wrk_run "Nashir RSS /feed ($FEED_ITEMS items)" "$BASE/feed"; F=("$RPS" "$P50" "$P99" "$N2" "$SE")
# Feed readers ask for gzip; the cache keeps the compressed bytes, so this is what aggregators get.
FEED_GZ_BYTES=$(curl -s -H 'Accept-Encoding: gzip' "$BASE/feed" | wc -c)
wrk_run "Nashir RSS /feed gzip" "$BASE/feed" -H "Accept-Encoding: gzip"; G=("$RPS" "$P50" "$P99" "$N2" "$SE")

# ------------------------------------------------------------------ 3. spike: readers on home while an editor publishes
# One publish before the spike, as the wrk warm-ups do for reads: the write path is compiled on first use.
curl -s -o /dev/null --max-time 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"headline":"خبر تمهيدي قبل الاختبار","body":"<p>نص تمهيدي.</p>","status":"published"}' "$BASE/api/v1/articles" || true
log "spike: $SPIKE_CONNS connections on / for ${SPIKE_DURATION}s, 10 publishes"
( timeout $((SPIKE_DURATION + 30)) wrk -t"$THREADS" -c"$SPIKE_CONNS" -d"${SPIKE_DURATION}s" --timeout 10s --latency -H "User-Agent: $UA" "$BASE/" > "$WORK/spike.txt" 2>&1 ) & SPIKE_PID=$!
sleep 3
VISIBLE=(); MISSED=0; PUBLISH_FAILED=0
for i in $(seq 1 10); do
  marker="spike-$STAMP-$i"
  body="{\"headline\":\"عاجل: خبر الاختبار رقم $i $marker\",\"body\":\"<p>نص الخبر العاجل رقم $i.</p>\",\"status\":\"published\"}"
  t0=$(now_ms)
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/articles" || true)
  [ "$code" = 201 ] || { PUBLISH_FAILED=$((PUBLISH_FAILED + 1)); log "publish $i answered $code"; continue; }
  seen=""
  while [ $(( $(now_ms) - t0 )) -lt 5000 ]; do
    if curl -s --max-time 5 -A "$UA" "$BASE/" | grep -qF "$marker"; then seen=$(( $(now_ms) - t0 )); break; fi
    sleep 0.05
  done
  if [ -n "$seen" ]; then VISIBLE+=("$seen"); else MISSED=$((MISSED + 1)); fi
  log "publish $i: visible on / after ${seen:-(not within 5 s)} ms"
  sleep 1
done
wait "$SPIKE_PID" 2>/dev/null || true; SPIKE_PID=""
{ echo "=== spike on / ($SPIKE_CONNS connections)"; cat "$WORK/spike.txt"; echo; } >> "$RAW"
S_RPS=$(awk '/^Requests\/sec/{printf "%.0f", $2}' "$WORK/spike.txt"); S_N2=$(awk '/Non-2xx/{print $NF}' "$WORK/spike.txt"); S_N2=${S_N2:-0}
S_SE=$(awk -F'Socket errors: ' '/Socket errors/{print $2}' "$WORK/spike.txt"); S_SE=${S_SE:-none}
S_P99=$(awk '$1=="99%"{print $2}' "$WORK/spike.txt")
VIS_MAX=$(printf '%s\n' "${VISIBLE[@]:-0}" | sort -n | tail -1)
VIS_ALL=$(IFS=,; echo "${VISIBLE[*]:-}")

# ------------------------------------------------------------------ 4. every sitemap, streamed; memory
sleep 5
RSS_BEFORE=$(rss_kb "$APP_PID")
( peak=0; end=$(( $(date +%s) + 900 ))
  trap 'echo "$peak" > "$WORK/sitemap-peak"; exit 0' TERM
  while [ "$(date +%s)" -lt "$end" ] && kill -0 "$APP_PID" 2>/dev/null; do
    r=$(rss_kb "$APP_PID"); [ "${r:-0}" -gt "$peak" ] && peak=$r; echo "$peak" > "$WORK/sitemap-peak"; sleep 0.2
  done ) & SAMPLER_PID=$!
t0=$(now_ms)
curl -s "$BASE/sitemap.xml" -o "$WORK/sitemap.xml"
FILES=$(grep -o '<loc>[^<]*</loc>' "$WORK/sitemap.xml" | sed 's/<[^>]*>//g')
SM_FILES=0; SM_URLS=0; SM_BYTES=0; SM_BAD=0
for loc in $FILES; do
  out=$(curl -s --max-time 120 -w '\n%{http_code} %{size_download}' "$loc")
  read -r code size <<< "$(echo "$out" | tail -1)"
  [ "$code" = 200 ] || SM_BAD=$((SM_BAD + 1))
  SM_FILES=$((SM_FILES + 1)); SM_BYTES=$((SM_BYTES + size)); SM_URLS=$((SM_URLS + $(echo "$out" | grep -o '<url>' | wc -l)))
done
SM_S=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN{printf "%.1f", ms/1000}')
stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
RSS_PEAK=$(cat "$WORK/sitemap-peak" 2>/dev/null || echo 0)
GROWTH_MB=$(( (RSS_PEAK - RSS_BEFORE) / 1024 )); [ "$GROWTH_MB" -lt 0 ] && GROWTH_MB=0
log "sitemaps: $SM_FILES files, $SM_URLS URLs, $((SM_BYTES / 1024 / 1024)) MB in ${SM_S}s; RSS ${RSS_BEFORE} kB -> peak ${RSS_PEAK} kB (+${GROWTH_MB} MB)"
APP_ERRORS=$(grep -cE '^(fail|crit):' "$WORK/app.log" || true)

pass() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN{ ok = (op=="<" ? v+0 < t+0 : (op=="<=" ? v+0 <= t+0 : v+0 >= t+0)); print (ok ? "PASS" : "FAIL") }'; }
cat > "$REPORT" <<MD
# Feeds, cache and spike benchmark — $STAMP

Commit \`$COMMIT\`, $(nproc) cores (shared), SQLite, $TOTAL live articles (\`demo generate --count $ARTICLES\` in ${GEN_S}s).
wrk \`-t$THREADS -c$CONNS -d${DURATION}s --timeout 10s\` after ${WARMUP}s warm-up, browser User-Agent (reads counted).

| target | req/s | p50 | p99 | non-2xx | socket errors | goal |
|---|---:|---:|---:|---:|---|---|
| cached seed article ($ARTICLE_BYTES bytes) | ${A[0]} | ${A[1]} | ${A[2]} | ${A[3]} | ${A[4]} | ≥ 20,000: $(pass "${A[0]}" 20000 ">=") |
| nginx, same bytes as a static file ($NGINX_BYTES bytes) | ${X[0]} | ${X[1]} | ${X[2]} | ${X[3]} | ${X[4]} | |
| Nashir / nginx | ${RATIO}% | | | | | ≥ 60%: $(pass "$RATIO" 60 ">=") |
| uncached seed article (site cookie) | ${U[0]} | ${U[1]} | ${U[2]} | ${U[3]} | ${U[4]} | ≥ 5,000: $(pass "${U[0]}" 5000 ">=") |
| RSS \`/feed\`, $FEED_ITEMS items, $FEED_BYTES bytes, cached | ${F[0]} | ${F[1]} | ${F[2]} | ${F[3]} | ${F[4]} | ≥ 10,000: $(pass "${F[0]}" 10000 ">=") |
| same with \`Accept-Encoding: gzip\` ($FEED_GZ_BYTES bytes) | ${G[0]} | ${G[1]} | ${G[2]} | ${G[3]} | ${G[4]} | ≥ 10,000: $(pass "${G[0]}" 10000 ">=") |

Cached article, nginx and uncached article: medians of $ROUNDS alternating rounds (p50/p99 of the last round, non-2xx of all).
Rounds, req/s: Nashir cached [$(echo $CACHED_ROUNDS | tr ' ' ',')], nginx [$(echo $NGINX_ROUNDS | tr ' ' ',')],
Nashir / nginx [$(echo $RATIO_ROUNDS | tr ' ' ',')] %, Nashir uncached [$(echo $UNCACHED_ROUNDS | tr ' ' ',')].

**Spike**: wrk \`-c$SPIKE_CONNS -d${SPIKE_DURATION}s\` on \`/\` while 10 articles were published through the API:
$S_RPS req/s, p99 $S_P99, non-2xx $S_N2, socket errors $S_SE; publish failures $PUBLISH_FAILED; each publish visible on \`/\` after
[$VIS_ALL] ms (max $VIS_MAX ms; not within 5 s: $MISSED) — goal ≤ 2,000 ms and no failed request: $( [ "$MISSED" = 0 ] && [ "$PUBLISH_FAILED" = 0 ] && [ "$S_N2" = 0 ] && [ "$S_SE" = none ] && pass "$VIS_MAX" 2000 "<=" || echo FAIL).

**Sitemaps**: index + $SM_FILES sitemaps ($SM_URLS URLs, $((SM_BYTES / 1024 / 1024)) MB, non-200: $SM_BAD) streamed one after another in ${SM_S}s;
VmRSS ${RSS_BEFORE} kB before, peak ${RSS_PEAK} kB: growth ${GROWTH_MB} MB — goal < 50 MB: $(pass "$GROWTH_MB" 50 "<").
(SQLite with $TOTAL articles, not PostgreSQL with 1,000,000.)

App log lines at fail/crit: $APP_ERRORS. Raw wrk output: \`$(basename "$RAW")\`.
MD
cat "$REPORT"
