#!/usr/bin/env bash
# Search benchmark (issue 5) on PostgreSQL: COUNT articles of generated Arabic text, the query latency of 1-3 words.
#
#   bash bench/search-postgres.sh                 # 100,000 articles (takes /tmp/nashir-bench.lock itself)
#   COUNT=1000000 bash bench/search-postgres.sh   # the issue's 1,000,000 (generation alone is ~15 min on 2 free cores)
#
# A throwaway PostgreSQL cluster (Debian's binaries, as the tests use) on 127.0.0.1:$PG_PORT, fsync off; Release
# publish; `search generate` (bulk articles, not indexed), `search rebuild --restart` (indexing rate, tsvectors and
# GIN), `search bench` (1,000 distinct queries in-process: p50/p95/p99 wall and CPU time). Only what it started is
# stopped, by PID.
#
# Settings: COUNT=100000 QUERIES=1000 PG_PORT=5498 KEEP=0
set -euo pipefail
if [ "${NASHIR_BENCH_LOCKED:-}" != 1 ]; then export NASHIR_BENCH_LOCKED=1; exec flock /tmp/nashir-bench.lock bash "$0" "$@"; fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; ROOT="$(cd "$HERE/.." && pwd)"
COUNT="${COUNT:-100000}"; QUERIES="${QUERIES:-1000}"; PG_PORT="${PG_PORT:-5498}"; KEEP="${KEEP:-0}"
RESULTS="$HERE/results"; mkdir -p "$RESULTS"; REPORT="$RESULTS/search-postgres-$(date -u +%Y%m%dT%H%M%SZ).md"
WORK="$(mktemp -d /tmp/nashir-search-pg.XXXXXX)"; chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PG_STARTED=0
cleanup() {
  local rc=$?; set +e
  [ "$PG_STARTED" = 1 ] && as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w -t 60 stop >/dev/null
  if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT; trap 'exit 130' INT TERM

log "PostgreSQL cluster on 127.0.0.1:$PG_PORT"
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w -t 60 -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB" start >/dev/null
PG_STARTED=1
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres nashir

log "publish (Release)"
nice -n 19 timeout 900 dotnet publish "$ROOT/src/Nashir.Web" -c Release -o "$WORK/publish" --nologo -v quiet >/dev/null
export Nashir__DataDirectory="$WORK/data" Nashir__Admin__Password="bench-admin-password-1" Nashir__Site__Url="http://127.0.0.1:5094"
export Nashir__Database__Provider=Postgres Nashir__Database__ConnectionString="Host=127.0.0.1;Port=$PG_PORT;Database=nashir;Username=postgres"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 Logging__LogLevel__Default=Warning
site() { (cd "$WORK/publish" && dotnet Nashir.Web.dll "$@"); }

log "generate $COUNT articles"
t0=$(date +%s)
site search generate --count "$COUNT" --vocabulary "$HERE/vocabulary.txt" | tail -n 1
GENERATE="$COUNT articles in $(( $(date +%s) - t0 )) s"
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d nashir -qc 'ANALYZE'

log "rebuild the index"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
INDEXING=$(timeout 3600 /usr/bin/time -f "CPU %U s user + %S s system (app only)" -o "$WORK/rebuild.time" bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search rebuild --restart" | tail -n 1)
INDEXING="$INDEXING $(cat "$WORK/rebuild.time"); load avg before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$INDEXING"
as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d nashir -qc 'VACUUM ANALYZE'

log "query latency ($QUERIES queries)"
LATENCY=$(timeout 1800 bash -c "cd '$WORK/publish' && dotnet Nashir.Web.dll search bench --queries $QUERIES --vocabulary '$HERE/vocabulary.txt'" | tail -n 2)
echo "$LATENCY"
{
  echo "# Search benchmark on PostgreSQL, $(date -u +%FT%TZ), $(nproc) cores, $COUNT articles"
  echo
  echo "| figure | result |"
  echo "|---|---|"
  echo "| generation (search generate) | $GENERATE |"
  echo "| indexing (search rebuild) | $INDEXING |"
  echo "| query latency (search bench, in-process; load avg after: $(cut -d' ' -f1-3 /proc/loadavg)) | ${LATENCY//$'\n'/<br>} |"
} | tee "$REPORT"
log "report: $REPORT"
