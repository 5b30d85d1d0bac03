#!/usr/bin/env bash
# Foundation benchmark of Nashir's seed article page, with real WordPress side by side in the same run.
#
#   bash bench/article.sh
#
# Steps: publish (Release) -> fresh data dir, first start (migrations + demo content, i.e. the seed
# article) -> `demo generate --count $COUNT` -> cold starts on the initialized database (time until
# the seed article answers 200) -> warm-up -> wrk on the seed article and on the home page (RSS
# sampled the whole time) -> WordPress anchor (setup.sh + seed.php, same wrk command) -> tables.
#
# Settings (environment):
#   PORT=5080            Nashir's port on 127.0.0.1 (must be free)
#   COUNT=10000          extra articles generated with the site's own `demo generate`
#   DURATION=20 CONNS=32 THREADS=2   wrk -t$THREADS -c$CONNS -d${DURATION}s --latency --timeout 10s
#   WARMUP=20            seconds of wrk warm-up before each measured target (tiered PGO recompiles hot code for ~15 s)
#   COLD_RUNS=3          cold starts measured (the last one stays up for the load tests)
#   QUIET_WAIT=30        before each wrk run, wait at most this long for other CPU use < 10%
#   WORDPRESS=1          0 skips the WordPress part
#   WP_HOME=1            0 skips WordPress's home page run
#   KEEP=0               1 keeps the temp dir (publish + data + logs)
#   WORKDIR=             temp dir to use (default: mktemp -d /tmp/nashir-bench.XXXXXX)
#
# Only 127.0.0.1 is load-tested; every wait/poll/load loop is bounded in time. Only processes and
# services this script started are stopped (by PID / by `service ... stop` for services it started).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
# ../shared beside the repository (the same layout on every machine and in CI).
WP_ANCHOR="${WP_ANCHOR:-$(cd "$HERE/../.." && pwd)/shared/anchors/wordpress}"

PORT="${PORT:-5080}"
COUNT="${COUNT:-10000}"
DURATION="${DURATION:-20}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-20}"
COLD_RUNS="${COLD_RUNS:-3}"
QUIET_WAIT="${QUIET_WAIT:-30}"
WORDPRESS="${WORDPRESS:-1}"
WP_HOME="${WP_HOME:-1}"
KEEP="${KEEP:-0}"

UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
SEED_HEADLINE='البيت الأبيض يكشف تفاصيل مباحثات جو بايدن مع أمين عام حلف الناتو'
BASE="http://127.0.0.1:$PORT"
WP_BASE="http://127.0.0.1:8080"
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results"; mkdir -p "$RESULTS"
REPORT="$RESULTS/article-$STAMP.md"
RAW="$RESULTS/article-$STAMP.raw.txt"
WORK="${WORKDIR:-$(mktemp -d /tmp/nashir-bench.XXXXXX)}"; mkdir -p "$WORK"
PUB="$WORK/publish"
DATA="$WORK/data"
: > "$RAW"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------ cleanup (runs on every exit)
APP_PID=""; SAMPLER_PID=""; WP_STARTED=()
stop_app() {
  local pid="$1" i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done   # max 10 s
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  stop_app "$APP_PID"
  for svc in "${WP_STARTED[@]}"; do log "stopping $svc (started by this script)"; service "$svc" stop >/dev/null 2>&1; done
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ tools
command -v curl >/dev/null || die "curl is missing"
command -v dotnet >/dev/null || die "dotnet is missing"
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  apt-get update >/dev/null && apt-get install -y -o DPkg::Lock::Timeout=600 --no-install-recommends wrk >/dev/null
fi
command -v wrk >/dev/null || die "wrk is missing"
if ss -ltn 2>/dev/null | awk '{print $4}' | grep -qE "(^|:)$PORT\$"; then die "port $PORT is in use; set PORT=..."; fi

# ------------------------------------------------------------------ helpers
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

to_ms() { # wrk duration ("812.33us", "15.2ms", "1.02s", "2.00m") -> ms
  awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub(/us$/,"",v); printf "%.2f", v/1000}
    else if (v ~ /ms$/) {sub(/ms$/,"",v); printf "%.2f", v}
    else if (v ~ /m$/)  {sub(/m$/,"",v);  printf "%.0f", v*60000}
    else if (v ~ /s$/)  {sub(/s$/,"",v);  printf "%.1f", v*1000} else print "n/a" }'
}

proc_jiffies() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }   # user nice system irq softirq steal
# CPU of the load generator and of the system under test: wrk, WordPress' processes, our app (by PID),
# plus this shell's finished children (wrk is counted there after it exits).
ours_jiffies() {
  local s
  s=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '{ c=$2; gsub(/[()]/,"",c); if (c ~ /^(php-fpm8\.2|mariadbd|nginx|wrk)$/) s+=$14+$15 } END{print s+0}')
  s=$(( s + $(awk '{print $16+$17}' /proc/$$/stat) ))
  [ -n "$APP_PID" ] && s=$(( s + $(proc_jiffies "$APP_PID") ))
  echo "$s"
}

wait_quiet() { # wait (bounded) until everything else uses < 10% of the CPUs over 1 s; prints that %
  local end=$(( $(date +%s) + QUIET_WAIT )) b0 o0 b1 o1 pct=0
  while :; do
    b0=$(busy_jiffies); o0=$(ours_jiffies); sleep 1; b1=$(busy_jiffies); o1=$(ours_jiffies)
    pct=$(( ( (b1-b0) - (o1-o0) ) * 100 / HZ / NCPU )); [ "$pct" -lt 0 ] && pct=0
    [ "$pct" -lt 10 ] && break
    [ "$(date +%s)" -ge "$end" ] && { log "machine still busy: other CPU ${pct}% after ${QUIET_WAIT}s wait; measuring anyway"; break; }
  done
  echo "$pct"
}

# Starts the app from its publish folder (content root = where appsettings.json is), returns at once.
start_app() {
  ( cd "$PUB" && exec dotnet Nashir.Web.dll --urls "$BASE" ) >> "$WORK/app.log" 2>&1 &
  APP_PID=$!
}

# Polls $1 every ~20 ms until HTTP 200, at most $2 seconds. Prints the ms since $3 (ms epoch) until
# that 200, and the ms until the port first accepted a connection (both from the start of the poll
# that got them), or "timeout"/"died".
wait_200() {
  local url="$1" limit_ms=$(( $2 * 1000 )) t0="$3" code ts listen=""
  while :; do
    ts=$(now_ms)
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -A "$UA" "$url" || true)
    if [ -z "$listen" ] && [ "$code" != 000 ]; then listen=$(( ts - t0 )); fi
    if [ "$code" = 200 ]; then echo "$(( $(now_ms) - t0 )) $listen"; return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "died"; return 1; }
    [ $(( $(now_ms) - t0 )) -gt "$limit_ms" ] && { echo "timeout"; return 1; }
    sleep 0.02
  done
}

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# Peak VmRSS of $1 sampled every 0.2 s for at most $2 seconds (or until killed) -> file $3.
rss_sampler() {
  local pid="$1" end=$(( $(date +%s) + $2 )) out="$3" peak=0 r
  trap 'echo "$peak" > "$out"; exit 0' TERM
  while [ "$(date +%s)" -lt "$end" ] && kill -0 "$pid" 2>/dev/null; do
    r=$(rss_kb "$pid"); r=${r:-0}; [ "$r" -gt "$peak" ] && peak=$r
    echo "$peak" > "$out"
    sleep 0.2
  done
  echo "$peak" > "$out"
}

# One measured wrk run. $1 = label, $2 = URL, $3 = pid of the server process (for its CPU; "" = none),
# any further arguments go to wrk (e.g. -H "Cookie: …").
# Sets W_RPS W_P50 W_P99 W_AVG W_MAX W_N2 W_SE W_REQS W_OTHER W_SRVCPU.
wrk_run() {
  local label="$1" url="$2" spid="$3" out b0 o0 s0 t0 b1 o1 s1 t1
  local extra=("${@:4}")
  W_OTHER=$(wait_quiet)
  b0=$(busy_jiffies); o0=$(ours_jiffies); s0=0; [ -n "$spid" ] && s0=$(proc_jiffies "$spid"); t0=$(date +%s.%N)
  out=$(timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -H "User-Agent: $UA" "${extra[@]}" "$url") \
    || { log "wrk failed for $label"; out=""; }
  b1=$(busy_jiffies); o1=$(ours_jiffies); s1=0; [ -n "$spid" ] && s1=$(proc_jiffies "$spid"); t1=$(date +%s.%N)
  { echo "=== $label  ($(date -u +%H:%M:%S)Z, load avg $(cut -d' ' -f1-3 /proc/loadavg))"; echo "$out"; echo; } >> "$RAW"
  W_RPS=$(echo "$out" | awk '/^Requests\/sec/{printf "%.0f", $2}'); W_RPS=${W_RPS:-0}
  W_REQS=$(echo "$out" | awk '/requests in/{print $1}'); W_REQS=${W_REQS:-0}
  W_AVG=$(to_ms "$(echo "$out" | awk '$1=="Latency"{print $2; exit}')")
  W_MAX=$(to_ms "$(echo "$out" | awk '$1=="Latency"{print $4; exit}')")
  W_P50=$(to_ms "$(echo "$out" | awk '$1=="50%"{print $2}')")
  W_P99=$(to_ms "$(echo "$out" | awk '$1=="99%"{print $2}')")
  W_N2=$(echo "$out" | awk '/Non-2xx/{print $NF}'); W_N2=${W_N2:-0}
  W_SE=$(echo "$out" | awk -F'Socket errors: ' '/Socket errors/{print $2}'); W_SE=${W_SE:-none}
  # other = everything except wrk, the servers and this script, in % of all cores (during the run)
  W_OTHER_RUN=$(awk -v b=$((b1-b0)) -v o=$((o1-o0)) -v t0="$t0" -v t1="$t1" -v hz="$HZ" -v n="$NCPU" \
    'BEGIN{ x=(b-o)/hz/(t1-t0)/n*100; if (x<0) x=0; printf "%.0f", x }')
  W_SRVCPU=$(awk -v s=$((s1-s0)) -v t0="$t0" -v t1="$t1" -v hz="$HZ" 'BEGIN{ printf "%.0f", s/hz/(t1-t0)*100 }')
  log "$label: ${W_RPS} req/s, p50 ${W_P50} ms, p99 ${W_P99} ms, non-2xx ${W_N2}, other CPU ${W_OTHER_RUN}%"
}

warmup() { # $1 = URL [extra wrk args...]; time-bounded warm-up; prints the number of requests it made
  local url="$1"; shift
  timeout $((WARMUP + 20)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "User-Agent: $UA" "$@" "$url" 2>/dev/null \
    | awk '/requests in/{print $1}' || echo 0
}

pass() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN{ ok = (op=="<" ? v+0 < t+0 : v+0 >= t+0); print (ok ? "PASS" : "FAIL") }'; }

# ------------------------------------------------------------------ 1. build
log "publishing src/Nashir.Web (Release) to $PUB"
(cd "$ROOT" && timeout 900 dotnet publish src/Nashir.Web -c Release -r linux-x64 --self-contained false -o "$PUB" -nologo -v q) > "$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log" >&2; die "dotnet publish failed"; }
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | wc -l || echo 0)

# ------------------------------------------------------------------ 2. fresh data dir, first start, 10,000 articles
export Nashir__DataDirectory="$DATA"
export Nashir__Site__Url="$BASE"
export Nashir__Admin__Password="${NASHIR_BENCH_ADMIN_PASSWORD:-bench-$(date +%s)-pw}"
mkdir -p "$DATA"

log "first start on an empty data dir (migrations + demo content)"
t0=$(now_ms); start_app
FIRST=$(wait_200 "$BASE/" 120 "$t0") || die "first start failed ($FIRST); see $WORK/app.log"
FIRST_MS=${FIRST% *}
API_JSON=$(curl -s --max-time 10 "$BASE/api/v1/articles?pageSize=100")
SEED_PATH=""
if command -v jq >/dev/null; then
  SEED_URL=$(echo "$API_JSON" | jq -r --arg h "$SEED_HEADLINE" '.items[] | select(.headline == $h) | .url' 2>/dev/null | head -1 || true)
else
  SEED_URL=$(echo "$API_JSON" | grep -o '"url":"[^"]*","headline":"[^"]*"' | grep -F "\"headline\":\"$SEED_HEADLINE\"" \
    | head -1 | sed 's/^"url":"\([^"]*\)".*/\1/' || true)
fi
[ -n "${SEED_URL:-}" ] && SEED_PATH="/${SEED_URL#*://*/}"
if [ -z "$SEED_PATH" ]; then   # fallback: first article link of the home page
  SEED_PATH=$(curl -s --max-time 10 -A "$UA" "$BASE/" | grep -oE 'href="/news/[0-9]+/[^"]*"' | head -1 | sed 's/^href="//; s/"$//' || true)
fi
[ -n "$SEED_PATH" ] || die "could not find the seed article"
log "seed article: $SEED_PATH"
stop_app "$APP_PID"; APP_PID=""

log "demo generate --count $COUNT"
t0=$(now_ms)
(cd "$PUB" && timeout 1200 dotnet Nashir.Web.dll demo generate --count "$COUNT") > "$WORK/generate.log" 2>&1 \
  || { cat "$WORK/generate.log" >&2; die "demo generate failed"; }
GEN_S=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN{printf "%.1f", ms/1000}')
DB_MB=$(du -sm "$DATA" | cut -f1)
log "generated $COUNT articles in ${GEN_S}s (data dir ${DB_MB} MB)"

# ------------------------------------------------------------------ 3. cold starts on the initialized database
COLD=(); LISTEN=()
for i in $(seq 1 "$COLD_RUNS"); do
  sync; sleep 1
  t0=$(now_ms); start_app
  r=$(wait_200 "$BASE$SEED_PATH" 60 "$t0") || die "cold start $i failed ($r); see $WORK/app.log"
  COLD+=("${r% *}"); LISTEN+=("${r#* }")
  log "cold start $i: ${r% *} ms to the first 200 of the seed article (port accepting after ~${r#* } ms)"
  if [ "$i" -lt "$COLD_RUNS" ]; then stop_app "$APP_PID"; APP_PID=""; fi
done
COLD_MED=$(printf '%s\n' "${COLD[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
COLD_FIRST=${COLD[0]}
RSS_IDLE=$(( $(rss_kb "$APP_PID") / 1024 ))

TOTAL=$(curl -s --max-time 10 "$BASE/api/v1/articles?pageSize=1" | grep -o '"total":[0-9]*' | cut -d: -f2 || true)
read -r SEED_CODE SEED_BYTES <<< "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 10 -A "$UA" "$BASE$SEED_PATH")"
read -r HOME_CODE HOME_BYTES <<< "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 10 -A "$UA" "$BASE/")"
[ "$SEED_CODE" = 200 ] || die "seed article answers $SEED_CODE"

# ------------------------------------------------------------------ 4-6. warm-up, wrk, RSS
SAMPLE_S=$(( 3 * (WARMUP + DURATION + QUIET_WAIT + 40) + 30 ))
rss_sampler "$APP_PID" "$SAMPLE_S" "$WORK/rss-peak" & SAMPLER_PID=$!
log "warm-up ${WARMUP}s (article)"; WARM_A=$(warmup "$BASE$SEED_PATH")
wrk_run "Nashir article" "$BASE$SEED_PATH" "$APP_PID"
N_A=("$W_RPS" "$W_P50" "$W_P99" "$W_AVG" "$W_MAX" "$W_N2" "$W_SE" "$W_REQS" "$W_OTHER_RUN" "$W_SRVCPU" "$W_OTHER")
# The same page rendered for every request: any site cookie (nashir.*) bypasses the output cache. Its own warm-up:
# the cached run never executes the render path, which would otherwise be JIT-compiled during the measurement.
log "warm-up ${WARMUP}s (article, uncached)"; warmup "$BASE$SEED_PATH" -H "Cookie: nashir.bench=1" >/dev/null
wrk_run "Nashir article, uncached" "$BASE$SEED_PATH" "$APP_PID" -H "Cookie: nashir.bench=1"
N_U=("$W_RPS" "$W_P50" "$W_P99" "$W_AVG" "$W_MAX" "$W_N2" "$W_SE" "$W_REQS" "$W_OTHER_RUN" "$W_SRVCPU" "$W_OTHER")
log "warm-up ${WARMUP}s (home)"; WARM_H=$(warmup "$BASE/")
wrk_run "Nashir home" "$BASE/" "$APP_PID"
N_H=("$W_RPS" "$W_P50" "$W_P99" "$W_AVG" "$W_MAX" "$W_N2" "$W_SE" "$W_REQS" "$W_OTHER_RUN" "$W_SRVCPU" "$W_OTHER")
sleep 5   # "after the run": RSS once the load has stopped
RSS_AFTER=$(( $(rss_kb "$APP_PID") / 1024 ))
HWM=$(( $(hwm_kb "$APP_PID") / 1024 ))
kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
RSS_PEAK=$(( $(cat "$WORK/rss-peak" 2>/dev/null || echo 0) / 1024 ))
[ "$RSS_AFTER" -gt "$RSS_PEAK" ] && RSS_PEAK=$RSS_AFTER
APP_ERRORS=$(grep -cE '^(fail|crit):' "$WORK/app.log" || true)
cp "$WORK/app.log" "$RESULTS/article-$STAMP.app.log"
stop_app "$APP_PID"; APP_PID=""

# ------------------------------------------------------------------ 7. WordPress, same machine, same run
WP_NOTE=""; WP_A=(); WP_H=()
wp_running() {
  case "$1" in
    mariadb) mysqladmin ping >/dev/null 2>&1 ;;
    php8.2-fpm) [ -f /run/php/php8.2-fpm.pid ] && kill -0 "$(cat /run/php/php8.2-fpm.pid)" 2>/dev/null ;;
    nginx) [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null ;;
  esac
}
if [ "$WORDPRESS" = 0 ]; then
  WP_NOTE="WordPress part skipped (WORDPRESS=0)."
elif [ ! -f "$WP_ANCHOR/setup.sh" ]; then
  WP_NOTE="WordPress part skipped: $WP_ANCHOR/setup.sh not found."
else
  WAS_DOWN=()
  for svc in mariadb php8.2-fpm nginx; do
    if ! wp_running "$svc" 2>/dev/null; then WAS_DOWN+=("$svc"); fi
  done
  log "WordPress: setup.sh (idempotent; the first run installs packages and may take minutes)"
  mkdir -p "$WORK/wp"
  WP_OK=1
  (cd "$WORK/wp" && timeout 1500 bash "$WP_ANCHOR/setup.sh") > "$WORK/wp/setup.log" 2>&1 || WP_OK=0
  # setup.sh starts the services itself; whatever was down before is ours to stop at the end
  for svc in "${WAS_DOWN[@]}"; do
    if wp_running "$svc"; then WP_STARTED+=("$svc"); fi
  done
  if [ "$WP_OK" = 1 ]; then
    for svc in mariadb php8.2-fpm nginx; do
      if ! wp_running "$svc"; then
        service "$svc" start >/dev/null 2>&1 || true
        if wp_running "$svc"; then WP_STARTED+=("$svc"); fi
      fi
    done
    log "WordPress: seed.php (idempotent)"
    (cd "$WORK/wp" && timeout 1200 php "$WP_ANCHOR/seed.php") > "$WORK/wp/seed.log" 2>&1 || WP_OK=0
  fi
  WP_SEED=""
  if [ "$WP_OK" = 1 ]; then   # the seed permalink, the way the anchor's bench.sh finds it
    WP_SEED=$(cd /tmp && timeout 60 php -r '$_SERVER["HTTP_HOST"]="127.0.0.1:8080"; require "/usr/share/wordpress/wp-load.php";
      $p = get_posts(array("meta_key"=>"_anchor_role","meta_value"=>"seed","fields"=>"ids"));
      echo wp_make_link_relative(get_permalink($p[0]));' 2>/dev/null || true)
  fi
  WP_CODE=""; [ -n "$WP_SEED" ] && WP_CODE=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -A "$UA" "$WP_BASE$WP_SEED" || true)
  if [ "$WP_OK" != 1 ] || [ -z "$WP_SEED" ] || [ "$WP_CODE" != 200 ]; then
    WP_NOTE="WordPress part skipped: setup/seed failed or the seed article did not answer 200 (see the logs in $WORK/wp; KEEP=1 keeps them)."
    cp "$WORK"/wp/*.log "$RESULTS/" 2>/dev/null || true
    log "$WP_NOTE"
  else
    WP_POSTS=$(cd /tmp && timeout 60 php -r '$_SERVER["HTTP_HOST"]="127.0.0.1:8080"; require "/usr/share/wordpress/wp-load.php"; echo wp_count_posts()->publish;' 2>/dev/null || echo "?")
    WP_BYTES=$(curl -s -o /dev/null -w '%{size_download}' --max-time 30 -A "$UA" "$WP_BASE$WP_SEED" || echo "?")
    log "WordPress seed article: $WP_SEED"
    log "warm-up ${WARMUP}s (WordPress article)"; warmup "$WP_BASE$WP_SEED" >/dev/null
    wrk_run "WordPress article" "$WP_BASE$WP_SEED" ""
    WP_A=("$W_RPS" "$W_P50" "$W_P99" "$W_AVG" "$W_MAX" "$W_N2" "$W_SE" "$W_REQS" "$W_OTHER_RUN" "" "$W_OTHER")
    if [ "$WP_HOME" = 1 ]; then
      warmup "$WP_BASE/" >/dev/null
      wrk_run "WordPress home" "$WP_BASE/" ""
      WP_H=("$W_RPS" "$W_P50" "$W_P99" "$W_AVG" "$W_MAX" "$W_N2" "$W_SE" "$W_REQS" "$W_OTHER_RUN" "" "$W_OTHER")
    fi
  fi
fi

# ------------------------------------------------------------------ 8. report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 > 0) printf "%.1f×", a/b; else print "–" }'; }
{
echo "# Nashir seed article benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Commit $COMMIT ($DIRTY uncommitted paths in the working tree), $(dotnet --version 2>/dev/null | head -1) SDK, $NCPU cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM; wrk on the same machine: \`wrk -t$THREADS -c$CONNS -d${DURATION}s --timeout 10s --latency -H 'User-Agent: Mozilla/5.0 …'\` after ${WARMUP}s of warm-up."
echo "Data: fresh data dir, demo content + \`demo generate --count $COUNT\` (${GEN_S} s) = ${TOTAL:-?} live articles, data dir ${DB_MB} MB. Seed article page ${SEED_BYTES} bytes, home ${HOME_BYTES} bytes."
echo
echo "| figure | Nashir | target | |"
echo "|---|---:|---:|---|"
echo "| cold start, initialized DB, to first 200 of the seed article (ms) | ${COLD_FIRST} (runs: ${COLD[*]}; median ${COLD_MED}) | < 3000 | $(pass "$COLD_FIRST" 3000 '<') |"
echo "| cold start: port accepting connections (ms, same runs) | ${LISTEN[*]} | | |"
echo "| article req/s | ${N_A[0]} | ≥ 5000 | $(pass "${N_A[0]}" 5000 '>=') |"
echo "| article p50 / p99 latency (ms) | ${N_A[1]} / ${N_A[2]} | p99 < 20 | $(pass "${N_A[2]}" 20 '<') |"
echo "| article non-2xx / socket errors | ${N_A[5]} / ${N_A[6]} | 0 | $( [ "${N_A[5]}" = 0 ] && [ "${N_A[6]}" = none ] && echo PASS || echo FAIL ) |"
echo "| article uncached (rendered every time) req/s | ${N_U[0]} | ≥ 5000 | $(pass "${N_U[0]}" 5000 '>=') |"
echo "| article uncached p50 / p99 latency (ms), non-2xx | ${N_U[1]} / ${N_U[2]}, ${N_U[5]} | p99 < 20 | $(pass "${N_U[2]}" 20 '<') |"
echo "| home req/s, p50 / p99 (ms) | ${N_H[0]}, ${N_H[1]} / ${N_H[2]} (non-2xx ${N_H[5]}) | report only | |"
echo "| RSS peak during + after the runs (MB) | ${RSS_PEAK} | < 250 | $(pass "$RSS_PEAK" 250 '<') |"
echo "| RSS idle after cold start / 5 s after the runs / VmHWM (MB) | ${RSS_IDLE} / ${RSS_AFTER} / ${HWM} | | |"
echo "| first start on an empty data dir (migrations + demo content), to first 200 of / (ms) | ${FIRST_MS} | report only | |"
echo
echo "| page | Nashir req/s | Nashir p99 ms | WordPress req/s | WordPress p99 ms | Nashir ÷ WordPress req/s |"
echo "|---|---:|---:|---:|---:|---:|"
if [ "${#WP_A[@]}" -gt 0 ]; then
  echo "| seed article | ${N_A[0]} | ${N_A[2]} | ${WP_A[0]} | ${WP_A[2]} | $(ratio "${N_A[0]}" "${WP_A[0]}") |"
  if [ "${#WP_H[@]}" -gt 0 ]; then
    echo "| home page | ${N_H[0]} | ${N_H[2]} | ${WP_H[0]} | ${WP_H[2]} | $(ratio "${N_H[0]}" "${WP_H[0]}") |"
  fi
else
  echo "| seed article | ${N_A[0]} | ${N_A[2]} | – | – | – |"
fi
echo
echo "Per run (server CPU = the Nashir process, % of one core; other CPU = everything except wrk, the servers and this script, % of all cores; quiet = other CPU just before the run):"
echo
echo "| run | requests | req/s | mean ms | p50 ms | p99 ms | max ms | non-2xx | socket errors | server CPU | other CPU | quiet |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|"
row() { local n="$1"; shift; local a=("$@"); echo "| $n | ${a[7]} | ${a[0]} | ${a[3]} | ${a[1]} | ${a[2]} | ${a[4]} | ${a[5]} | ${a[6]} | ${a[9]:+${a[9]}%} | ${a[8]}% | ${a[10]}% |"; }
row "Nashir article (warm-up: ${WARM_A} req)" "${N_A[@]}"
row "Nashir article, uncached" "${N_U[@]}"
row "Nashir home (warm-up: ${WARM_H} req)" "${N_H[@]}"
if [ "${#WP_A[@]}" -gt 0 ]; then row "WordPress article" "${WP_A[@]}"; fi
if [ "${#WP_H[@]}" -gt 0 ]; then row "WordPress home" "${WP_H[@]}"; fi
echo
echo "Nashir seed path: \`$SEED_PATH\`"
if [ "${#WP_A[@]}" -gt 0 ]; then echo "WordPress: ${WP_POSTS} published posts, seed permalink \`$WP_SEED\` (${WP_BYTES} bytes); services started by this run and stopped at its end: ${WP_STARTED[*]:-none}."; fi
if [ -n "$WP_NOTE" ]; then echo "$WP_NOTE"; fi
echo "Nashir log: ${APP_ERRORS} fail/crit entries (article-$STAMP.app.log). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Raw wrk output: article-$STAMP.raw.txt."
} > "$REPORT"
cat "$REPORT"
log "report: $REPORT"
