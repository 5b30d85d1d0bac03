#!/usr/bin/env bash
# The front page's figures (issue #18): cached article and home throughput with and without an active breaking alert
# and a pinned lead, and how fast a new alert reaches cached pages on the same node and on a second node.
#
#   bash bench/frontpage.sh
#
# Steps: publish (Release) -> fresh data dir, first start (migrations + demo content with the seed article) -> Redis
# (the machine's redis-server, on a free port) and a second node on the same data -> an editor signs in with curl
# (anti-forgery token and cookie, as a browser) -> alternating rounds: state "off" (no alert, no pin) and state "on"
# (an alert posted and the seed article pinned as the lead, through /admin/front-page), each round measuring the
# cached seed article and the cached home page with wrk -> alerts posted on node 1, timed until node 1's and
# node 2's cached article pages show them -> report.
#
# Settings (environment):
#   PORT=5090 PORT2=5091     the two nodes on 127.0.0.1 (must be free)
#   ROUNDS=3 DURATION=6      rounds per state, seconds per wrk run: wrk -t$THREADS -c$CONNS -d${DURATION}s
#   THREADS=2 CONNS=64 WARMUP=8
#   ALERTS=5                 alerts timed for propagation
#   NODE2=1                  0: no second node (no Redis), propagation on node 1 only
#   QUIET_WAIT=20            before each measurement, wait at most this long for other CPU use < 25 % (shared machine)
#   KEEP=0                   1 keeps the temp dir
#
# The report goes to bench/results/latest/frontpage.md (committed) and bench/results/frontpage-<UTC>.md with the raw
# wrk output beside it. Only processes this script started are stopped, by PID. Every wait is bounded in time.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-5090}"; PORT2="${PORT2:-5091}"
ROUNDS="${ROUNDS:-3}"; DURATION="${DURATION:-6}"; THREADS="${THREADS:-2}"; CONNS="${CONNS:-64}"; WARMUP="${WARMUP:-8}"
ALERTS="${ALERTS:-5}"; NODE2="${NODE2:-1}"; KEEP="${KEEP:-0}"; QUIET_WAIT="${QUIET_WAIT:-20}"
HZ=$(getconf CLK_TCK); NCPU=$(nproc)
UA='Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
SEED_HEADLINE='البيت الأبيض يكشف تفاصيل مباحثات جو بايدن مع أمين عام حلف الناتو'
BASE="http://127.0.0.1:$PORT"; BASE2="http://127.0.0.1:$PORT2"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS="$HERE/results"; mkdir -p "$RESULTS/latest"
REPORT="$RESULTS/frontpage-$STAMP.md"; RAW="$RESULTS/frontpage-$STAMP.raw.txt"; LATEST="$RESULTS/latest/frontpage.md"
WORK="$(mktemp -d /tmp/nashir-frontpage.XXXXXX)"; PUB="$WORK/publish"; DATA="$WORK/data"; JAR="$WORK/cookies"
: > "$RAW"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

APP_PID=""; APP2_PID=""; REDIS_PID=""
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
  stop_pid "$APP2_PID"; stop_pid "$APP_PID"; stop_pid "$REDIS_PID"
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in curl dotnet wrk; do command -v "$tool" >/dev/null || die "$tool is missing"; done
for p in "$PORT" "$PORT2"; do
  if ss -ltn 2>/dev/null | awk '{print $4}' | grep -qE "(^|:)$p\$"; then die "port $p is in use; set PORT/PORT2"; fi
done

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END{ if (NR==0) print 0; else if (NR%2) print a[(NR+1)/2]; else printf "%.0f", (a[NR/2]+a[NR/2+1])/2 }'; }

busy_jiffies() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
ours_jiffies() { local s=0 p; for p in $APP_PID $APP2_PID $REDIS_PID; do s=$(( s + $(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0) )); done; echo "$s"; }
# Waits (bounded) until everything but our processes uses < 25 % of the CPUs over a second; prints that %.
wait_quiet() {
  local end=$(( $(date +%s) + QUIET_WAIT )) b0 o0 pct
  while :; do
    b0=$(busy_jiffies); o0=$(ours_jiffies); sleep 1
    pct=$(( ( ($(busy_jiffies) - b0) - ($(ours_jiffies) - o0) ) * 100 / HZ / NCPU )); [ "$pct" -lt 0 ] && pct=0
    if [ "$pct" -lt 25 ] || [ "$(date +%s)" -ge "$end" ]; then echo "$pct"; return 0; fi
  done
}
OTHER=()

wait_200() { # $1 url, $2 seconds
  local end=$(( $(date +%s) + $2 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -A "$UA" "$1" || true)" = 200 ]; do
    [ "$(date +%s)" -ge "$end" ] && return 1
    sleep 0.1
  done
}

start_node() { # $1 url, $2 log; sets LAST_PID
  ( cd "$PUB" && exec dotnet Nashir.Web.dll --urls "$1" ) >> "$2" 2>&1 &
  LAST_PID=$!
}

# ------------------------------------------------------------------ build, first start, second node
log "publishing src/Nashir.Web (Release) to $PUB"
(cd "$ROOT" && timeout 900 dotnet publish src/Nashir.Web -c Release -r linux-x64 --self-contained false -o "$PUB" -nologo -v q) > "$WORK/publish.log" 2>&1 \
  || { cat "$WORK/publish.log" >&2; die "dotnet publish failed"; }
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(cd "$ROOT" && git status --porcelain 2>/dev/null | wc -l || echo 0)

export Nashir__DataDirectory="$DATA" Nashir__Site__Url="$BASE"
export Nashir__Admin__Email="bench@nashir.test" Nashir__Admin__Password="bench-$(date +%s)-password"
mkdir -p "$DATA"
if [ "$NODE2" = 1 ]; then
  [ -x /usr/bin/redis-server ] || die "NODE2=1 needs /usr/bin/redis-server (or set NODE2=0)"
  RPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  /usr/bin/redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no > "$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  export Nashir__Redis__Configuration="127.0.0.1:$RPORT" Nashir__Redis__Channel="nashir-bench-$STAMP"
fi
log "first start (migrations + demo content)"
start_node "$BASE" "$WORK/app.log"; APP_PID=$LAST_PID
wait_200 "$BASE/" 120 || die "node 1 did not start; see $WORK/app.log"
SEED_JSON=$(curl -s --max-time 10 "$BASE/api/v1/articles?pageSize=100")
SEED_URL=$(echo "$SEED_JSON" | jq -r --arg h "$SEED_HEADLINE" '.items[] | select(.headline == $h) | .url' | head -1)
SEED_ID=$(echo "$SEED_JSON" | jq -r --arg h "$SEED_HEADLINE" '.items[] | select(.headline == $h) | .id' | head -1)
[ -n "$SEED_URL" ] || die "could not find the seed article"
SEED_PATH="/${SEED_URL#*://*/}"
if [ "$NODE2" = 1 ]; then
  # The second node: same data directory (one SQLite file, WAL), its own process and page cache, evictions over Redis.
  start_node "$BASE2" "$WORK/app2.log"; APP2_PID=$LAST_PID
  wait_200 "$BASE2$SEED_PATH" 60 || die "node 2 did not start; see $WORK/app2.log"
fi

# ------------------------------------------------------------------ the editor, through the real forms
token_of() { grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
screen() { curl -s -c "$JAR" -b "$JAR" --max-time 30 "$BASE/admin/front-page"; }
signed_in=0
for attempt in $(seq 1 20); do   # the first admin may still be on its way on a loaded machine; sign-in is idempotent
  login_page=$(curl -s -c "$JAR" -b "$JAR" --max-time 30 "$BASE/admin/login" || true)
  curl -s -o /dev/null -c "$JAR" -b "$JAR" --max-time 30 "$BASE/admin/login" \
    --data-urlencode "Input.Email=$Nashir__Admin__Email" --data-urlencode "Input.Password=$Nashir__Admin__Password" \
    --data-urlencode "__RequestVerificationToken=$(echo "$login_page" | token_of)" || true
  if screen | grep -q 'واجهة الموقع'; then signed_in=1; break; fi
  log "sign-in attempt $attempt did not reach /admin/front-page"
  sleep 3
done
[ "$signed_in" = 1 ] || die "could not sign in as the editor; see $WORK/app.log (KEEP=1 keeps it)"
post_screen() { # $1 handler, then --data-urlencode pairs; prints the HTTP status (302 = done)
  local handler="$1"; shift
  local token; token=$(screen | token_of)
  curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --max-time 30 "$BASE/admin/front-page?handler=$handler" \
    --data-urlencode "__RequestVerificationToken=$token" "$@"
}
alert_on() { post_screen Breaking --data-urlencode "Alert.Text=$1" --data-urlencode "Alert.Link=$SEED_ID" --data-urlencode "Alert.Minutes=120"; }
state_on() {
  [ "$(alert_on "عاجل: اختبار أداء شريط الأخبار العاجلة $(date +%s%N)")" = 302 ] || die "posting an alert failed"
  [ "$(post_screen Pin --data-urlencode "Pin.ArticleId=$SEED_ID" --data-urlencode "Pin.Slot=lead")" = 302 ] || die "pinning failed"
}
state_off() {
  local page alert slot
  page=$(screen)
  alert=$(echo "$page" | grep -o 'name="alertId" value="[0-9]*"' | head -1 | grep -o '[0-9]*' || true)
  slot=$(echo "$page" | grep -o 'name="slotId" value="[0-9]*"' | head -1 | grep -o '[0-9]*' || true)
  [ -z "$alert" ] || [ "$(post_screen RemoveBreaking --data-urlencode "alertId=$alert")" = 302 ] || die "removing the alert failed"
  [ -z "$slot" ] || [ "$(post_screen Unpin --data-urlencode "slotId=$slot")" = 302 ] || die "unpinning failed"
}
has_alert() { curl -s --max-time 30 -A "$UA" "$1" | grep -q 'class="breaking-text"[^>]*>[^<]'; }

# ------------------------------------------------------------------ throughput, alternating rounds
declare -A RPS P99
wrk_run() { # $1 label, $2 url -> RPS, P99 of this run appended
  local out rps p99
  OTHER+=("$(wait_quiet)")
  out=$(timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -H "User-Agent: $UA" -H "Accept-Encoding: br" "$2" || true)
  { echo "=== $1 ($(date -u +%H:%M:%S)Z, load avg $(cut -d' ' -f1-3 /proc/loadavg))"; echo "$out"; echo; } >> "$RAW"
  rps=$(echo "$out" | awk '/^Requests\/sec/{printf "%.0f", $2}'); p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  if echo "$out" | grep -q 'Non-2xx'; then log "$1: non-2xx answers!"; fi
  RPS[$1]="${RPS[$1]:-} ${rps:-0}"; P99[$1]="${P99[$1]:-} ${p99:-?}"
  log "$1: ${rps:-0} req/s, p99 ${p99:-?} (other CPU before: ${OTHER[-1]} %)"
}
log "warm-up ${WARMUP}s each (article, home)"
timeout $((WARMUP + 20)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "User-Agent: $UA" -H "Accept-Encoding: br" "$BASE$SEED_PATH" >/dev/null 2>&1 || true
timeout $((WARMUP + 20)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "User-Agent: $UA" -H "Accept-Encoding: br" "$BASE/" >/dev/null 2>&1 || true
BYTES_OFF=""; BYTES_ON=""; CACHED="yes"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="off on"; else order="on off"; fi
  for state in $order; do
    if [ "$state" = on ]; then state_on; else state_off; fi
    has_alert "$BASE$SEED_PATH" && [ "$state" = off ] && die "state off still shows an alert"
    if [ "$state" = on ] && ! has_alert "$BASE$SEED_PATH"; then die "state on shows no alert"; fi
    bytes=$(curl -s -o /dev/null -w '%{size_download}' -A "$UA" "$BASE/")
    # The output cache answers with an Age header: proof that this state's pages are served from the cache.
    for page in "$SEED_PATH" /; do
      curl -s -o /dev/null -A "$UA" -H "Accept-Encoding: br" "$BASE$page"
      curl -s -o /dev/null -D - -A "$UA" -H "Accept-Encoding: br" "$BASE$page" | grep -qi '^age:' || CACHED="no ($state $page)"
    done
    if [ "$state" = on ]; then BYTES_ON=$bytes; else BYTES_OFF=$bytes; fi
    wrk_run "article $state" "$BASE$SEED_PATH"
    wrk_run "home $state" "$BASE/"
  done
done
state_off

# ------------------------------------------------------------------ propagation of a new alert to cached pages
PROP1=(); PROP2=()
seen_within() { # $1 url, $2 text, $3 start ms -> ms until the page shows the text, or "timeout" (10 s)
  local t0="$3"
  while :; do
    if curl -s --max-time 5 -A "$UA" "$1" | grep -qF "$2"; then echo $(( $(now_ms) - t0 )); return 0; fi
    [ $(( $(now_ms) - t0 )) -gt 10000 ] && { echo timeout; return 0; }
    sleep 0.01
  done
}
POSTMS=()
for i in $(seq 1 "$ALERTS"); do
  curl -s -o /dev/null -A "$UA" "$BASE$SEED_PATH"; [ "$NODE2" = 1 ] && curl -s -o /dev/null -A "$UA" "$BASE2$SEED_PATH"   # cached on both
  text="عاجل رقم $i للقياس $(date +%s%N)"
  token=$(screen | token_of)   # the form as the editor has it open; not part of the timing
  OTHER+=("$(wait_quiet)")
  t0=$(now_ms)
  # Both nodes are watched at once, from the moment the editor presses the button.
  seen_within "$BASE$SEED_PATH" "$text" "$t0" > "$WORK/seen1" & W1=$!
  if [ "$NODE2" = 1 ]; then seen_within "$BASE2$SEED_PATH" "$text" "$t0" > "$WORK/seen2" & W2=$!; fi
  code=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --max-time 30 "$BASE/admin/front-page?handler=Breaking" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "Alert.Text=$text" --data-urlencode "Alert.Minutes=120")
  POSTMS+=("$(( $(now_ms) - t0 ))")
  [ "$code" = 302 ] || die "posting alert $i failed ($code)"
  wait "$W1"; PROP1+=("$(cat "$WORK/seen1")")
  if [ "$NODE2" = 1 ]; then wait "$W2"; PROP2+=("$(cat "$WORK/seen2")"); fi
  log "alert $i: editor's answer ${POSTMS[-1]} ms; node 1 ${PROP1[-1]} ms${PROP2:+, node 2 ${PROP2[-1]} ms} (from the editor's POST)"
  sleep 0.5
done
state_off
JSON_NOW=$(curl -s -A "$UA" "$BASE/breaking.json")
ERRORS=$(cat "$WORK"/app*.log | grep -cE '^(fail|crit):' || true)
cp "$WORK/app.log" "$RESULTS/frontpage-$STAMP.app.log"

# ------------------------------------------------------------------ report
med() { echo "$1" | tr ' ' '\n' | grep -E '^[0-9]+$' | median; }
delta() { awk -v on="$1" -v off="$2" 'BEGIN{ if (off>0) printf "%+.1f %%", (on-off)/off*100; else print "–" }'; }
verdict() { awk -v on="$1" -v off="$2" 'BEGIN{ print (off>0 && on >= off*0.9) ? "PASS" : "FAIL" }'; }
worst() { printf '%s\n' "$@" | awk '$1=="timeout"{t=1} $1~/^[0-9]+$/{ if ($1>m) m=$1 } END{ print (t ? "timeout" : m+0) }'; }
A_OFF=$(med "${RPS[article off]}"); A_ON=$(med "${RPS[article on]}"); H_OFF=$(med "${RPS[home off]}"); H_ON=$(med "${RPS[home on]}")
P1_MED=$(printf '%s\n' "${PROP1[@]}" | grep -E '^[0-9]+$' | median); P1_MAX=$(worst "${PROP1[@]}")
if [ "$NODE2" = 1 ]; then P2_MED=$(printf '%s\n' "${PROP2[@]}" | grep -E '^[0-9]+$' | median); P2_MAX=$(worst "${PROP2[@]}"); fi
{
echo "# Front page figures: breaking bar and pinned lead, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Commit $COMMIT ($DIRTY uncommitted paths), \`bash bench/frontpage.sh\` (ROUNDS=$ROUNDS DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS)."
echo "$(nproc) cores shared with other work (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)): the numbers are indicative; compare the two states of the same run, which alternate."
echo "Each run: \`wrk -t$THREADS -c$CONNS -d${DURATION}s --latency -H 'User-Agent: <browser>' -H 'Accept-Encoding: br'\` on one node (SQLite, demo content, Release build), after ${WARMUP}s of warm-up per page."
echo "\"off\": no alert, no pin. \"on\": an alert (linked to the seed article) shown on every page and the seed article pinned as the home page's lead, both set through /admin/front-page."
echo
echo "| cached page | off req/s (median) | on req/s (median) | change | target | |"
echo "|---|---:|---:|---:|---|---|"
echo "| seed article | $A_OFF | $A_ON | $(delta "$A_ON" "$A_OFF") | within 10 % | $(verdict "$A_ON" "$A_OFF") |"
echo "| home | $H_OFF | $H_ON | $(delta "$H_ON" "$H_OFF") | within 10 % | $(verdict "$H_ON" "$H_OFF") |"
echo
echo "Per run (req/s; p99): article off ${RPS[article off]} (${P99[article off]}); article on ${RPS[article on]} (${P99[article on]}); home off ${RPS[home off]} (${P99[home off]}); home on ${RPS[home on]} (${P99[home on]})."
echo "Both states served from the output cache (an Age header on a second GET of the article and the home page, every round): $CACHED."
echo "Home page size (br): off ${BYTES_OFF} bytes, on ${BYTES_ON} bytes. Other CPU just before each measurement (% of all cores; the script waits up to ${QUIET_WAIT}s for < 25 %): ${OTHER[*]}."
echo
echo "| a new alert reaches the cached seed article page | median ms | worst ms | target | |"
echo "|---|---:|---:|---|---|"
echo "| node 1 (where the editor posted) | ${P1_MED} | ${P1_MAX} | < 2000 | $( [ "$P1_MAX" != timeout ] && [ "$P1_MAX" -lt 2000 ] && echo PASS || echo FAIL ) |"
if [ "$NODE2" = 1 ]; then
  echo "| node 2 (eviction over Redis) | ${P2_MED} | ${P2_MAX} | < 2000 | $( [ "$P2_MAX" != timeout ] && [ "$P2_MAX" -lt 2000 ] && echo PASS || echo FAIL ) |"
fi
echo
echo "Measured from the start of the editor's POST until a reader's GET of the cached page shows the alert, both nodes polled at once (curl every ~10 ms); $ALERTS alerts, each page read (so cached) on both nodes just before. The editor's POST itself (commit, then eviction here and over Redis, then the redirect) took ${POSTMS[*]} ms. Node 2 is a second process on the same data directory with its own page cache; evictions reach it over Redis pub/sub."
echo "An already-open page learns of an alert from /breaking.json within its poll interval (Nashir:FrontPage:BreakingPollSeconds, 20 s by default) — not measured here; see the browser test."
echo "Samples: node 1 ${PROP1[*]} ms${PROP2:+; node 2 ${PROP2[*]} ms}. /breaking.json after the run: \`$JSON_NOW\`. App log: $ERRORS fail/crit entries. Raw wrk output: frontpage-$STAMP.raw.txt."
} > "$REPORT"
cp "$REPORT" "$LATEST"
cat "$REPORT"
log "report: $REPORT (and $LATEST)"
