#!/usr/bin/env bash
# Sitemaps of 1,000,000 articles on PostgreSQL, streamed with flat memory.
#
#   bash bench/sitemaps-postgres.sh        (takes /tmp/nashir-bench.lock itself)
#
# A throwaway PostgreSQL cluster (Debian's binaries, as the tests use) on 127.0.0.1:$PG_PORT; the app's first
# start migrates it and publishes the demo content; then $ARTICLES published articles are inserted in one SQL
# statement (generate_series; `demo generate` would take hours for a million) with short bodies and a featured
# image each. Then the index and every sitemap are fetched one after another while VmRSS is sampled every 0.2 s.
#
# Settings: PORT=5093 PG_PORT=5499 ARTICLES=1000000 KEEP=0
set -euo pipefail
if [ "${NASHIR_BENCH_LOCKED:-}" != 1 ]; then export NASHIR_BENCH_LOCKED=1; exec flock /tmp/nashir-bench.lock bash "$0" "$@"; fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; ROOT="$(cd "$HERE/.." && pwd)"
PORT="${PORT:-5093}"; PG_PORT="${PG_PORT:-5499}"; ARTICLES="${ARTICLES:-1000000}"; KEEP="${KEEP:-0}"
BASE="http://127.0.0.1:$PORT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ); RESULTS="$HERE/results"; mkdir -p "$RESULTS"; REPORT="$RESULTS/sitemaps-postgres-$STAMP.md"
WORK="$(mktemp -d /tmp/nashir-bench.XXXXXX)"; chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d nashir -v ON_ERROR_STOP=1 -q "$@"; }

APP_PID=""; SAMPLER_PID=""; PG_STARTED=0
stop_pid() { local pid="$1" i; [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0; kill -TERM "$pid"; for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL "$pid" 2>/dev/null || true; }
cleanup() {
  local rc=$?; set +e
  stop_pid "$SAMPLER_PID"; stop_pid "$APP_PID"
  [ "$PG_STARTED" = 1 ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w -t 60 stop >/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT; trap 'exit 130' INT TERM
[ -x "$PGBIN/initdb" ] || die "PostgreSQL binaries not found (apt-get install postgresql)"

log "PostgreSQL cluster on 127.0.0.1:$PG_PORT"
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w -t 60 -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
PG_STARTED=1
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres nashir

log "publishing (Release)"
(cd "$ROOT" && timeout 900 dotnet publish src/Nashir.Web -c Release -o "$WORK/publish" -nologo -v q) > "$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log" >&2; die "publish failed"; }
export Nashir__DataDirectory="$WORK/data" Nashir__Site__Url="$BASE" Nashir__Admin__Password="bench-$(date +%s)-password"
export Nashir__Database__Provider=Postgres Nashir__Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=nashir;Username=postgres"
( cd "$WORK/publish" && exec dotnet Nashir.Web.dll --urls "$BASE" ) >> "$WORK/app.log" 2>&1 & APP_PID=$!
end=$(( $(date +%s) + 120 )); until curl -s -o /dev/null "$BASE/robots.txt" || [ "$(date +%s)" -ge "$end" ]; do sleep 0.2; done

log "inserting $ARTICLES published articles"
t0=$(now_ms)
psql_ <<SQL
INSERT INTO "Articles" ("Headline", "Body", "Excerpt", "ExcerptIsCustom", "FeaturedImageUrl", "Status", "PublishAt", "Slug",
                        "CreatedAt", "UpdatedAt", "Version", "ReadCount", "IsDemo", "CommentCount", "CommentsClosed")
SELECT 'خبر تجريبي رقم ' || n, '<p>نص الخبر رقم ' || n || '.</p>', 'نص الخبر رقم ' || n, false,
       'https://images.example.org/' || n || '.jpg', 3, now() - n * interval '1 minute', 'خبر-تجريبي-' || n,
       now(), now() - n * interval '1 minute', 1, 0, true, 0, false
FROM generate_series(1, $ARTICLES) AS n;
ANALYZE "Articles";
SQL
INSERT_S=$(( ($(now_ms) - t0) / 1000 ))
TOTAL=$(psql_ -tAc 'SELECT count(*) FROM "Articles"')
log "$TOTAL articles (insert ${INSERT_S}s)"

curl -s -o /dev/null "$BASE/sitemap.xml"; curl -s -o /dev/null "$BASE/sitemaps/articles-1.xml"   # first use compiles the queries
sleep 3
RSS_BEFORE=$(rss_kb "$APP_PID")
( peak=0; end=$(( $(date +%s) + 1800 )); trap 'echo "$peak" > "$WORK/peak"; exit 0' TERM
  while [ "$(date +%s)" -lt "$end" ] && kill -0 "$APP_PID" 2>/dev/null; do r=$(rss_kb "$APP_PID"); [ "${r:-0}" -gt "$peak" ] && peak=$r; echo "$peak" > "$WORK/peak"; sleep 0.2; done ) & SAMPLER_PID=$!
t0=$(now_ms)
curl -s "$BASE/sitemap.xml" -o "$WORK/index.xml"
INDEX_MS=$(( $(now_ms) - t0 ))
FILES=0; URLS=0; BYTES=0; BAD=0; SLOWEST=0
for loc in $(grep -o '<loc>[^<]*</loc>' "$WORK/index.xml" | sed 's/<[^>]*>//g'); do
  f0=$(now_ms)
  curl -s --max-time 300 "$loc" -o "$WORK/one.xml" -w '%{http_code}' > "$WORK/code" || true
  [ "$(cat "$WORK/code")" = 200 ] || BAD=$((BAD + 1))
  ms=$(( $(now_ms) - f0 )); [ "$ms" -gt "$SLOWEST" ] && SLOWEST=$ms
  FILES=$((FILES + 1)); [ "$FILES" = 1 ] && RSS_FIRST=$(rss_kb "$APP_PID"); BYTES=$((BYTES + $(stat -c %s "$WORK/one.xml"))); URLS=$((URLS + $(grep -o '<url>' "$WORK/one.xml" | wc -l)))
done
ALL_S=$(awk -v ms=$(( $(now_ms) - t0 )) 'BEGIN{printf "%.1f", ms/1000}')
RSS_LAST=$(rss_kb "$APP_PID")
stop_pid "$SAMPLER_PID"; SAMPLER_PID=""
PEAK=$(cat "$WORK/peak"); GROWTH=$(( (PEAK - RSS_BEFORE) / 1024 )); [ "$GROWTH" -lt 0 ] && GROWTH=0
cat > "$REPORT" <<MD
# Sitemaps on PostgreSQL — $STAMP

Commit \`$(cd "$ROOT" && git rev-parse --short HEAD)\`, PostgreSQL $(basename "$(dirname "$PGBIN")") (throwaway cluster, fsync off), $TOTAL articles
($ARTICLES inserted by SQL in ${INSERT_S}s, each with a featured image).

Index in $INDEX_MS ms, then $FILES sitemaps ($URLS URLs, $((BYTES / 1024 / 1024)) MB, non-200: $BAD, slowest file $SLOWEST ms) one after another in ${ALL_S}s.
VmRSS $RSS_BEFORE kB before, peak $PEAK kB: **growth $GROWTH MB** (goal < 50 MB: $([ "$GROWTH" -lt 50 ] && echo PASS || echo FAIL)).
Flat, not growing with the article count: VmRSS $RSS_FIRST kB after the first sitemap, $RSS_LAST kB after the last.
MD
cat "$REPORT"
