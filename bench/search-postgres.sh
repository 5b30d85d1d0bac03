#!/usr/bin/env bash
# Search benchmark (issue 5) on PostgreSQL: COUNT articles of generated Arabic text, the query latency of 1-3 words.
#
#   bash bench/search-postgres.sh                        # 100,000 articles
#   COUNT=1000000 bash bench/search-postgres.sh          # the issue's 1,000,000 (generation alone is ~15 min on 2 free cores)
#   KEEP=1 COUNT=1000000 WORKDIR=/tmp/pg1m bash bench/search-postgres.sh   # keep the cluster and its articles
#   REUSE=1 REBUILD=0 WORKDIR=/tmp/pg1m bash bench/search-postgres.sh      # re-measure queries on the kept set
#
# A throwaway PostgreSQL cluster (Debian's binaries, as the tests use) on 127.0.0.1:$PG_PORT, fsync off; Release
# publish; `search generate` (bulk articles, not indexed), `search rebuild --restart` (indexing rate, tsvectors and
# GIN), `search bench` (QUERIES distinct queries in-process: p50/p95/p99 wall and CPU time). Publish and generation
# run under `nice -n 19` without the lock; rebuild and queries hold `flock /tmp/nashir-bench.lock` (the machine is
# shared), each under `timeout`. CPU time is given for the app and for the database's backends (the postmaster's
# reaped children). Only what it started is stopped, by PID. With REUSE=1 the kept cluster is first migrated to this
# build (timed: a new index, such as the RUM one, is built there over the existing documents). The report names the
# index shape the queries ran on: RUM (the server has Debian's postgresql-NN-rum) or GIN only.
#
# Settings: COUNT=100000 QUERIES=1000 PG_PORT=5498 KEEP=0 (1 with REUSE=1) WORKDIR= REUSE=0 REBUILD=1
#   PG_SETTINGS="-c shared_buffers=4GB -c work_mem=32MB"   server settings over the defaults above (a tuned server)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; ROOT="$(cd "$HERE/.." && pwd)"
COUNT="${COUNT:-100000}"; QUERIES="${QUERIES:-1000}"; PG_PORT="${PG_PORT:-5498}"; PG_SETTINGS="${PG_SETTINGS:-}"
REUSE="${REUSE:-0}"; KEEP="${KEEP:-$REUSE}"; REBUILD="${REBUILD:-1}"; LOCK=/tmp/nashir-bench.lock
RESULTS="$HERE/results"; mkdir -p "$RESULTS"; REPORT="$RESULTS/search-postgres-$(date -u +%Y%m%dT%H%M%SZ).md"
WORK="${WORKDIR:-$(mktemp -d /tmp/nashir-search-pg.XXXXXX)}"; mkdir -p "$WORK"; chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d nashir -qAtc "$1"; }
PG_STARTED=0
cleanup() {
  local rc=$?; set +e
  [ "$PG_STARTED" = 1 ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w -t 60 stop >/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT; trap 'exit 130' INT TERM

if [ "$REUSE" != 1 ]; then
  log "PostgreSQL cluster on 127.0.0.1:$PG_PORT"
  mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
  as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >/dev/null
fi
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w -t 120 -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB -c max_wal_size=4GB $PG_SETTINGS" start >/dev/null
PG_STARTED=1
[ "$REUSE" = 1 ] || as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres nashir
# CPU seconds of the database's finished backends (utime+stime of the postmaster's reaped children).
PG_PID=$(head -1 "$WORK/pg/postmaster.pid")
pg_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($16 + $17) / hz }' "/proc/$PG_PID/stat"; }

log "publish (Release)"
nice -n 19 timeout 900 dotnet publish "$ROOT/src/Nashir.Web" -c Release -o "$WORK/publish" --nologo -v quiet >/dev/null
export Nashir__DataDirectory="$WORK/data" Nashir__Admin__Password="bench-admin-password-1" Nashir__Site__Url="http://127.0.0.1:5094"
export Nashir__Database__Provider=Postgres Nashir__Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=nashir;Username=postgres"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 Logging__LogLevel__Default=Warning

if [ "$REUSE" != 1 ]; then
  log "generate $COUNT articles"
  t0=$(date +%s)
  nice -n 19 timeout 7200 bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search generate --count $COUNT --vocabulary '$HERE/vocabulary.txt'" | tail -n 1
  echo "$COUNT articles in $(( $(date +%s) - t0 )) s (niced, load avg $(cut -d' ' -f1-3 /proc/loadavg))" > "$WORK/generate.txt"
  psql_ 'ANALYZE'
fi
GENERATE=$(cat "$WORK/generate.txt" 2>/dev/null || echo "not measured in this run")
ARTICLES=$(psql_ 'SELECT count(*) FROM "Articles"')

exec 9>"$LOCK"
log "waiting for $LOCK"
flock 9
MIGRATION="not run (a new cluster: generation migrated it)"
if [ "$REUSE" = 1 ]; then
  log "migrate the kept cluster to this build"
  t0=$(date +%s.%N); LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  # Generating no articles is the plain "apply the migrations" of the site's binary.
  timeout 3600 bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search generate --count 0 --vocabulary '$HERE/vocabulary.txt'" >/dev/null
  MIGRATION="$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $t0 }") s (load avg before: $LOAD_BEFORE)"
fi
echo "migration: $MIGRATION"
if [ "$REBUILD" = 1 ]; then
  log "rebuild the index"
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg); DB_BEFORE=$(pg_cpu)
  INDEXING=$(timeout 5400 /usr/bin/time -f "CPU %U s user + %S s system (app)" -o "$WORK/rebuild.time" bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search rebuild --restart" | tail -n 1)
  INDEXING="$INDEXING $(cat "$WORK/rebuild.time"), $(awk "BEGIN { print $(pg_cpu) - $DB_BEFORE }") s (database); load avg before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
  psql_ 'VACUUM ANALYZE'
else
  INDEXING="not measured in this run (REBUILD=0)"
fi
echo "$INDEXING"

rel_size() { psql_ "SELECT coalesce(pg_size_pretty(pg_relation_size(to_regclass('\"$1\"'))), 'none')"; }
RUM_SIZE=$(rel_size IX_SearchDocuments_StemVector_Recency)
if [ "$RUM_SIZE" = none ]; then SHAPE="GIN only (no rum extension on this server)"; else SHAPE="RUM, newest first"; fi
INDEXES="$SHAPE; RUM index $RUM_SIZE, GIN index $(rel_size IX_SearchDocuments_StemVector), table $(psql_ "SELECT pg_size_pretty(pg_table_size('\"SearchDocuments\"'))")"
echo "index: $INDEXES"

log "query latency ($QUERIES queries)"
DB_BEFORE=$(pg_cpu)
# The whole output (the costliest queries, by wall time, with the way each was read) next to the report.
timeout 1800 bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search bench --queries $QUERIES --vocabulary '$HERE/vocabulary.txt'" > "${REPORT%.md}.raw.txt"
LATENCY=$(tail -n 2 "${REPORT%.md}.raw.txt")
sleep 2 # the app's backends exit with it; let the postmaster reap them (their CPU counts only then)
DB_QUERY_CPU=$(awk "BEGIN { printf \"%.1f\", ($(pg_cpu) - $DB_BEFORE) * 1000 / $QUERIES }")
LOAD_QUERIES=$(cut -d' ' -f1-3 /proc/loadavg)
flock -u 9
echo "$LATENCY"
echo "database CPU per query (mean over the run, warm-up included): $DB_QUERY_CPU ms"
{
  echo "# Search benchmark on PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'), $(date -u +%FT%TZ), $(nproc) cores, $ARTICLES articles ($(du -sh "$WORK/pg" | cut -f1) cluster)"
  echo
  echo "| figure | result |"
  echo "|---|---|"
  echo "| generation (search generate) | $GENERATE |"
  echo "| migration of the kept cluster | $MIGRATION |"
  echo "| indexing (search rebuild) | $INDEXING |"
  echo "| search index | $INDEXES |"
  echo "| server settings | fsync=off shared_buffers=512MB max_wal_size=4GB $PG_SETTINGS |"
  echo "| query latency (search bench, in-process; load avg after: $LOAD_QUERIES) | ${LATENCY//$'\n'/<br>}<br>database CPU per query: mean $DB_QUERY_CPU ms |"
} | tee "$REPORT"
log "report: $REPORT"
